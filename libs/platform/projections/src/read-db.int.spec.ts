import { Client } from 'pg';
import { describeWith, postgresUrl } from '@hw/platform/testing';
import { Checkpoint, InboxEntry } from './platform-tables';
import { QueryFailedError } from 'typeorm';
import { escapeForSqlite, runSql, SQL_REWRITE, withTransaction } from './read-db';
import { eachTestWorld, postgresReadDb, sqliteReadDb } from './testing/read-dbs';
import { SAMPLE_ENTITIES, SAMPLE_MIGRATIONS } from './testing/stream-activity';

describe('openReadDataSource — SQLite', () => {
  const world = eachTestWorld(sqliteReadDb, 'readdb', { entities: SAMPLE_ENTITIES, migrations: SAMPLE_MIGRATIONS });

  it('opens better-sqlite3 in WAL with synchronous=FULL and a busy timeout, and creates tables by migration only', async () => {
    const ds = world.ds;
    expect(ds.options).toMatchObject({ type: 'better-sqlite3', synchronize: false, migrationsRun: true });
    expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await ds.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]); // FULL
    expect(await ds.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
    const migrations = (await ds.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
    expect(migrations.map((m) => m.name)).toEqual([
      'PlatformTables1764000000000',
      'SampleStreamActivity1764000000001',
      'PlatformDeadLetters1764900000000',
    ]);
  });

  it('queues concurrent transactions of one data source instead of nesting them (one rollback undoes only its own work)', async () => {
    const ds = world.ds;
    const at = new Date('2026-01-01T00:00:00.000Z');
    const failing = withTransaction(ds, async (tx) => {
      await tx.getRepository(Checkpoint).insert({ name: 'doomed', position: 1n, updatedAt: at });
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('roll me back');
    });
    const succeeding = withTransaction(ds, (tx) => tx.getRepository(Checkpoint).insert({ name: 'kept', position: 2n, updatedAt: at }));
    await expect(failing).rejects.toThrow('roll me back');
    await succeeding;
    const names = (await ds.getRepository(Checkpoint).find()).map((c) => c.name);
    expect(names).toEqual(['kept']);
  });
});

describe('runSql on better-sqlite3 (prepared statements on the driver connection, R-AUD-1 rebuild speed)', () => {
  const world = eachTestWorld(sqliteReadDb, 'readdb');

  it("escapes exactly as TypeORM's SQLite driver does: the same query text and values", async () => {
    const { driver } = world.ds;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['SELECT 1', {}],
      ['INSERT INTO t (a, b, c, d, e) VALUES (:a, :b, :c, :d, :a)', { a: 'x', b: 7, c: true, d: null }],
      ["SELECT ':b' AS literal, :missing AS m, :b.c AS dotted, b::text FROM t WHERE x = :b", { b: 1.5, 'b.c': 'dot' }],
      ['SELECT * FROM t WHERE k IN (:...ks) AND at = :at', { ks: ['a', 'b'], at: new Date('2026-12-01T00:00:00.000Z') }],
      ['UPDATE t SET f = :f WHERE k = :k', { f: false, k: 10n }],
    ];
    for (const [sql, parameters] of cases) {
      expect(escapeForSqlite(driver, sql, parameters)).toEqual(driver.escapeQueryWithParameters(sql, parameters, {}));
      expect(escapeForSqlite(driver, sql, parameters)).toEqual(driver.escapeQueryWithParameters(sql, parameters, {})); // cached template
    }
  });

  it('runs in the transaction it is given (rolled back with it), returns what tx.query returns, applies SQL_REWRITE, and fails as QueryFailedError', async () => {
    const ds = world.ds;
    await ds.query('CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, b INTEGER)');
    await ds.query('CREATE TABLE t__other (k TEXT PRIMARY KEY, n INTEGER, b INTEGER)');
    const insert = 'INSERT INTO t (k, n, b) VALUES (:k, :n, :b)';
    const values = { k: 'a', n: 7, b: true };
    // The same results as TypeORM's own query path: the last rowid of a write, rows of a read.
    const viaTypeorm = await withTransaction(ds, async (tx) => {
      const [query, params] = tx.connection.driver.escapeQueryWithParameters(insert, values, {});
      const written = await tx.query(query, params);
      const read = await tx.query('SELECT * FROM t');
      throw Object.assign(new Error('undo'), { result: { written, read } });
    }).catch((e: { result: unknown }) => e.result);
    const viaRunSql = await withTransaction(ds, async (tx) => {
      const written = await runSql(tx, insert, values);
      const read = await runSql(tx, 'SELECT * FROM t');
      throw Object.assign(new Error('undo'), { result: { written, read } });
    }).catch((e: { result: unknown }) => e.result);
    expect(viaRunSql).toEqual(viaTypeorm);
    expect(viaRunSql).toEqual({ written: 1, read: [{ k: 'a', n: 7, b: 1 }] });
    expect(await ds.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 0 }]); // rolled back with its transaction
    // A manager that rewrites its SQL (ops rebuild's shadow) is rewritten on this path too.
    await withTransaction(ds, (tx) => {
      const redirected = new Proxy(tx, {
        get: (target, prop, receiver) =>
          prop === SQL_REWRITE ? (sql: string) => sql.replace(/\bt\b/, 't__other') : (Reflect.get(target, prop, receiver) as unknown),
      });
      return runSql(redirected, insert, values);
    });
    expect(await ds.query('SELECT k FROM t__other')).toEqual([{ k: 'a' }]);
    expect(await ds.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 0 }]);
    // A failure is what tx.query throws: TypeORM's QueryFailedError around the driver's error (isTransientError, parking read it).
    const failure = await withTransaction(ds, (tx) => runSql(tx, insert, values).then(() => runSql(tx, insert, values))).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
  });
});

