import { BoundedMap, RecordedEvent } from '@hw/platform/core';
import { EventLog } from './event-log.port';

/** A stream's state as folded up to `revision` (undefined: the stream has no events yet). */
export interface Folded<S> {
  revision: bigint | undefined;
  state: S;
}

/**
 * Per-process folds of streams, brought up to date on every `read` by reading only the events
 * after the revision already folded: a stream of n events costs one indexed query returning the
 * new rows, not n rows parsed and folded again. Nothing is answered from the cache alone — every
 * read asks the log first — and across processes the append's expected revision stays the
 * arbiter. Bounded: an evicted stream is folded again from the start on its next read.
 */
export class StreamFolds<S> {
  private readonly folds: BoundedMap<string, Folded<S>>;

  constructor(
    private readonly log: EventLog,
    private readonly initial: () => S,
    /** Folds newer events into a state; may reuse (never shrink) what the state holds. */
    private readonly fold: (state: S, events: RecordedEvent[]) => S,
    limit = 10_000,
  ) {
    this.folds = new BoundedMap(limit);
  }

  async read(streamId: string): Promise<Folded<S>> {
    const cached = this.folds.get(streamId);
    const newer = await this.log.readStream(streamId, { fromRevision: cached?.revision === undefined ? 0n : cached.revision + 1n });
    if (newer.length === 0) return cached ?? { revision: undefined, state: this.initial() };
    const fresh = { revision: newer[newer.length - 1].revision, state: this.fold(cached?.state ?? this.initial(), newer) };
    this.remember(streamId, fresh);
    return fresh;
  }

  /**
   * Keeps a fold — also one this process made of its own append, so the next read need not read
   * it back — unless a later one is already kept: a read that started before a commit of this
   * process may finish after it, and must not take the fold back.
   */
  remember(streamId: string, folded: Folded<S>): void {
    const current = this.folds.get(streamId);
    if (current?.revision !== undefined && (folded.revision === undefined || folded.revision < current.revision)) return;
    this.folds.set(streamId, folded);
  }

  forget(streamId: string): void {
    this.folds.delete(streamId);
  }
}
