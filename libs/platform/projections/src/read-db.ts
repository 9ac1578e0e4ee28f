import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import {
  DataSource,
  DataSourceOptions,
  EntityManager,
  MigrationInterface,
  MixedList,
  QueryFailedError,
  QueryRunner,
  Table,
  TableOptions,
} from 'typeorm';

/**
 * Where a service keeps its read models.
 * - embedded: one SQLite file per service (better-sqlite3, WAL, synchronous=FULL);
 * - distributed: one PostgreSQL schema per service in a shared database.
 */
export type ReadDbConfig = { type: 'sqlite'; file: string } | { type: 'postgres'; url: string; schema: string };

export interface ReadDbOptions {
  /** SQLite: how long a writer waits for another connection's lock before SQLITE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
  /** PostgreSQL: pool size (default 10). */
  poolSize?: number;
  /** Log SQL (debugging only: parameters may carry personal data). */
  logging?: boolean;
}

/* eslint-disable @typescript-eslint/no-unsafe-function-type */
type Classes = MixedList<Function>;
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

/** A schema name we can put into DDL and a search_path without quoting games. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const assertSchemaName = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`read-db schema must match ${SCHEMA_NAME} (lower-case identifier), got ${JSON.stringify(schema)}`);
  }
  return schema;
};

/**
 * TypeORM options for a read database. Never `synchronize`: the caller's migrations (plus
 * PLATFORM_MIGRATIONS) run on initialize (`migrationsRun`), each in its own transaction.
 */
export const readDataSourceOptions = (
  config: ReadDbConfig,
  entities: Classes,
  migrations: Classes,
  options: ReadDbOptions = {},
): DataSourceOptions => {
  const common = {
    entities,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: options.logging ?? false,
  };
  if (config.type === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.file,
      // better-sqlite3's busy timeout: a writer waits this long for another connection's lock.
      timeout: options.busyTimeoutMs ?? 5000,
      enableWAL: true,
      // The bundled SQLite defaults to synchronous=NORMAL in WAL: a committed checkpoint could be
      // lost on power loss while the broker already has the events. FULL makes a commit durable.
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('synchronous = FULL');
      },
    };
  }
  const schema = assertSchemaName(config.schema);
  return {
    ...common,
    type: 'postgres',
    url: config.url,
    // Entities, migrations and the migrations table live in the service's schema; the
    // search_path makes unqualified raw SQL (e.g. DELETE FROM <table> on rebuild) land there too.
    schema,
    poolSize: options.poolSize ?? 10,
    extra: { options: `-c search_path=${schema}` },
  };
};

/** CREATE SCHEMA IF NOT EXISTS, on its own connection, before TypeORM runs migrations into it. */
export const ensurePostgresSchema = async (url: string, schema: string): Promise<void> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${assertSchemaName(schema)}"`);
  } catch (error) {
    // Two services starting at once may race on the catalog; the schema exists either way.
    if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42P06') throw error;
  } finally {
    await client.end();
  }
};

/**
 * Opens (initialises) a service's read database and runs pending migrations.
 * Pass the service's entities and migrations together with PLATFORM_ENTITIES and
 * PLATFORM_MIGRATIONS (checkpoints and inbox).
 */
export const openReadDataSource = async (
  config: ReadDbConfig,
  entities: Classes,
  migrations: Classes,
  options: ReadDbOptions = {},
): Promise<DataSource> => {
  if (config.type === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
  } else {
    await ensurePostgresSchema(config.url, config.schema);
  }
  // Several processes opening one new SQLite file together (service replicas at start-up) can
  // meet SQLITE_BUSY where SQLite does not wait (the switch to WAL) or in each other's
  // migrations: start again after a short random pause. Migrations are idempotent per name.
  for (let attempt = 1; ; attempt++) {
    const dataSource = new DataSource(readDataSourceOptions(config, entities, migrations, options));
    try {
      await dataSource.initialize();
      return dataSource;
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      const code = String((error as { code?: string }).code ?? '');
      // "already exists": another process ran the same migration first; on the next try
      // the migrations table says so and it is skipped.
      const busy =
        code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || /database is locked|already exists/.test(String(error));
      if (config.type !== 'sqlite' || !busy || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 100 * Math.min(attempt, 5)));
    }
  }
};

