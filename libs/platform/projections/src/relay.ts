import { RecordedEvent } from '@hw/platform/core';
import { actorOf, Bus, IntegrationEvent, topicOf } from '@hw/platform/bus';
import { EventLog } from '@hw/platform/event-log';
import { ContinuedSpan, continueTrace, SpanKind } from '@hw/platform/observability';
import { DataSource } from 'typeorm';
import { CheckpointedOptions, CheckpointedSubscriber } from './checkpointed-subscriber';
import { withTransaction } from './read-db';
import { checkpoints, EventHandlingError } from './runner-support';

export interface RelayOptions extends Omit<CheckpointedOptions, 'streamPrefixes'> {
  /** Names the checkpoint (e.g. `relay-registration`). */
  name: string;
  /** The publishing context's streams. */
  streamPrefixes?: string[];
  /**
   * Domain event → integration event, or null when it is not published. The relay sets
   * `id` (the log event id: the consumers' inbox key), `key` (the stream id: per-stream
   * order), `position` (the log position) and `actor` (who acted, never a seeker's id) itself,
   * whatever translate returned.
   */
  translate: (event: RecordedEvent) => IntegrationEvent | null;
}

/**
 * The relay: a checkpointed subscription to the log that publishes integration events.
 *
 * Per batch: translate, publish (topic = the event type's context, key = stream id,
 * id = log event id) and only after the bus resolved — the broker acknowledged every
 * event — store the checkpoint. A crash between the two republishes the batch on restart:
 * consumers see a duplicate, never a gap, and their inbox drops it. A failed publish does
 * not advance: the subscription drops and resubscribes from the checkpoint with backoff.
 * Per-stream order holds: one publish per topic per batch, in log order, and the bus keeps
 * order per key.
 */
export class Relay extends CheckpointedSubscriber {
  private readonly translate: RelayOptions['translate'];
  private published = 0;

  constructor(
    log: EventLog,
    private readonly bus: Bus,
    dataSource: DataSource,
    options: RelayOptions,
  ) {
    const { name, translate, ...rest } = options;
    super(log, dataSource, name, rest);
    this.translate = translate;
  }

  /** Integration events this instance has had acknowledged. */
  get publishedCount(): number {
    return this.published;
  }

  protected async handleBatch(events: RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, IntegrationEvent[]>();
    const spans: ContinuedSpan[] = [];
    for (const event of events) {
      let translated: IntegrationEvent | null;
      let topic: string;
      try {
        translated = this.translate(event);
        if (translated === null) continue;
        topic = topicOf(translated.type);
      } catch (error) {
        throw new EventHandlingError(event, error);
      }
      const actor = actorOf(event.metadata.principal);
      const outgoing: IntegrationEvent = {
        ...translated,
        id: event.id,
        key: event.streamId,
        position: event.position.toString(),
        ...(actor ? { actor } : {}),
      };
      // The request's trace goes on: a publish span, child of the context the log event carries.
      const span = continueTrace(`publish ${translated.type}`, event.metadata.traceparent, SpanKind.PRODUCER, {
        'messaging.destination.name': topic,
        'hw.relay': this.name,
      });
      if (span) {
        spans.push(span);
        if (span.traceparent) outgoing.traceparent = span.traceparent;
      }
      const list = byTopic.get(topic);
      if (list) list.push(outgoing);
      else byTopic.set(topic, [outgoing]);
    }
    // Topics are independent (order is per key, and a key lives in one topic): publish them
    // concurrently, and advance only once all of them are acknowledged.
    try {
      await Promise.all([...byTopic].map(([topic, outgoing]) => this.bus.publish(topic, outgoing)));
    } catch (error) {
      spans.forEach((span) => span.end(error));
      throw error;
    }
    spans.forEach((span) => span.end());
    const last = events[events.length - 1].position;
    await withTransaction(this.dataSource, (tx) => checkpoints.write(tx, this.name, last));
    for (const outgoing of byTopic.values()) this.published += outgoing.length;
  }
}