describeWith(['postgres'], 'openReadDataSource — PostgreSQL', () => {
  it('creates the service schema, runs migrations into it (migrations table included), and keeps instants and positions exact', async () => {
    const readDb = postgresReadDb('readdb');
    const schema = readDb.config.type === 'postgres' ? readDb.config.schema : '';
    const pg = new Client({ connectionString: postgresUrl() });
    await pg.connect();
    try {
      const ds = await readDb.open(SAMPLE_ENTITIES, SAMPLE_MIGRATIONS);
      const tables = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [
        schema,
      ]);
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        'checkpoints',
        'dead_letters',
        'inbox',
        'migrations',
        'sample_event_type_counts',
        'sample_stream_activity',
      ]);
      const types = await pg.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'inbox' ORDER BY column_name`,
        [schema],
      );
      expect(types.rows).toEqual([
        { column_name: 'consumer', data_type: 'character varying' },
        { column_name: 'event_id', data_type: 'character varying' },
        { column_name: 'processed_at', data_type: 'timestamp with time zone' },
      ]);

      const at = new Date('2026-03-31T15:00:00.123Z');
      const big = 2n ** 62n + 7n;
      await ds.getRepository(Checkpoint).insert({ name: 'x', position: big, updatedAt: at });
      await ds.getRepository(InboxEntry).insert({ consumer: 'c', eventId: 'e', processedAt: at });
      const back = await ds.getRepository(Checkpoint).findOneByOrFail({ name: 'x' });
      expect(back.position).toBe(big);
      expect(back.updatedAt.toISOString()).toBe(at.toISOString());
      // The instant is stored as an instant, whatever the session's time zone.
      const raw = await pg.query(
        `SELECT to_char(processed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS utc FROM "${schema}".inbox`,
      );
      expect(raw.rows[0].utc).toBe('2026-03-31T15:00:00.123');

      // Opening again runs nothing twice.
      const again = await readDb.open(SAMPLE_ENTITIES, SAMPLE_MIGRATIONS);
      expect((await again.query('SELECT count(*)::int AS n FROM migrations'))[0].n).toBe(3);
    } finally {
      await pg.end();
      await readDb.dispose();
    }
    const gone = new Client({ connectionString: postgresUrl() });
    await gone.connect();
    const left = await gone.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    await gone.end();
    expect(left.rowCount).toBe(0);
  });
});
