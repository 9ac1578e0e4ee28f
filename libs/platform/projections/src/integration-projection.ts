import { EntityManager } from 'typeorm';
import { DomainEvent, EventMetadata, OfType, Principal } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import { IntegrationProjection } from './inbox-consumer';
import { runSql } from './read-db';

/**
 * The metadata of a command issued because of an integration event: the event's correlation (or
 * the event itself), caused by it, at the time it happened, acting as `principal`.
 */
export const causedBy = (event: IntegrationEvent, principal: Principal): EventMetadata => ({
  correlationId: event.correlationId ?? event.id,
  causationId: event.id,
  principal,
  occurredAt: event.occurredAt,
});

/**
 * One row inserted once (`row`'s keys are its columns): a row with the same `key` already there
 * stays as it is — a fact recorded once, whatever redelivery or replay brings (SQLite and PostgreSQL).
 */
export const insertOnce = (tx: EntityManager, table: string, key: string, row: Record<string, unknown>): Promise<unknown> => {
  const columns = Object.keys(row);
  const values = columns.map((column) => `:${column}`);
  return runSql(tx, `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT (${key}) DO NOTHING`, row);
};

/** A read model of one integration event type `T` of the source's published union `U`, one row per event inserted once (`insertOnce`). */
export interface InsertOnceConsumer<U extends DomainEvent, T extends U['type']> {
  /** The consumer group. */
  name: string;
  topic: string;
  eventType: T;
  table: string;
  /** The table's key: the column(s) of its primary key or unique constraint. */
  key: string;
  row: (data: OfType<U, T>['data'], event: IntegrationEvent) => Record<string, unknown>;
}

/**
 * The IntegrationProjection of an InsertOnceConsumer, e.g. `insertOnceConsumer<MessagingIntegrationEvent>()({ eventType:
 * MessagingEvents.MessageSent, row: (d) => … })`: `row` gets that event's published payload, every other type is passed over.
 */
export const insertOnceConsumer =
  <U extends DomainEvent>() =>
  <T extends U['type']>(spec: InsertOnceConsumer<U, T>): IntegrationProjection => ({
    name: spec.name,
    topics: [spec.topic],
    tables: [spec.table],
    async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
      if (event.type !== spec.eventType) return;
      // The one cast, tied to the published payload of `T` (as in handlersByType): the producer's translate specs check it against its JSON Schema.
      await insertOnce(tx, spec.table, spec.key, spec.row(event.data as OfType<U, T>['data'], event));
    },
  });
