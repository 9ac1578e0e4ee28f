import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { EventLog } from '@hw/platform/event-log';
import { Public } from './auth/auth.guard';
import { EVENT_LOG, READ_DB, SERVICE_NAME } from './tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(READ_DB) private readonly readDb: DataSource,
  ) {}

  /** Liveness and readiness: the event log and the read database both answer. */
  @Public()
  @Get()
  @ApiOkResponse({ description: 'the service, its event log and its read database answer' })
  async health(): Promise<{ status: 'ok'; service: string; eventLog: 'ok'; readDb: 'ok' }> {
    try {
      await this.log.streamRevision('health-probe');
      await this.readDb.query('SELECT 1');
    } catch (error) {
      throw new ServiceUnavailableException({ status: 'unavailable', service: this.service, reason: (error as Error).name });
    }
    return { status: 'ok', service: this.service, eventLog: 'ok', readDb: 'ok' };
  }
}
