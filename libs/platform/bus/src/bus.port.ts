import { RecordedEvent } from '@hw/platform/core';

/**
 * Integration events: the explicit, versioned vocabulary between contexts
 * (`<context>.<EventName>.v<N>`). They carry no personal data.
 */
export interface IntegrationEvent<T extends string = string, D = unknown> {
  /** The log event id it was derived from (travels in a Kafka header): the inbox key. */
  id: string;
  /** e.g. `registration.SeekerRegistered.v1`. */
  type: T;
  /** Partition key: the stream id, so per-stream order holds. */
  key: string;
  /** UTC instant, ISO 8601. */
  occurredAt: string;
  correlationId?: string;
  causationId?: string;
  /**
   * W3C trace context of the relay's publish (set by the relay when the log event carried one):
   * a Kafka header on the wire, never part of the message value. Consumers continue the trace.
   */
  traceparent?: string;
  /**
   * The log's global position of the event it was derived from (decimal; set by the relay): a
   * consumer states which position of its source it reflects, and waits for one (read your writes).
   */
  position?: string;
  /** Who acted (set by the relay from the event's metadata): kind, and the id of staff, organisation users and the system — never a seeker's. */
  actor?: IntegrationActor;
  data: D;
}

/** The acting principal as integration events carry it: no seeker id (contracts carry no personal data). */
export interface IntegrationActor {
  kind: 'seeker' | 'organisation-user' | 'staff' | 'system';
  id?: string;
}

/** The actor of a recorded event, as its integration event states it (a seeker's id left out). */
export const actorOf = (principal: { kind: IntegrationActor['kind']; id: string } | undefined): IntegrationActor | undefined =>
  principal === undefined ? undefined : principal.kind === 'seeker' ? { kind: 'seeker' } : { kind: principal.kind, id: principal.id };

/** An integration event without its type and data: what a relay's translation carries over from the log. */
export type IntegrationEnvelope = Omit<IntegrationEvent, 'type' | 'data'>;

/** The envelope of the integration event a recorded log event becomes: its id, stream (the key), time and causal ids. */
export const envelopeOf = (recorded: RecordedEvent): IntegrationEnvelope => ({
  id: recorded.id,
  key: recorded.streamId,
  occurredAt: recorded.metadata.occurredAt,
  correlationId: recorded.metadata.correlationId,
  causationId: recorded.metadata.causationId,
});

/** Where a delivered event came from; enough to log and to debug. */
export interface Delivery {
  topic: string;
  partition: number;
  offset: string;
}

/** A consumer group's place in one partition of a topic (lag = end − committed). */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's next offset to handle. */
  committed: string;
  /** The partition's end offset (the next offset to be written). */
  end: string;
  /** Events published and not handled by the group yet. */
  behind: number;
  /** When the oldest of them occurred, where the bus can tell (the in-process bus). */
  oldestPendingAt?: string;
}

export type IntegrationHandler = (event: IntegrationEvent, delivery: Delivery) => Promise<void>;

export interface BusSubscription {
  stop(): Promise<void>;
}

export interface ConsumerOptions {
  /** Consumer group: each group sees every event; members share partitions. */
  groupId: string;
  topics: string[];
  /** Start at the earliest retained event when the group has no committed offset (default true). */
  fromBeginning?: boolean;
}

/**
 * At-least-once delivery: an event's offset is committed only after its handler resolved;
 * a handler that throws sees it again. Handlers make themselves idempotent with an inbox.
 */
export interface Bus {
  /** Resolves once the broker has acknowledged every event. Per key, order is kept. */
  publish(topic: string, events: IntegrationEvent[]): Promise<void>;
  subscribe(options: ConsumerOptions, handler: IntegrationHandler): Promise<BusSubscription>;
  /** A consumer group's lag per partition of the topics (a topic nothing was published to yet has none). */
  lag?(groupId: string, topics: string[]): Promise<PartitionLag[]>;
  close(): Promise<void>;
}

export const BUS = Symbol('BUS');

/** One topic per publishing context (ARCHITECTURE: names). */
export const topicOf = (eventType: string): string => {
  const dot = eventType.indexOf('.');
  if (dot <= 0) throw new Error(`integration event type must be <context>.<Name>.v<N>: ${eventType}`);
  return eventType.slice(0, dot);
};
