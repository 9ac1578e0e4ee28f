import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { IntegrationEvent } from '@hw/platform/bus';
import { newId, RecordedEvent } from '@hw/platform/core';
import { IntegrationProjection } from '../inbox-consumer';
import { Projection } from '../projection-runner';
import { tablesMigration } from '../read-db';

/**
 * A sample read model with a `text` column (PostgreSQL refuses U+0000 in it, SQLite stores it)
 * and a per-stream order check: `applied` lists the stream's applied sequence numbers, and an
 * event arriving out of order fails, so a test sees any out-of-order apply.
 */
@Entity({ name: 'sample_notes' })
export class SampleNote {
  @PrimaryColumn({ type: 'varchar', length: 300, name: 'stream_id' })
  streamId!: string;

  @Column({ type: 'text' })
  note!: string;

  /** Sequence numbers applied, comma-separated, in apply order. */
  @Column({ type: 'text' })
  applied!: string;
}

export const SampleNotes1764000000003 = tablesMigration('SampleNotes1764000000003', [
  {
    name: 'sample_notes',
    columns: [
      { name: 'stream_id', type: 'varchar', length: '300', isPrimary: true },
      { name: 'note', type: 'text' },
      { name: 'applied', type: 'text' },
    ],
  },
]);

export const NOTE_ENTITIES = [SampleNote];
export const NOTE_MIGRATIONS = [SampleNotes1764000000003];

/** A sequence number out of order for its stream: what per-stream parking must prevent. */
export class OutOfOrderError extends Error {
  constructor() {
    super('applied out of order');
    this.name = 'OutOfOrderError';
  }
}

/** Writes `{ note, seq }` into sample_notes; `fault` may throw for chosen events. */
const applyNote = async (streamId: string, data: unknown, tx: EntityManager, fault?: () => void): Promise<void> => {
  const { note, seq } = data as { note: string; seq: number };
  const notes = tx.getRepository(SampleNote);
  const current = await notes.findOneBy({ streamId });
  const done = current ? current.applied.split(',').map(Number) : [];
  if (seq !== (done.length === 0 ? 0 : done[done.length - 1] + 1)) throw new OutOfOrderError();
  fault?.();
  const row = { note: String(note), applied: [...done, seq].join(',') };
  if (current) await notes.update({ streamId }, row);
  else await notes.insert({ streamId, ...row });
};

export const notesProjection = (options: { name?: string; fault?: (event: RecordedEvent) => Error | undefined } = {}): Projection => ({
  name: options.name ?? 'sample-notes',
  streamPrefixes: ['note-'],
  tables: ['sample_notes'],
  async apply(event, tx) {
    await applyNote(event.streamId, event.data, tx, () => {
      const error = options.fault?.(event);
      if (error) throw error;
    });
  },
});

/** The fix of the U+0000 tests (text hygiene): the projection, given each note without U+0000. */
export const droppingNul = (projection: Projection): Projection => ({
  ...projection,
  apply: (event, tx) =>
    projection.apply(
      { ...event, data: { ...(event.data as object), note: String((event.data as { note: string }).note).replaceAll('\u0000', '') } },
      tx,
    ),
});

export const notesConsumer = (
  name: string,
  topics: string[],
  options: { fault?: (event: IntegrationEvent) => Error | undefined } = {},
): IntegrationProjection => ({
  name,
  topics,
  async handle(event, tx) {
    await applyNote(event.key, event.data, tx, () => {
      const error = options.fault?.(event);
      if (error) throw error;
    });
  },
});

/** One event of a notes stream; `note` stands for personal data (it must never reach a log line or a dead letter). */
export const noteEvent = (seq: number, note = `山田 花子 ${seq}`) => ({
  id: newId(),
  type: 'NoteWritten',
  schemaVersion: 1,
  data: { note, seq },
  metadata: {
    correlationId: newId(),
    principal: { kind: 'system' as const, id: 'test' },
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  },
});

export const noteIntegrationEvent = (topic: string, key: string, seq: number, note = `山田 花子 ${seq}`): IntegrationEvent => ({
  id: newId(),
  type: `${topic}.NoteWritten.v1`,
  key,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  data: { note, seq },
});

/** A transient failure as better-sqlite3 reports a lock: retried, never parked. */
export const sqliteBusy = (): Error => Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });

/** A dropped PostgreSQL connection as pg reports it. */
export const connectionLost = (): Error => new Error('Connection terminated unexpectedly');
