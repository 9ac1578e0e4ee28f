import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EventToAppend, newId } from '@hw/platform/core';
import { ServiceDefinition } from '@hw/platform/nest';
import { Projection, runSql, tablesMigration } from '@hw/platform/projections';
import { Output } from '../output';
import { runOps, RunOptions } from '../cli';

/** A read model of the tests' own: one row per applied event; an event with `poison` fails while `broken` is on. */
export const testProjection = (state: { broken: boolean }): Projection => ({
  name: 'ops-test-rows',
  streamPrefixes: ['opstest-'],
  tables: ['ops_test_rows'],
  async apply(event, tx) {
    if ((event.data as { poison?: boolean }).poison && state.broken) throw new TypeError('cannot apply this event');
    await tx.query(
      'INSERT INTO ops_test_rows (event_id) VALUES ($1)'.replace('$1', tx.connection.options.type === 'postgres' ? '$1' : '?'),
      [event.id],
    );
  },
});

export const OpsTestRows1765000000000 = tablesMigration('OpsTestRows1765000000000', [
  { name: 'ops_test_rows', columns: [{ name: 'event_id', type: 'varchar', length: '64', isPrimary: true }] },
]);

export const testDefinition = (state: { broken: boolean }): ServiceDefinition => ({
  service: 'quota',
  migrations: [OpsTestRows1765000000000],
  projections: [testProjection(state)],
});

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'hw-ops-'));

export const signingKeyPem = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export const event = (type: string, data: unknown, at = '2026-12-01T00:00:00.000Z'): EventToAppend => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId: newId(), causationId: newId(), principal: { kind: 'staff', id: 'staff-1' }, occurredAt: at },
});

/** Runs the command line in this process; returns its exit code and what it printed. */
export const ops = async (
  argv: string[],
  env: NodeJS.ProcessEnv,
  definitions: ServiceDefinition[],
  now?: () => Date,
  revealer?: RunOptions['revealer'],
) => {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runOps(argv, { definitions: () => definitions, env, output, now, revealer });
  return { code, out: out.join('\n'), err: err.join('\n'), lines: out };
};

/**
 * A read model that folds each stream in order — a count per stream (raw SQL, the column
 * qualified by its table) and the last event applied (through an entity's repository) — so an
 * event lost or applied twice by a rebuild or a promote shows in the rows.
 */
@Entity({ name: 'ops_test_last' })
export class OpsTestLast {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'stream_id' })
  streamId!: string;

  @Column({ type: 'varchar', length: 64, name: 'event_id' })
  eventId!: string;

  @Column({ type: 'integer' })
  revision!: number;
}

export const countsProjection: Projection = {
  name: 'ops-test-counts',
  streamPrefixes: ['opscount-'],
  tables: ['ops_test_counts', 'ops_test_last'],
  async apply(event, tx) {
    await runSql(
      tx,
      `INSERT INTO ops_test_counts (stream_id, n, total) VALUES (:stream, 1, :value)
       ON CONFLICT (stream_id) DO UPDATE SET n = ops_test_counts.n + 1, total = ops_test_counts.total + excluded.total`,
      { stream: event.streamId, value: (event.data as { value?: number }).value ?? 0 },
    );
    await tx.getRepository(OpsTestLast).save({ streamId: event.streamId, eventId: event.id, revision: Number(event.revision) });
  },
};

export const OpsTestCounts1765000000001 = tablesMigration('OpsTestCounts1765000000001', [
  {
    name: 'ops_test_counts',
    columns: [
      { name: 'stream_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'n', type: 'integer' },
      { name: 'total', type: 'integer' },
    ],
    indices: [{ name: 'IDX_ops_test_counts_n', columnNames: ['n'] }],
  },
  {
    name: 'ops_test_last',
    columns: [
      { name: 'stream_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'event_id', type: 'varchar', length: '64' },
      { name: 'revision', type: 'integer' },
    ],
    indices: [{ name: 'IDX_ops_test_last_event', columnNames: ['event_id'], isUnique: true }],
  },
]);

export const countsDefinition = (): ServiceDefinition => ({
  service: 'quota',
  entities: [OpsTestLast],
  migrations: [OpsTestCounts1765000000001],
  projections: [countsProjection],
});
