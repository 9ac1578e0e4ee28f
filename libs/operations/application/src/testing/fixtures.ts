import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { EventToAppend, newId } from '@hw/platform/core';
import { ServiceDefinition } from '@hw/platform/nest';
import { Projection } from '@hw/platform/projections';
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

export class OpsTestRows1765000000000 implements MigrationInterface {
  name = 'OpsTestRows1765000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({ name: 'ops_test_rows', columns: [{ name: 'event_id', type: 'varchar', length: '64', isPrimary: true }] }),
      true,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ops_test_rows', true);
  }
}

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
