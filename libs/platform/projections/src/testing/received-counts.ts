import { IntegrationEvent } from '@hw/platform/bus';
import { newId } from '@hw/platform/core';
import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { IntegrationProjection } from '../inbox-consumer';
import { tablesMigration } from '../read-db';

/**
 * A deliberately NON-idempotent read model fed by integration events: a counter per key.
 * Applied twice, an event shows up as a count of 2; only the inbox keeps it exact.
 */
@Entity({ name: 'sample_received_counts' })
export class ReceivedCount {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'integer' })
  received!: number;

  @Column({ type: 'varchar', length: 200, name: 'last_type' })
  lastType!: string;

  /** The `seq` of the last applied event: per-key order makes this the highest one. */
  @Column({ type: 'integer', name: 'last_seq' })
  lastSeq!: number;
}

export const SampleReceivedCounts1764000000002 = tablesMigration('SampleReceivedCounts1764000000002', [
  {
    name: 'sample_received_counts',
    columns: [
      { name: 'key', type: 'varchar', length: '200', isPrimary: true },
      { name: 'received', type: 'integer' },
      { name: 'last_type', type: 'varchar', length: '200' },
      { name: 'last_seq', type: 'integer' },
    ],
  },
]);

export const RECEIVED_ENTITIES = [ReceivedCount];
export const RECEIVED_MIGRATIONS = [SampleReceivedCounts1764000000002];

export const receivedCountsProjection = (
  name: string,
  topics: string[],
  options: { fault?: (event: IntegrationEvent) => boolean } = {},
): IntegrationProjection => ({
  name,
  topics,
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    const counts = tx.getRepository(ReceivedCount);
    const last = { lastType: event.type, lastSeq: Number((event.data as { seq?: number }).seq ?? 0) };
    // Atomic increment: two consumer groups may count the same key at once (a read-then-save
    // loses one of the two increments under READ COMMITTED).
    await counts
      .createQueryBuilder()
      .insert()
      .values({ key: event.key, received: 0, ...last })
      .orIgnore()
      .execute();
    await counts.increment({ key: event.key }, 'received', 1);
    await counts.update({ key: event.key }, last);
    if (options.fault?.(event)) throw new Error('injected handler fault');
  },
});

export const integrationEvent = (topic: string, key: string, seq: number): IntegrationEvent => ({
  id: newId(),
  type: `${topic}.SampleHappened.v1`,
  key,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  data: { seq },
});
