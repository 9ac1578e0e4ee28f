import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SqliteEventLog } from '@hw/platform/event-log';
import { openReadModels } from '@hw/platform/nest';
import { ReadDbConfig } from '@hw/platform/projections';
import { describeWith, dropSchema, eventually, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { countsDefinition, event, ops, tempDataDir } from './testing/fixtures';

const ROOT = join(__dirname, '..', '..', '..', '..');

interface Served {
  checkpoint: string | null;
  head: string;
  counts: Array<{ stream_id: string; n: number | string; total: number | string }>;
  last: Array<{ streamId: string; eventId: string; revision: number }>;
}

/** The truth, from the log: per stream, how many events, the sum of their values and the last one. */
const truthOf = async (log: SqliteEventLog) => {
  const events = await log.readAll({ streamPrefixes: ['opscount-'] });
  const byStream = new Map<string, { n: number; total: number; last: string; revision: number }>();
  for (const e of events) {
    const s = byStream.get(e.streamId) ?? { n: 0, total: 0, last: '', revision: -1 };
    byStream.set(e.streamId, {
      n: s.n + 1,
      total: s.total + (e.data as { value: number }).value,
      last: e.id,
      revision: Number(e.revision),
    });
  }
  return [...byStream].sort(([a], [b]) => (a < b ? -1 : 1));
};

const promoteSuite = (
  label: string,
  port: number,
  dbOf: (dataDir: string) => { db: ReadDbConfig; env: Record<string, string>; cleanUp: () => Promise<void> },
) => {
  it(`${label}: R-AUD-1: rebuild --promote builds shadow tables while a running service keeps serving and writing, swaps them in one transaction; the service then serves the promoted tables and its runner goes on from a consistent checkpoint (no event lost or applied twice)`, async () => {
    const dataDir = tempDataDir();
    const { db, env: dbEnv, cleanUp } = dbOf(dataDir);
    const logFile = join(dataDir, 'events.sqlite');
    const log = new SqliteEventLog({ file: logFile });
    let sequence = 0;
    const append = async () => {
      const stream = `opscount-${sequence % 7}`;
      sequence += 1;
      await log.append(stream, [event('Counted', { value: sequence })], 'any');
    };
    for (let i = 0; i < 400; i++) await append();

    // The running service, its own process (as the services run).
    const child = spawn(process.execPath, ['-r', './tools/register.js', join(__dirname, 'testing', 'live-service.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        LIVE_LOG_FILE: logFile,
        LIVE_PORT: String(port),
        LIVE_READ_DB: db.type,
        ...(db.type === 'sqlite' ? { LIVE_READ_FILE: db.file } : { DATABASE_URL: db.url, LIVE_SCHEMA: db.schema }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childOutput = '';
    child.stdout.on('data', (d) => (childOutput += d));
    child.stderr.on('data', (d) => (childOutput += d));
    const served = async (): Promise<Served> => {
      const response = await fetch(`http://127.0.0.1:${port}/counts`);
      if (!response.ok) throw new Error(`the service answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Served;
    };
    const ops_ = { env: { DATA_DIR: dataDir, ...dbEnv } };
    let own: DataSource | undefined;
    try {
      await eventually(async () => expect((await served()).checkpoint).toBe(log.headPosition().toString()), 60_000, 100);
      // Drift in the live model (a bad deploy's writes, a hand edit): the rebuild's reason to be.
      own = await openReadModels(db, countsDefinition());
      await own.query(`UPDATE ops_test_counts SET n = 999 WHERE stream_id = 'opscount-3'`);

      // Writes go on during the rebuild and the promote; the service is read all along.
      let writing = true;
      const readFailures: string[] = [];
      const writer = (async () => {
        while (writing) {
          await append();
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const reader = (async () => {
        while (writing) {
          await served().catch((error: Error) => readFailures.push(error.message));
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const result = await ops(
        ['rebuild', 'ops-test-counts', '--promote', '--operator', 'ops-sato', '--reason', 'drift in opscount-3'],
        ops_.env,
        [countsDefinition()],
      );
      for (let i = 0; i < 50; i++) await append(); // after the promote, too
      writing = false;
      await Promise.all([writer, reader]);

      expect(result.err).not.toMatch(/failed/);
      expect(result.code).toBe(0);
      // The parity report shows the drift it replaced, by key.
      expect(result.out).toContain('ops-test-counts: the rebuilt read model DIFFERS from the live one');
      // Compared at one position (the live checkpoint, the live writer held): only the drifted row differs.
      expect(result.lines[1]).toMatch(/^ops_test_counts\s+7\s+7\s+6\s+1\s+1$/);
      expect(result.lines[2]).toMatch(/^ops_test_last\s+7\s+7\s+7\s+0\s+0$/);
      expect(result.out).toContain('  ops_test_counts: live-only row {"stream_id":"opscount-3"}');
      expect(result.out).toContain('  ops_test_counts: shadow-only row {"stream_id":"opscount-3"}');
      expect(result.out).toMatch(/ops-test-counts: PROMOTED — the rebuilt tables are live at position \d+/);
      expect(readFailures).toEqual([]);

      // The running service serves the promoted tables, caught up through its own runner: every
      // stream's count and sum equal the log's (a lost or doubled event would show), drift gone.
      const truth = await truthOf(log);
      await eventually(
        async () => {
          const now = await served();
          expect(now.checkpoint).toBe(log.headPosition().toString());
          expect(now.counts.map((c) => [c.stream_id, Number(c.n), Number(c.total)])).toEqual(truth.map(([s, t]) => [s, t.n, t.total]));
          expect(now.last.map((l) => [l.streamId, l.eventId, l.revision])).toEqual(truth.map(([s, t]) => [s, t.last, t.revision]));
        },
        60_000,
        100,
      );
      // Canonical names: the promoted tables and their indexes carry the live ones' names; no shadow is left.
      const names = (await own.query(
        db.type === 'postgres'
          ? `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'ops_test_%' UNION ALL SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '%shadow%'`
          : `SELECT name FROM sqlite_master WHERE (tbl_name LIKE 'ops_test_%' AND type = 'index' AND sql IS NOT NULL) OR name LIKE '%shadow%'`,
      )) as Array<{ name: string }>;
      expect(
        names
          .map((n) => n.name)
          .filter((n) => !/pkey|autoindex|^PK_/.test(n))
          .sort(),
      ).toEqual(['IDX_ops_test_counts_n', 'IDX_ops_test_last_event']);
      // Recorded with who and why (issue 12: operator actions are events).
      const recorded = await log.readAll({ streamPrefixes: ['operations-'] });
      expect(recorded.map((e) => [e.type, (e.data as { operator: string }).operator, (e.data as { reason: string }).reason])).toEqual([
        ['ReadModelPromoted', 'ops-sato', 'drift in opscount-3'],
      ]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- the service's output:\n${childOutput}`);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await own?.destroy();
      await log.close();
      await cleanUp();
    }
  }, 120_000);
};

describe('ops rebuild --promote on the embedded default (SQLite read DB)', () => {
  promoteSuite('sqlite', 3670, (dataDir) => ({
    db: { type: 'sqlite', file: join(dataDir, 'quota.read.sqlite') },
    env: {},
    cleanUp: async () => undefined,
  }));
});

describeWith(['postgres'], 'ops rebuild --promote with READ_DB=postgres', () => {
  promoteSuite('postgres', 3671, () => {
    const prefix = `${uniqueSchema('opsp')}_`;
    return {
      db: { type: 'postgres', url: postgresUrl(), schema: `${prefix}quota` },
      env: { READ_DB: 'postgres', DATABASE_URL: postgresUrl(), READ_DB_SCHEMA_PREFIX: prefix },
      cleanUp: () => dropSchema(`${prefix}quota`),
    };
  });
});
