import { EventMetadata, newId, tokyoDay } from '@hw/platform/core';
import { EventLog, StreamFolds, WrongExpectedRevisionError } from '@hw/platform/event-log';
import {
  dailyQuotaDecider,
  DailyQuotaState,
  dailyQuotaStreamId,
  decideReservations,
  ReserveMessageQuota,
} from '@hw/messaging/domain';

interface Pending {
  command: ReserveMessageQuota;
  metadata: EventMetadata;
  resolve: (outcome: 'reserved' | 'already-reserved') => void;
  reject: (error: unknown) => void;
}

const MAX_ATTEMPTS = 200;

/**
 * R-MSG-2 exactly, fast: group commit per daily-quota stream.
 *
 * Sends of one registration queue per stream (`daily-quota-<registrationId>-<yyyymmdd>`, the day
 * from each send's own instant). One worker per stream takes the whole queue, brings its cached
 * state up to date (reading only events after the revision it knows), decides every
 * reservation at once, and appends them in ONE append with the expected revision. The log is
 * the arbiter across processes: SQLite takes the write lock (BEGIN IMMEDIATE) and checks the
 * revision inside it; EventStoreDB checks it on the server. A conflict (another process
 * appended) re-reads and re-decides the same queue — nothing is counted until an append wins.
 */
export class QuotaGate {
  private readonly queues = new Map<string, Pending[]>();
  private readonly running = new Set<string>();
  /** Each day's state; old days and idle registrations are folded again on demand. */
  private readonly known: StreamFolds<DailyQuotaState>;

  constructor(private readonly log: EventLog) {
    this.known = new StreamFolds(log, dailyQuotaDecider.initialState, (state, events) =>
      events.reduce((s, r) => dailyQuotaDecider.evolve(s, { type: r.type, data: r.data } as never), state),
    );
  }

  /**
   * Reserves the message's place on the Japan-time day of its instant. `retry`: the message id
   * comes from an idempotency key, so this may be a retry of a send that reserved before
   * midnight and crashed before its message was recorded — found on the previous day, it is
   * counted there, once (R-MSG-8, R-MSG-2). Idempotency keys are honoured across one midnight.
   */
  async reserve(command: ReserveMessageQuota, metadata: EventMetadata, retry = false): Promise<{ outcome: 'reserved' | 'already-reserved'; day: string }> {
    const day = tokyoDay(command.data.at);
    if (retry) {
      const previousDay = tokyoDay(new Date(command.data.at.getTime() - 86_400_000)); // JST has no daylight saving
      const previous = await this.known.read(dailyQuotaStreamId(command.data.registrationId, previousDay));
      if (previous.state.status === 'in-use' && previous.state.messageIds.has(command.data.messageId)) return { outcome: 'already-reserved', day: previousDay };
    }
    const outcome = await this.enqueue(dailyQuotaStreamId(command.data.registrationId, day), command, metadata);
    return { outcome, day };
  }

  private enqueue(streamId: string, command: ReserveMessageQuota, metadata: EventMetadata): Promise<'reserved' | 'already-reserved'> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(streamId) ?? [];
      queue.push({ command, metadata, resolve, reject });
      this.queues.set(streamId, queue);
      if (!this.running.has(streamId)) void this.drain(streamId);
    });
  }

  private async drain(streamId: string): Promise<void> {
    this.running.add(streamId);
    try {
      for (;;) {
        const batch = this.queues.get(streamId) ?? [];
        this.queues.delete(streamId);
        if (batch.length === 0) return;
        await this.commit(streamId, batch);
      }
    } finally {
      this.running.delete(streamId);
      if ((this.queues.get(streamId)?.length ?? 0) > 0) void this.drain(streamId);
    }
  }

  private async commit(streamId: string, batch: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const known = await this.known.read(streamId);
        const { outcomes, events, state } = decideReservations(known.state, batch.map((p) => p.command));
        let revision = known.revision;
        const reservedBy = outcomes.flatMap((o, i) => (o.outcome === 'reserved' ? [i] : []));
        if (events.length > 0) {
          const result = await this.log.append(
            streamId,
            events.map((event, i) => ({
              id: newId(),
              type: event.type,
              schemaVersion: 1,
              data: event.data,
              metadata: batch[reservedBy[i]].metadata, // R-MSG-7: who reserved it
            })),
            revision === undefined ? 'no_stream' : revision,
          );
          revision = result.nextRevision;
        }
        this.known.remember(streamId, { revision, state });
        outcomes.forEach((outcome, i) => {
          if (outcome.outcome === 'refused') batch[i].reject(outcome.error);
          else batch[i].resolve(outcome.outcome);
        });
        return;
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS) {
          // Another process won this revision: jittered pause, then re-read and re-decide.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt * 2)));
          continue;
        }
        this.known.forget(streamId);
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
  }
}
