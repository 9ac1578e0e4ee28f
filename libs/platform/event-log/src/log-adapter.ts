import { EventToAppend } from '@hw/platform/core';
import {
  AppendResult,
  BatchHandler,
  DuplicateEventIdError,
  EventLog,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from './event-log.port';
import { LiveSubscriptions, LogSource } from './log-subscription';

/** Why an append — one stream, or several committed together — is malformed (no stream, a stream without events, a stream named twice), or undefined. */
export const invalidMultiAppend = (appends: StreamAppend[]): string | undefined => {
  if (appends.length === 0) return 'append needs at least one stream';
  const empty = appends.find((a) => a.events.length === 0);
  if (empty) return `append needs at least one event for stream ${empty.streamId}`;
  const twice = appends.find((a, i) => appends.findIndex((b) => b.streamId === a.streamId) !== i);
  if (twice) return `a multi-stream append names stream ${twice.streamId} twice`;
  return undefined;
};

/**
 * Refuses an event id named twice in one append (DuplicateEventIdError); `seen` carries the ids
 * across the streams of one transaction.
 */
export const refuseRepeatedIds = (streamId: string, events: EventToAppend[], seen = new Set<string>()): void => {
  for (const event of events) {
    if (seen.has(event.id)) throw new DuplicateEventIdError(event.id, streamId);
    seen.add(event.id);
  }
};

/** The position of a multi-stream append: its streams' greatest, the transaction's last event. */
export const lastPosition = (results: AppendResult[]): bigint => results.reduce((max, r) => (r.position > max ? r.position : max), 0n);

/**
 * What the two adapters share around their own reads and writes: refusing an append after close
 * or a malformed one, live subscriptions over the adapter's reads (woken by this connection's
 * appends: `live.appended()`), and closing once — every subscription stopped before the adapter
 * lets go of its connection (`release`).
 */
export abstract class LogAdapter implements Pick<EventLog, 'subscribe' | 'close'> {
  protected closed = false;
  protected readonly live: LiveSubscriptions;

  protected constructor(pollIntervalMs: number) {
    this.live = new LiveSubscriptions(pollIntervalMs);
  }

  /** The head and the reads a subscription polls, filtered by its stream prefixes. */
  protected abstract source(streamPrefixes: string[] | undefined): Pick<LogSource, 'head' | 'read'>;

  /** Lets go of the connection, once no subscription runs. */
  protected abstract release(): Promise<void> | void;

  /** Why these appends cannot be taken now (closed, malformed), or undefined. */
  protected refusal(appends: StreamAppend[]): Error | undefined {
    if (this.closed) return new Error('event log is closed');
    const invalid = invalidMultiAppend(appends);
    return invalid === undefined ? undefined : new Error(invalid);
  }

  subscribe(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    return this.live.open(this.source(options.streamPrefixes), handler, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.live.stopAll();
    await this.release();
  }
}
