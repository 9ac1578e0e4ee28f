import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { Bus } from '@hw/platform/bus';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Clock, ShiftedClock } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { parkedCounts } from '@hw/platform/projections';
import { Public } from './auth/auth.guard';
import { PlatformConfig } from './config';
import { busAnswers } from './observation';
import { BUS, CLOCK, CONFIG, EVENT_LOG, READ_DB, RunnerHealth, RUNNERS, SERVICE_NAME } from './tokens';

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
  /** Readiness only: projections and the relay behind the head by more than READY_MAX_LAG_EVENTS / _SECONDS. */
  lagging?: Array<{ name: string; lagEvents: number; lagSeconds: number }>;
  /** Readiness only, distributed mode: whether the Kafka cluster answers. */
  bus?: 'ok' | 'unreachable';
  /** Only under a rehearsal clock (CLOCK_START, staging): the platform's time and the real one. */
  clock?: { platform: string; wall: string; start: string };
}

/** HealthBody as OpenAPI schemas (issue 15: a response schema for each status); names and counts only. */
class ParkedView {
  @ApiProperty({ description: 'a projection or consumer' }) name!: string;
  @ApiProperty({ type: 'integer', description: 'its parked events (dead letters)' }) parked!: number;
}
class RetryingView {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', description: 'failures in a row' }) failures!: number;
}
class LaggingView {
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer' }) lagEvents!: number;
  @ApiProperty({ type: 'integer' }) lagSeconds!: number;
}
class ClockView {
  @ApiProperty({ format: 'date-time', description: "the platform's time" }) platform!: string;
  @ApiProperty({ format: 'date-time', description: 'the real (wall) time' }) wall!: string;
  @ApiProperty({ format: 'date-time', description: 'CLOCK_START' }) start!: string;
}
class LiveView {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ description: 'the service answering' }) service!: string;
}
class HealthView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: string;
  @ApiProperty({ description: 'the service answering' }) service!: string;
  @ApiProperty({ enum: ['ok'] }) eventLog!: 'ok';
  @ApiProperty({ enum: ['ok'] }) readDb!: 'ok';
  @ApiPropertyOptional({ type: [ParkedView], description: 'projections and consumers with parked events; absent when none' })
  projections?: ParkedView[];
  @ApiPropertyOptional({ type: [RetryingView], description: 'runners retrying a failure; absent when none' }) retrying?: RetryingView[];
  @ApiPropertyOptional({ type: [LaggingView], description: 'readiness only: runners behind the head beyond the bounds' })
  lagging?: LaggingView[];
  @ApiPropertyOptional({ enum: ['ok', 'unreachable'], description: 'readiness only, distributed mode: whether Kafka answers' })
  bus?: string;
  @ApiPropertyOptional({ type: ClockView, description: 'only under a rehearsal clock (CLOCK_START)' }) clock?: ClockView;
}

/**
 * Three probes. `/health/live` is the orchestrator's liveness: the process answers, nothing else.
 * `/health` is liveness: 200 while the event log and the read database answer
 * (e2e's waitForHealth and process managers poll it), `status: 'degraded'` with details when a
 * projection has parked events or a runner keeps failing. `/health/ready` is readiness: 503
 * `NOT_READY` in those cases, when a projection or the relay lags the head beyond the
 * configured bounds, or (distributed mode) Kafka does not answer, so a load balancer stops sending reads to a service whose read
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
    @Optional() @Inject(CONFIG) private readonly config?: PlatformConfig,
    @Optional() @Inject(BUS) private readonly bus?: Bus,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
  ) {}

  /** Liveness for orchestrators: the process answers; touches nothing (a slow database must not get it restarted). */
  @Public()
  @Get('live')
  @ApiOkResponse({ type: LiveView, description: 'the process answers (no dependency is checked)' })
  @ApiOperation({ summary: 'liveness: the process answers; no dependency is checked' })
  live(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.service };
  }

  @Public()
  @Get()
  @ApiOkResponse({
    type: HealthView,
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
  @ApiOkResponse({
    type: HealthView,
    description: 'ready: log and read database answer, the bus too (Kafka), nothing parked, no runner stalled or lagging',
  })
  @ApiServiceUnavailableResponse({
    description:
      'NOT_READY: the projections with parked events (and how many), stalled runners, runners lagging beyond READY_MAX_LAG_EVENTS / READY_MAX_LAG_SECONDS, or an unreachable bus',
  })
  @ApiOperation({
    summary: 'readiness: 503 NOT_READY while a projection has parked events, a runner keeps failing or lags, or the bus is unreachable',
  })
  async ready(): Promise<HealthBody> {
    const body = await this.check();
    const stalled = (body.retrying ?? []).some((r) => r.failures >= STALLED_AFTER_FAILURES);
    const lagging = await this.lagging();
    if (lagging.length > 0) body.lagging = lagging;
    if (this.config?.BUS === 'kafka' && this.bus) body.bus = (await busAnswers(this.bus)) ? 'ok' : 'unreachable';
    if ((body.projections ?? []).length > 0 || stalled || lagging.length > 0 || body.bus === 'unreachable') {
      throw new ServiceUnavailableException({ code: 'NOT_READY', ...body, status: 'not-ready' });
    }
    return body;
  }

  /** Projections and the relay further behind the head than the configured bounds. */
  private async lagging(): Promise<Array<{ name: string; lagEvents: number; lagSeconds: number }>> {
    if (!this.runners?.observe) return [];
    const maxEvents = this.config?.READY_MAX_LAG_EVENTS ?? 1000;
    const maxSeconds = this.config?.READY_MAX_LAG_SECONDS ?? 60;
    return (await this.runners.observe())
      .filter((r) => r.lagEvents !== undefined && ((r.lagEvents ?? 0) > maxEvents || (r.lagSeconds ?? 0) > maxSeconds))
      .map((r) => ({ name: r.name, lagEvents: r.lagEvents ?? 0, lagSeconds: Math.round(r.lagSeconds ?? 0) }));
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
