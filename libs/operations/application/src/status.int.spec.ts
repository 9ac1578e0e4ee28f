import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventLog } from '@hw/platform/event-log';
import { openReadModels } from '@hw/platform/nest';
import { Checkpoint, ProjectionRunner, ReadDbConfig } from '@hw/platform/projections';
import { describeWith, dropSchema, eventually, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { event, ops, tempDataDir, testDefinition } from './testing/fixtures';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** One test service on the SQLite log of `env.DATA_DIR`, its read DB as configured. */
const setUp = async (dataDir: string, db: ReadDbConfig) => {
  const log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
  const state = { broken: false };
  const definition = testDefinition(state);
  const dataSource = await openReadModels(db, definition);
  const runner = new ProjectionRunner(log, dataSource, definition.projections![0], { logger: quiet, backoff: { initialMs: 5, maxMs: 20 } });
  const project = async () => {
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
  };
  return { log, state, definition, dataSource, runner, project };
};

const statusSuite = (
  label: string,
  dbOf: (dataDir: string) => { db: ReadDbConfig; env: NodeJS.ProcessEnv; cleanUp: () => Promise<void> },
) => {
  let fixture: Awaited<ReturnType<typeof setUp>>;
  let env: NodeJS.ProcessEnv;
  let cleanUp: () => Promise<void>;

  beforeEach(async () => {
    const dataDir = tempDataDir();
    const configured = dbOf(dataDir);
    env = { DATA_DIR: dataDir, ...configured.env };
    cleanUp = configured.cleanUp;
    // The fixture's log is the file the command line opens (DATA_DIR/events.sqlite).
    fixture = await setUp(dataDir, configured.db);
  });

  afterEach(async () => {
    await fixture.runner.stop();
    await fixture.dataSource.destroy();
    await fixture.log.close();
    await cleanUp();
  });

  it(`${label}: a caught-up projection is ok at the head; status exits 0`, async () => {
    const appended = await fixture.log.append('opstest-a', [event('Happened', { n: 1 }), event('Happened', { n: 2 })], 'no_stream');
    await fixture.project();
    const result = await ops(['status', '--json'], env, [fixture.definition]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.head).toBe(appended.position.toString());
    expect(report.rows).toEqual([
      expect.objectContaining({
        service: 'quota',
        kind: 'projection',
        name: 'ops-test-rows',
        checkpoint: appended.position.toString(),
        behindEvents: 0,
        lagSeconds: 0,
        parked: 0,
        state: 'ok',
      }),
    ]);
  });

  it(`${label}: events not yet projected show as lag in events and seconds; older than --stall-seconds it is stalled and exits 1`, async () => {
    await fixture.log.append('opstest-a', [event('Happened', { n: 1 })], 'no_stream');
    await fixture.project();
    await fixture.log.append(
      'opstest-b',
      [event('Happened', { n: 2 }), event('Happened', { n: 3 }), event('Happened', { n: 4 })],
      'no_stream',
    );
    await fixture.log.append('other-stream', [event('Ignored', {})], 'no_stream'); // not its prefix: no lag

    const fresh = await ops(['status', '--json'], env, [fixture.definition]);
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.out).rows[0]).toEqual(expect.objectContaining({ behindEvents: 3, state: 'behind' }));

    const later = () => new Date(Date.now() + 120_000);
    const stalled = await ops(['status', '--stall-seconds', '60'], env, [fixture.definition], later);
    expect(stalled.code).toBe(1);
    expect(stalled.out).toMatch(/ops-test-rows\s+1\s+3\s+1[12]\ds\s+0\s+stalled/);
    expect(stalled.out).toContain('ops-test-rows: 3 event(s) pending');
  });

  it(`${label}: a checkpoint beyond the log's head (a read database restored from a newer backup) exits 1 and says so`, async () => {
    const appended = await fixture.log.append('opstest-a', [event('Happened', { n: 1 })], 'no_stream');
    await fixture.project();
    await fixture.dataSource.getRepository(Checkpoint).update({ name: 'ops-test-rows' }, { position: appended.position + 10n });
    const result = await ops(['status'], env, [fixture.definition]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`ops-test-rows: checkpoint ${appended.position + 10n} is beyond the log's head ${appended.position}`);
    expect(result.out).toMatch(/ops-test-rows\s+\d+\s+0\s+0s\s+0\s+beyond-head/);
  });

  it(`${label}: a parked event makes status exit 1; retry-parked after the fix applies it, is recorded with operator and reason, and status is 0 again`, async () => {
    fixture.state.broken = true;
    await fixture.log.append('opstest-a', [event('Happened', { n: 1 }), event('Happened', { poison: true })], 'no_stream');
    const last = await fixture.log.append('opstest-b', [event('Happened', { n: 3 })], 'no_stream');
    // The runner parks the poisoned event after its attempts and goes on to the head.
    await fixture.runner.start();
    await eventually(async () => {
      const checkpoint = await fixture.dataSource.getRepository(Checkpoint).findOneBy({ name: 'ops-test-rows' });
      expect(checkpoint?.position).toBe(last.position);
    });
    await fixture.runner.stop();
    const parked = await ops(['status'], env, [fixture.definition]);
    expect(parked.code).toBe(1);
    expect(parked.out).toContain('ops-test-rows: 1 parked event(s)');

    const refused = await ops(['retry-parked', 'ops-test-rows', '--operator', 'ops-yamada'], env, [fixture.definition]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--reason is required');

    // Still broken: it stays parked, exit 1.
    const again = await ops(['retry-parked', 'ops-test-rows', '--operator', 'ops-yamada', '--reason', 'first try'], env, [
      fixture.definition,
    ]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('applied 0, still parked 1');

    fixture.state.broken = false;
    const retried = await ops(['retry-parked', 'ops-test-rows', '--operator', 'ops-yamada', '--reason', 'fix deployed (INC-7)'], env, [
      fixture.definition,
    ]);
    expect(retried.code).toBe(0);
    expect(retried.out).toContain('applied 1, still parked 0');
    const rows = await fixture.dataSource.query('SELECT COUNT(*) AS n FROM ops_test_rows');
    expect(Number(rows[0].n)).toBe(3);
    expect((await ops(['status'], env, [fixture.definition])).code).toBe(0);

    const recorded = (await fixture.log.readAll({ streamPrefixes: ['operations-'] })).map((e) => ({
      type: e.type,
      data: e.data,
      principal: e.metadata.principal,
    }));
    expect(recorded).toEqual([
      {
        type: 'ParkedEventsRetried',
        data: expect.objectContaining({
          projection: 'ops-test-rows',
          applied: 0,
          stillParked: 1,
          operator: 'ops-yamada',
          reason: 'first try',
        }),
        principal: { kind: 'staff', id: 'ops-yamada' },
      },
      {
        type: 'ParkedEventsRetried',
        data: expect.objectContaining({
          projection: 'ops-test-rows',
          applied: 1,
          stillParked: 0,
          operator: 'ops-yamada',
          reason: 'fix deployed (INC-7)',
        }),
        principal: { kind: 'staff', id: 'ops-yamada' },
      },
    ]);
  });

  it(`${label}: R-AUD-1: rebuild --dry-run prints the plan; rebuild builds shadow tables beside the live ones, reports parity row by row and the differing rows' keys, and a drifted live table DIFFERS (exit 1)`, async () => {
    await fixture.log.append('opstest-a', [event('Happened', { n: 1 }), event('Happened', { n: 2 })], 'no_stream');
    await fixture.log.append('opstest-b', [event('Happened', { n: 3 })], 'no_stream');
    await fixture.log.append('other-stream', [event('Ignored', {})], 'no_stream');
    await fixture.project();

    const plan = await ops(['rebuild', 'ops-test-rows', '--dry-run'], env, [fixture.definition]);
    expect(plan.code).toBe(0);
    expect(plan.lines[1]).toBe('  replay 3 event(s) of its streams from position 0 (live checkpoint: 3, parked: 0)');
    expect(plan.lines[2]).toBe('  table ops_test_rows: 3 live row(s) → built into ops_test_rows__shadow');

    const equal = await ops(
      ['rebuild', 'ops-test-rows', '--compare', '--operator', 'ops-sato', '--reason', 'quarterly parity check'],
      env,
      [fixture.definition],
    );
    expect(equal.code).toBe(0);
    expect(equal.lines).toEqual([
      expect.stringMatching(/^TABLE/),
      expect.stringMatching(/^ops_test_rows\s+3\s+3\s+3\s+0\s+0$/),
      'ops-test-rows: the rebuilt read model equals the live one',
      expect.stringMatching(/^ops-test-rows: rebuilt from the log, 3 event\(s\) in [\d.]+ s \(\d+ events\/s\)$/),
      expect.stringMatching(
        /^ops-test-rows: compared at the live checkpoint, position 3; the live writer was held \d+ ms while the shadow applied the last 0 event\(s\)$/,
      ),
    ]);
    // Progress goes to stderr as plain lines when not on a terminal.
    expect(equal.err).toMatch(/ops-test-rows: position 3 \/ 3 \(100%\), 3 event\(s\) applied, [\d,]+ events\/s, ETA 0 s/);

    await fixture.dataSource.query(
      `UPDATE ops_test_rows SET event_id = 'drifted' WHERE event_id = (SELECT MIN(event_id) FROM ops_test_rows)`,
    );
    const drifted = await ops(['rebuild', 'ops-test-rows', '--compare', '--operator', 'ops-sato', '--reason', 'after the incident'], env, [
      fixture.definition,
    ]);
    expect(drifted.code).toBe(1);
    expect(drifted.lines[1]).toMatch(/^ops_test_rows\s+3\s+3\s+2\s+1\s+1$/);
    expect(drifted.lines[2]).toBe('ops-test-rows: the rebuilt read model DIFFERS from the live one');
    // The differences, by key columns (ids only).
    expect(drifted.lines[3]).toBe('  ops_test_rows: live-only row {"event_id":"drifted"}');
    expect(drifted.lines[4]).toMatch(/^ {2}ops_test_rows: shadow-only row \{"event_id":"[0-9a-f-]{36}"\}$/);
    // The live read model is untouched by the comparison, and no shadow table is left behind.
    const leftOver = await fixture.dataSource.query(
      fixture.dataSource.options.type === 'postgres'
        ? `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '%\\_\\_shadow'`
        : `SELECT name FROM sqlite_master WHERE name LIKE '%\\_\\_shadow%' ESCAPE '\\'`,
    );
    expect(leftOver).toEqual([]);
    expect(Number((await fixture.dataSource.query(`SELECT COUNT(*) AS n FROM ops_test_rows WHERE event_id = 'drifted'`))[0].n)).toBe(1);
    const recorded = await fixture.log.readAll({ streamPrefixes: ['operations-'] });
    expect(recorded.map((e) => [e.type, (e.data as { equal: boolean }).equal, (e.data as { reason: string }).reason])).toEqual([
      ['ReadModelCompared', true, 'quarterly parity check'],
      ['ReadModelCompared', false, 'after the incident'],
    ]);
  });

  it(`${label}: retry-parked of an unknown name is a usage error naming the known ones`, async () => {
    const result = await ops(['retry-parked', 'nope', '--operator', 'o', '--reason', 'r'], env, [fixture.definition]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('no projection or consumer named nope; known: ops-test-rows');
  });
};

describe('ops status and retry-parked on the embedded default (SQLite read DB)', () => {
  statusSuite('sqlite', (dataDir) => ({
    db: { type: 'sqlite', file: join(dataDir, 'quota.read.sqlite') },
    env: {},
    cleanUp: async () => undefined,
  }));

  it('a service whose read database does not exist yet is reported, not created', async () => {
    const dataDir = tempDataDir();
    const result = await ops(['status'], { DATA_DIR: dataDir }, [testDefinition({ broken: false })]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/quota\s+projection\s+ops-test-rows\s+-\s+-\s+-\s+0\s+no-read-db/);
    expect(existsSync(join(dataDir, 'quota.read.sqlite'))).toBe(false);
  });
});

describeWith(['postgres'], 'ops status and retry-parked with READ_DB=postgres', () => {
  statusSuite('postgres', () => {
    const prefix = `${uniqueSchema('ops')}_`;
    return {
      db: { type: 'postgres', url: postgresUrl(), schema: `${prefix}quota` },
      env: { READ_DB: 'postgres', DATABASE_URL: postgresUrl(), READ_DB_SCHEMA_PREFIX: prefix },
      cleanUp: () => dropSchema(`${prefix}quota`),
    };
  });
});
