/**
 * The event envelope shared by the log and the bus.
 * Every event carries id, type, schema version, data and metadata
 * (correlation id, causation id, acting principal, time).
 */
export interface Principal {
  kind: 'seeker' | 'organisation-user' | 'staff' | 'system';
  id: string;
}

export interface EventMetadata {
  correlationId: string;
  causationId?: string;
  principal: Principal;
  /** UTC instant, ISO 8601, from the command's clock. */
  occurredAt: string;
  /** Free extra keys (never personal data). */
  [key: string]: unknown;
}

/** An event about to be appended. */
export interface EventToAppend<T extends string = string, D = unknown> {
  id: string;
  type: T;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
}

/** An event as stored in the log. */
export interface RecordedEvent<T extends string = string, D = unknown> extends EventToAppend<T, D> {
  streamId: string;
  /** 0-based position inside its stream. */
  revision: bigint;
  /** Global, strictly increasing position in the whole log. */
  position: bigint;
  /** When the log stored it (UTC). */
  recordedAt: Date;
}
