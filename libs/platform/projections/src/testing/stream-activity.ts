import { EventToAppend, newId, RecordedEvent } from '@hw/platform/core';
import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { Projection } from '../projection-runner';
import { bigintTransformer } from '../platform-tables';
import { instantColumnType, tablesMigration } from '../read-db';

/**
 * A small, realistic read model for the runner's tests and bench: per seeker stream, how
 * many events, the last one's type, revision, position and time, and the seeker's status;
 * plus a count per event type. Every value derives from the events (nothing from the
 * clock), so a rebuild must reproduce it row for row.
 */
@Entity({ name: 'sample_stream_activity' })
export class StreamActivity {
  @PrimaryColumn({ type: 'varchar', length: 200, name: 'stream_id' })
  streamId!: string;

  @Column({ type: 'integer', name: 'event_count' })
  eventCount!: number;

  @Column({ type: 'varchar', length: 200, name: 'last_event_type' })
  lastEventType!: string;

  @Column({ type: 'bigint', name: 'last_revision', transformer: bigintTransformer })
  lastRevision!: bigint;

  @Column({ type: 'bigint', name: 'last_position', transformer: bigintTransformer })
  lastPosition!: bigint;

  @Column({ type: Date, name: 'last_recorded_at' })
  lastRecordedAt!: Date;

  /** 'active' | 'stopped' */
  @Column({ type: 'varchar', length: 16 })
  status!: string;
}

@Entity({ name: 'sample_event_type_counts' })
export class EventTypeCount {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  type!: string;

  @Column({ type: 'integer' })
  count!: number;
}

export const SampleStreamActivity1764000000001 = tablesMigration('SampleStreamActivity1764000000001', (queryRunner) => [
  {
    name: 'sample_stream_activity',
    columns: [
      { name: 'stream_id', type: 'varchar', length: '200', isPrimary: true },
      { name: 'event_count', type: 'integer' },
      { name: 'last_event_type', type: 'varchar', length: '200' },
      { name: 'last_revision', type: 'bigint' },
      { name: 'last_position', type: 'bigint' },
      { name: 'last_recorded_at', type: instantColumnType(queryRunner) },
      { name: 'status', type: 'varchar', length: '16' },
    ],
  },
  {
    name: 'sample_event_type_counts',
    columns: [
      { name: 'type', type: 'varchar', length: '200', isPrimary: true },
      { name: 'count', type: 'integer' },
    ],
  },
]);

export const SAMPLE_ENTITIES = [StreamActivity, EventTypeCount];
export const SAMPLE_MIGRATIONS = [SampleStreamActivity1764000000001];
export const SAMPLE_TABLES = ['sample_stream_activity', 'sample_event_type_counts'];

export const SEEKER_EVENT_TYPES = ['SeekerRegistered', 'ProfileUpdated', 'SeekerStoppedUse', 'SeekerResumedUse'] as const;

const statusAfter = (current: string, type: string): string =>
  type === 'SeekerStoppedUse' ? 'stopped' : type === 'SeekerResumedUse' || type === 'SeekerRegistered' ? 'active' : current;

/** A stream's row after one more of its events (`current`: the row before it, if any). */
const activityAfter = (current: StreamActivity | null | undefined, event: RecordedEvent): Omit<StreamActivity, 'streamId'> => ({
  eventCount: (current?.eventCount ?? 0) + 1,
  lastEventType: event.type,
  lastRevision: event.revision,
  lastPosition: event.position,
  lastRecordedAt: event.recordedAt,
  status: statusAfter(current?.status ?? 'active', event.type),
});

/** The projection; `fault` lets a test make it throw on chosen events. */
export const streamActivityProjection = (
  options: { name?: string; fault?: (event: RecordedEvent) => boolean; onApply?: (event: RecordedEvent) => void } = {},
): Projection => ({
  name: options.name ?? 'sample-stream-activity',
  streamPrefixes: ['seeker-'],
  tables: SAMPLE_TABLES,
  async apply(event: RecordedEvent, tx: EntityManager): Promise<void> {
    options.onApply?.(event);
    const streams = tx.getRepository(StreamActivity);
    const current = await streams.findOneBy({ streamId: event.streamId });
    const row = activityAfter(current, event);
    // insert/update rather than save(): save() reloads the row to diff it (a third query).
    if (current) await streams.update({ streamId: event.streamId }, row);
    else await streams.insert({ streamId: event.streamId, ...row });
    // The fault strikes after this event's first write: the rollback must undo it.
    if (options.fault?.(event)) throw new Error(`injected fault; seeker name ${String((event.data as { name?: string }).name)}`);
    const types = tx.getRepository(EventTypeCount);
    const counted = await types.increment({ type: event.type }, 'count', 1);
    if (!counted.affected) await types.insert({ type: event.type, count: 1 });
  },
});

/** The read model the projection must produce, folded in memory from the log. */
export const expectedStreamActivity = (events: RecordedEvent[]): { streams: StreamActivity[]; types: EventTypeCount[] } => {
  const streams = new Map<string, StreamActivity>();
  const types = new Map<string, number>();
  for (const event of events) {
    if (!event.streamId.startsWith('seeker-')) continue;
    streams.set(event.streamId, { streamId: event.streamId, ...activityAfter(streams.get(event.streamId), event) });
    types.set(event.type, (types.get(event.type) ?? 0) + 1);
  }
  return {
    streams: [...streams.values()].sort((a, b) => a.streamId.localeCompare(b.streamId)),
    types: [...types].map(([type, count]) => ({ type, count })).sort((a, b) => a.type.localeCompare(b.type)),
  };
};

/** Full, sorted dumps of both tables (what the read model IS, row by row). */
export const dumpStreamActivity = async (manager: EntityManager): Promise<{ streams: StreamActivity[]; types: EventTypeCount[] }> => {
  const streams = await manager.getRepository(StreamActivity).find();
  const types = await manager.getRepository(EventTypeCount).find();
  return {
    streams: streams.map((r) => ({ ...r })).sort((a, b) => a.streamId.localeCompare(b.streamId)),
    types: types.map((r) => ({ ...r })).sort((a, b) => a.type.localeCompare(b.type)),
  };
};

/** Events for one seeker stream; `name` is personal data that must never reach a log line. */
export const seekerEvents = (count: number, offset = 0): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const type = n === 0 ? 'SeekerRegistered' : SEEKER_EVENT_TYPES[1 + ((n * 7) % 3)];
    return {
      id: newId(),
      type,
      schemaVersion: 1,
      data: { name: `山田 太郎 ${n}`, step: n },
      metadata: {
        correlationId: newId(),
        principal: { kind: 'seeker', id: 'seeker-principal' },
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      },
    };
  });