export const isSqliteDataSource = (dataSource: DataSource): boolean =>
  dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';

export const isPostgresDataSource = (dataSource: DataSource): boolean => dataSource.options.type === 'postgres';

/**
 * The column type of a UTC instant, for migrations written with the Table API:
 * `timestamptz` on PostgreSQL, `datetime` on SQLite (TypeORM stores UTC there).
 * Entities declare such a column as `@Column({ type: Date })`, which both drivers accept.
 */
export const instantColumnType = (queryRunner: QueryRunner): string =>
  queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';

/**
 * A migration that only creates tables (portable Table API, if they do not exist yet), in the
 * order given, and drops them in reverse. `name` is what TypeORM records it by (it ends in a
 * 13-digit timestamp, as a migration class's name does); `tables` may depend on the query
 * runner (instantColumnType).
 */
export const tablesMigration = (
  name: string,
  tables: TableOptions[] | ((queryRunner: QueryRunner) => TableOptions[]),
): new () => MigrationInterface => {
  const of = (queryRunner: QueryRunner): TableOptions[] => (typeof tables === 'function' ? tables(queryRunner) : tables);
  return class implements MigrationInterface {
    name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      for (const table of of(queryRunner)) await queryRunner.createTable(new Table(table), true);
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      for (const table of [...of(queryRunner)].reverse()) await queryRunner.dropTable(table.name, true);
    }
  };
};

const sqliteQueues = new WeakMap<DataSource, Promise<void>>();

/**
 * Runs `work` in one database transaction.
 *
 * On SQLite TypeORM shares ONE query runner per DataSource: two concurrent
 * `dataSource.transaction()` calls would silently nest (the second becomes a SAVEPOINT of
 * the first, so one rollback undoes the other's work). Every transaction of the platform
 * (projections, inbox, relay checkpoints) goes through here and is queued per DataSource;
 * services writing their read database should use this too.
 */
