import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Clock, ShiftedClock } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { parkedCounts } from '@hw/platform/projections';
import { Public } from './auth/auth.guard';
import { CLOCK, EVENT_LOG, READ_DB, RunnerHealth, RUNNERS, SERVICE_NAME } from './tokens';

/** A projection runner or relay failing this many times in a row (≈ 3 s of backoff and more) counts as stalled. */
export const STALLED_AFTER_FAILURES = 5;

export interface HealthBody {
  status: 'ok' | 'degraded' | 'not-ready';
  service: string;
  eventLog: 'ok';
  readDb: 'ok';
  /** Projections and consumers with parked events (dead letters); absent when none. */
  projections?: Array<{ name: string; parked: number }>;
  /** Projection runners (and the relay) retrying a failure; absent when none. */
  retrying?: Array<{ name: string; failures: number }>;
  /** Only under a rehearsal clock (CLOCK_START, staging): the platform's time and the real one. */
  clock?: { platform: string; wall: string; start: string };
}

/**
 * Two probes. `/health` is liveness: 200 while the event log and the read database answer
 * (e2e's waitForHealth and process managers poll it), `status: 'degraded'` with details when a
 * projection has parked events or a runner keeps failing. `/health/ready` is readiness: 503
 * `NOT_READY` in those cases, so a load balancer stops sending reads to a service whose read
 * models have fallen behind the log instead of serving them silently (a parked event is a
 * message a thread does not show). Neither carries event data: names and counts only.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(READ_DB) private readonly readDb: DataSource,
    @Optional() @Inject(RUNNERS) private readonly runners?: RunnerHealth,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({
    description: "the service, its event log and its read database answer; 'degraded' lists parked events and failing runners",
  })
  @ApiOperation({
    summary: "liveness: the service, its event log and its read database answer ('degraded' names parked events and failing runners)",
  })
  async health(): Promise<HealthBody> {
    return this.check();
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'ready: nothing parked, no runner stalled' })
  @ApiServiceUnavailableResponse({ description: 'NOT_READY: the projections with parked events (and how many), or stalled runners' })
  @ApiOperation({ summary: 'readiness: 503 NOT_READY while a projection has parked events or a runner keeps failing' })
  async ready(): Promise<HealthBody> {
    const body = await this.check();
    const stalled = (body.retrying ?? []).some((r) => r.failures >= STALLED_AFTER_FAILURES);
    if ((body.projections ?? []).length > 0 || stalled) {
      throw new ServiceUnavailableException({ code: 'NOT_READY', ...body, status: 'not-ready' });
    }
    return body;
  }

  private async check(): Promise<HealthBody> {
    let parked: Array<{ projection: string; parked: number }>;
    try {
      await this.log.streamRevision('health-probe');
      await this.readDb.query('SELECT 1');
      parked = await parkedCounts(this.readDb);
    } catch (error) {
      throw new ServiceUnavailableException({ status: 'unavailable', service: this.service, reason: (error as Error).name });
    }
    const retrying = this.runners?.retrying() ?? [];
    const body: HealthBody = { status: 'ok', service: this.service, eventLog: 'ok', readDb: 'ok' };
    if (this.clock instanceof ShiftedClock)
      body.clock = {
        platform: this.clock.now().toISOString(),
        wall: this.clock.wallNow().toISOString(),
        start: this.clock.start.toISOString(),
      };
    if (parked.length === 0 && retrying.length === 0) return body;
    body.status = 'degraded';
    if (parked.length > 0) body.projections = parked.map((p) => ({ name: p.projection, parked: p.parked }));
    if (retrying.length > 0) body.retrying = retrying;
    return body;
  }
}
