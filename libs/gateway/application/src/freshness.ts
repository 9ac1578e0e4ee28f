import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@hw/platform/core';
import { Bus, BUS } from '@hw/platform/bus';
import { EVENT_LOG, EventLog } from '@hw/platform/event-log';
import { CLOCK, LastWrites, READ_DB, waitUntilReflected } from '@hw/platform/nest';
import { consumerName, Source, SOURCES, TOPIC_OF } from './consumers';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.config';
import { num, rows, str } from './sql';

/** How current one source's part of an answer is. */
export interface SourceFreshness {
  source: Source;
  topic: string;
  /** The newest log position of this source the gateway has applied ("0": none yet). */
  position: string;
  /** When that event occurred. */
  lastEventAt: string | null;
  /** Events of this source the gateway has applied, in all. */
  applied: number;
  /** Published and not applied yet (the consumer group's lag on the bus); null when the bus cannot tell. */
  behindEvents: number | null;
  /**
   * 0 when nothing is pending; else the age of the oldest pending event (the in-process bus knows
   * it) or, where the bus cannot tell (Kafka), an upper bound: the seconds since the newest applied event.
   */
  lagSeconds: number | null;
}

/** The freshness every answer states: per source, its position and lag; and the position it was asked to wait for. */
export interface Freshness {
  asOf: string;
  sources: SourceFreshness[];
  behindEvents: number | null;
  lagSeconds: number | null;
  /** The log position this answer was asked to reflect (X-Log-Position, or the caller's own last action here). */
  waitedFor?: string;
}

/** The source a stream's events come from, by the stream id the integration events are keyed by. */
export const sourceOfStream = (streamId: string): Source | undefined => {
  if (streamId.startsWith('registration-') || streamId.startsWith('seeker-')) return 'registration';
  if (streamId.startsWith('thread-')) return 'messaging';
  if (streamId.startsWith('complaint-') || streamId.startsWith('consultation-')) return 'complaints';
  if (streamId.startsWith('report-')) return 'reporting';
  return undefined;
};

const LAG_CACHE_MS = 250;

/**
 * Freshness and read-your-writes. Every integration event carries the log position it was
 * derived from (the relay sets it); the consumers keep, per source, the newest position applied
 * and, per projected stream, its own. "Reflects position P" means: the stream P belongs to has
 * been applied up to P (per-key order), or its source has applied a later event and has nothing
 * pending on the bus (every published event up to P is applied).
 */
@Injectable()
export class FreshnessService {
  private readonly lags = new Map<Source, { at: number; value: Promise<{ behind: number; oldest?: string } | null> }>();
  /** Each staff member's last forwarded action here (read your writes without a header), bounded. */
  private readonly ownWrites = new LastWrites(10_000);

  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Remembers a staff member's action at `position`: their later reads here wait for it. */
  wrote(staff: string, position: bigint): void {
    this.ownWrites.wrote(staff, position);
  }

  /** The position a read must reflect: the one named, or the caller's own last action, whichever is later. */
  positionToRead(staff: string, named: bigint | undefined): bigint | undefined {
    return this.ownWrites.positionToRead(staff, named);
  }

  private lagOf(source: Source, fresh = false): Promise<{ behind: number; oldest?: string } | null> {
    const cached = this.lags.get(source);
    const now = Date.now();
    if (cached && !fresh && now - cached.at < LAG_CACHE_MS) return cached.value;
    const value = (async () => {
      if (!this.bus.lag) return null;
      try {
        const partitions = await this.bus.lag(consumerName(source), [TOPIC_OF[source]]);
        const pending = partitions.filter((p) => p.behind > 0);
        const oldest = pending
          .map((p) => p.oldestPendingAt)
          .filter((t): t is string => typeof t === 'string')
          .sort()[0];
        return { behind: pending.reduce((sum, p) => sum + p.behind, 0), ...(oldest ? { oldest } : {}) };
      } catch {
        return null;
      }
    })();
    this.lags.set(source, { at: now, value });
    return value;
  }

  async current(waitedFor?: bigint): Promise<Freshness> {
    const stored = await rows<{ source: string; position: unknown; last_event_at: unknown; applied: unknown }>(
      this.db,
      'SELECT source, position, last_event_at, applied FROM gateway_sources',
    );
    const now = this.clock.now().getTime();
    const sources: SourceFreshness[] = [];
    for (const source of SOURCES) {
      const row = stored.find((r) => r.source === source);
      const lag = await this.lagOf(source);
      const lastEventAt = str(row?.last_event_at);
      const lagSeconds =
        lag === null
          ? null
          : lag.behind === 0
            ? 0
            : lag.oldest
              ? Math.max(0, Math.round((now - new Date(lag.oldest).getTime()) / 1000))
              : lastEventAt
                ? Math.max(0, Math.round((now - new Date(lastEventAt).getTime()) / 1000))
                : null;
      sources.push({
        source,
        topic: TOPIC_OF[source],
        position: String(num(row?.position)),
        lastEventAt,
        applied: num(row?.applied),
        behindEvents: lag?.behind ?? null,
        lagSeconds,
      });
    }
    const known = <T>(values: Array<T | null>): T[] | null => (values.some((v) => v === null) ? null : (values as T[]));
    const behind = known(sources.map((s) => s.behindEvents));
    const lags = known(sources.map((s) => s.lagSeconds));
    return {
      asOf: new Date(now).toISOString(),
      sources,
      behindEvents: behind ? behind.reduce((a, b) => a + b, 0) : null,
      lagSeconds: lags ? Math.max(0, ...lags) : null,
      ...(waitedFor !== undefined ? { waitedFor: waitedFor.toString() } : {}),
    };
  }

  /** The stream of the event at `position` in the log, when there is one. */
  async streamAt(position: bigint): Promise<string | undefined> {
    const [event] = await this.log.readAll({ after: position > 0n ? position - 1n : undefined, maxCount: 1 });
    return event && event.position === position ? event.streamId : undefined;
  }

  /**
   * Whether the read models reflect the event at `position` of `streamId` (see the class comment);
   * true for a stream no source here publishes (nothing here could reflect it).
   */
  async reflects(position: bigint, streamId: string): Promise<boolean> {
    const source = sourceOfStream(streamId);
    if (!source) return true;
    const [stream] = await rows<{ position: unknown }>(this.db, 'SELECT position FROM gateway_streams WHERE stream_id = :stream', {
      stream: streamId.slice(0, 300),
    });
    if (stream && BigInt(num(stream.position)) >= position) return true;
    // An event of the stream that is never published (an internal one): a later event of its
    // source applied with nothing pending means every published event up to it is applied.
    const [applied] = await rows<{ position: unknown }>(this.db, 'SELECT position FROM gateway_sources WHERE source = :source', { source });
    if (!applied || BigInt(num(applied.position)) <= position) return false;
    const lag = await this.lagOf(source, true);
    return lag !== null && lag.behind === 0;
  }

  /** Waits (bounded by GATEWAY_WAIT_MS) until the read models reflect `position`; 503 READ_MODEL_BEHIND after. */
  async waitFor(position: bigint | undefined): Promise<void> {
    if (position === undefined) return;
    const streamId = await this.streamAt(position);
    if (!streamId) return; // no event there: nothing this answer could reflect
    await waitUntilReflected(() => this.reflects(position, streamId), {
      waitMs: this.config.waitMs,
      pauseMs: (round) => (round < 10 ? 10 : 50),
      behind: async () => ({
        message: `the gateway's read models have not reached log position ${position} yet; retry shortly`,
        position: position.toString(),
        freshness: await this.current(),
      }),
    });
  }
}