export const withTransaction = async <T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> => {
  if (!isSqliteDataSource(dataSource)) return dataSource.transaction(work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  sqliteQueues.set(
    dataSource,
    previous.then(() => mine),
  );
  await previous;
  try {
    return await dataSource.transaction(work);
  } finally {
    release();
  }
};

/** A primary-key / unique violation, on either driver (TypeORM wraps the driver's error). */
export const isUniqueViolation = (error: unknown): boolean => {
  const candidates = [error, (error as { driverError?: unknown } | undefined)?.driverError];
  return candidates.some((e) => {
    const code = String((e as { code?: unknown } | undefined)?.code ?? '');
    return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  });
};

/**
 * Set on a manager that rewrites the SQL passed to its `query` (ops rebuild's shadow manager):
 * the rewrite, so `runSql`'s SQLite path applies it as `query` would.
 */
export const SQL_REWRITE = Symbol.for('hw.sqlRewrite');

type SqlManager = Pick<EntityManager, 'query' | 'connection'> & { [SQL_REWRITE]?: (sql: string) => string };

/** better-sqlite3's statement handle, as far as runSql uses it. */
interface SqliteStatement {
  reader: boolean;
  all(...values: unknown[]): unknown[];
  run(...values: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

const STATEMENT_CACHE = 500;
const statements = new WeakMap<object, Map<string, SqliteStatement>>();

/**
 * The better-sqlite3 connection under `tx`, when runSql may use it directly: the driver is
 * better-sqlite3 (ONE connection per DataSource, so a statement on it runs in whatever
 * transaction `tx` holds, exactly as `tx.query` would) and `query` is the EntityManager's own
 * or rewritten through SQL_REWRITE (anything else — a spy, another wrapper — keeps the slow path).
 */
const sqliteConnection = (tx: SqlManager): SqliteConnection | undefined => {
  const driver = tx.connection.driver as unknown as { options: { type: string }; databaseConnection?: SqliteConnection };
  if (driver.options.type !== 'better-sqlite3' || !driver.databaseConnection) return undefined;
  if (tx.query !== EntityManager.prototype.query && tx[SQL_REWRITE] === undefined) return undefined;
  const runner = (tx as { queryRunner?: { isReleased?: boolean } }).queryRunner;
  if (runner?.isReleased) return undefined; // let TypeORM raise its own error
  return driver.databaseConnection;
};

type Token = string | { full: string; key: string; spread: boolean };
const TEMPLATES = 1000;
const templates = new Map<string, Token[]>();

/** The SQL split at its `:name` parameters, as TypeORM's escaping finds them (the same pattern), once per text. */
const tokensOf = (sql: string): Token[] => {
  let tokens = templates.get(sql);
  if (tokens) return tokens;
  tokens = [];
  const pattern = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;
  let at = 0;
  for (let m = pattern.exec(sql); m !== null; m = pattern.exec(sql)) {
    tokens.push(sql.slice(at, m.index), { full: m[0], key: m[2], spread: m[1] !== undefined });
    at = m.index + m[0].length;
  }
  tokens.push(sql.slice(at));
  if (templates.size >= TEMPLATES) templates.delete(templates.keys().next().value as string);
  templates.set(sql, tokens);
  return tokens;
};

/**
 * TypeORM's SQLite `escapeQueryWithParameters(sql, parameters, {})`, without its regex per call:
 * the same query text and values (numbers inlined, booleans as 1/0, strings and null bound, a
 * name that is not a parameter left as written); anything else (arrays, functions, dates) goes
 * to TypeORM's own. Exported for its equivalence test.
 */
export const escapeForSqlite = (
  driver: Pick<EntityManager['connection']['driver'], 'escapeQueryWithParameters'>,
  sql: string,
  parameters: Record<string, unknown>,
): [string, unknown[]] => {
  if (Object.keys(parameters).length === 0) return [sql, []];
  let query = '';
  const values: unknown[] = [];
  for (const token of tokensOf(sql)) {
    if (typeof token === 'string') {
      query += token;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(parameters, token.key)) {
      query += token.full;
      continue;
    }
    const value = parameters[token.key];
    if (token.spread || typeof value === 'function' || value instanceof Date) return driver.escapeQueryWithParameters(sql, parameters, {});
    if (typeof value === 'number') query += String(value);
    else {
      values.push(typeof value === 'boolean' ? +value : value);
      query += '?';
    }
  }
  return [query, values];
};

/**
 * One portable statement through a transaction (or a data source's manager), `:name` parameters
 * rewritten for the driver (`?` on SQLite, `$n` on PostgreSQL): the projections' and consumers'
 * plain-SQL path (ON CONFLICT … DO UPDATE / DO NOTHING works on both).
 *
 * On better-sqlite3 the statement runs on the driver's connection with a prepared statement
 * reused per SQL text, bypassing TypeORM's query runner (its per-statement logging, broadcaster
 * events and awaits cost more than SQLite's own work in a rebuild: bench/rebuild.bench.ts). Same
 * connection, same transaction, same results: rows for a reader, else the last insert rowid,
 * and a failure is TypeORM's `QueryFailedError` wrapping the driver's error, as `tx.query` gives.
 */
export const runSql = <T = unknown>(tx: SqlManager, sql: string, parameters: Record<string, unknown> = {}): Promise<T> => {
  const db = sqliteConnection(tx);
  if (!db) {
    const [escaped, values] = tx.connection.driver.escapeQueryWithParameters(sql, parameters, {});
    return tx.query(escaped, values);
  }
  const [escaped, values] = escapeForSqlite(tx.connection.driver, sql, parameters);
  const rewrite = tx[SQL_REWRITE];
  const query = rewrite ? rewrite(escaped) : escaped;
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  try {
    let statement = cache.get(query);
    if (!statement) {
      statement = db.prepare(query);
      cache.set(query, statement);
      if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
    }
    const result = statement.reader ? statement.all(...values) : statement.run(...values).lastInsertRowid;
    return Promise.resolve(result as T);
  } catch (error) {
    return Promise.reject(new QueryFailedError(query, values, error as Error));
  }
};
