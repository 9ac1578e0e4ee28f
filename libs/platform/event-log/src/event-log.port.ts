import { EventToAppend, PlatformError, RecordedEvent } from '@hw/platform/core';

/** Expected revision of a stream when appending (optimistic concurrency). */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: bigint;
  /** Global position of the last appended event. */
  position: bigint;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamAppend {
  streamId: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
}

export interface MultiAppendResult {
  /** One per `StreamAppend`, in the order given. */
  results: AppendResult[];
  /** Global position of the last appended event. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive start revision; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  after?: bigint;
  maxCount?: number;
  /** Only events whose stream id starts with one of these prefixes. */
  streamPrefixes?: string[];
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after it. Omit for the whole log. */
  after?: bigint;
  streamPrefixes?: string[];
  /** Events handed to the handler at once (it may commit them in one transaction). */
  batchSize?: number;
}

/**
 * Handler of a subscription: receives events in global order, in batches.
 * The subscription waits for the returned promise before delivering more;
 * a rejection stops the subscription (the caller resubscribes from its checkpoint).
 */
export type BatchHandler = (events: RecordedEvent[]) => Promise<void>;

export interface Subscription {
  /** Resolves once the subscription has delivered everything written before it was called. */
  caughtUp(): Promise<void>;
  /** Stops delivering; resolves when the in-flight batch has finished. */
  stop(): Promise<void>;
  /** Rejects if the subscription dropped with an error. */
  readonly done: Promise<void>;
}

/**
 * The event log: the source of truth (seeker consent, registration lifecycles, every message sent).
 * Two adapters honour one contract: SQLite (embedded) and EventStoreDB (distributed).
 */
export interface EventLog {
  /**
   * Appends atomically. Re-appending events whose ids are already stored in that stream,
   * at the same place, returns the original result and writes nothing (idempotent retry).
   * @throws WrongExpectedRevisionError on a concurrency conflict.
   */
  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several distinct streams atomically: each stream's expected revision is checked
   * and a conflict on any of them appends nothing to any (WrongExpectedRevisionError naming that
   * stream). A retry of the same appends returns the original results and writes nothing.
   * R-MSG-2: a quota reservation and its message are committed together or not at all.
   */
  appendMulti(appends: StreamAppend[]): Promise<MultiAppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<bigint | undefined>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch up from the checkpoint, then stay live, in global order. */
  subscribe(handler: BatchHandler, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends PlatformError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | undefined,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no stream' : String(actual)}`);
  }
}

/** Appending events with ids already stored elsewhere (another stream or another place) is refused. */
export class DuplicateEventIdError extends PlatformError {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`event ${eventId} is already stored, not as this retry of ${streamId} expects`);
  }
}

export const EVENT_LOG = Symbol('EVENT_LOG');
