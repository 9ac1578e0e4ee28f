import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, MixedList } from 'typeorm';
import { InProcessBus, InProcessBusOptions } from '@hw/platform/bus';
import { SqliteEventLog } from '@hw/platform/event-log';
import { dropSchema, Infra, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { openReadDataSource, ReadDbConfig } from '../read-db';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '../platform-tables';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */
type Classes = Array<Function>;
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

/** A throwaway read database: a temp SQLite file, or a fresh PostgreSQL schema dropped afterwards. */
export interface TestReadDb {
  readonly config: ReadDbConfig;
  /** Opens a data source (platform tables + the given ones); every one opened is closed by dispose(). */
  open(entities?: Classes, migrations?: Classes): Promise<DataSource>;
  dispose(): Promise<void>;
}

export interface ReadDbBackend {
  name: 'SQLite' | 'PostgreSQL';
  needs: Infra[];
  create(label: string): TestReadDb;
}

const tracked = (config: ReadDbConfig, cleanup: () => Promise<void>): TestReadDb => {
  const opened: DataSource[] = [];
  return {
    config,
    async open(entities: Classes = [], migrations: Classes = []) {
      const ds = await openReadDataSource(
        config,
        [...PLATFORM_ENTITIES, ...entities] as MixedList<Classes[number]>,
        [...PLATFORM_MIGRATIONS, ...migrations] as MixedList<Classes[number]>,
      );
      opened.push(ds);
      return ds;
    },
    async dispose() {
      for (const ds of opened.splice(0)) if (ds.isInitialized) await ds.destroy();
      await cleanup();
    },
  };
};

export { dropSchema, uniqueSchema };

export const sqliteReadDb = (label: string): TestReadDb => {
  const dir = mkdtempSync(join(tmpdir(), `hw-${label}-`));
  return tracked({ type: 'sqlite', file: join(dir, 'read.sqlite') }, async () => rmSync(dir, { recursive: true, force: true }));
};

export const postgresReadDb = (label: string): TestReadDb => {
  const schema = uniqueSchema(label);
  return tracked({ type: 'postgres', url: postgresUrl(), schema }, () => dropSchema(schema));
};

export const READ_DB_BACKENDS: ReadDbBackend[] = [
  { name: 'SQLite', needs: [], create: sqliteReadDb },
  { name: 'PostgreSQL', needs: ['postgres'], create: postgresReadDb },
];

/** A temp directory for an event log file; remove with rmSync when done. */
export const tempDir = (label: string): string => mkdtempSync(join(tmpdir(), `hw-${label}-`));

/** What a runner's or consumer's test works on; see eachTestWorld. */
export interface TestWorld {
  /** The read database, with the platform's tables and the world's own. */
  readonly ds: DataSource;
  readonly readDb: TestReadDb;
  /** A SQLite log in a temp directory of its own (made when first asked for). */
  readonly log: SqliteEventLog;
  /** The log's directory. */
  readonly dir: string;
  /** An in-process bus (made when first asked for). */
  readonly bus: InProcessBus;
  /** Stops the runner or consumer after the test, before anything closes; returns it. */
  track<T extends { stop(): Promise<unknown> }>(runner: T): T;
  /** Runs `step` after the test, before anything closes; steps run the latest first. */
  onTeardown(step: () => Promise<unknown> | unknown): void;
  /** Replaces the read database with a fresh one holding these tables. */
  reopen(entities?: Classes, migrations?: Classes): Promise<DataSource>;
}

export interface TestWorldOptions {
  entities?: Classes;
  migrations?: Classes;
  /** How often the log's subscriptions poll (ms); default 10. */
  pollIntervalMs?: number;
  bus?: InProcessBusOptions;
}

/**
 * A runner's or consumer's world, fresh for each test of the enclosing describe (jest's
 * beforeEach / afterEach): a read database from `create` (a ReadDbBackend's, or sqliteReadDb),
 * and, when the test asks for them, a SQLite log and an in-process bus. After the test, the
 * teardown steps and tracked runners go (the latest first), then the bus, the log and the read
 * database close and their files or schema are removed; the first failure is rethrown.
 */
export const eachTestWorld = (create: (label: string) => TestReadDb, label: string, options: TestWorldOptions = {}): TestWorld => {
  let readDb: TestReadDb | undefined;
  let ds: DataSource | undefined;
  let dir: string | undefined;
  let log: SqliteEventLog | undefined;
  let bus: InProcessBus | undefined;
  const teardown: Array<() => Promise<unknown> | unknown> = [];
  const present = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test world exists only while a test runs');
    return value;
  };

  beforeEach(async () => {
    readDb = create(label);
    ds = await readDb.open(options.entities, options.migrations);
  });

  afterEach(async () => {
    const steps = [
      ...teardown.splice(0).reverse(),
      () => bus?.close(),
      () => log?.close(),
      () => readDb?.dispose(),
      () => dir && rmSync(dir, { recursive: true, force: true }),
    ];
    const failures: unknown[] = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    [readDb, ds, dir, log, bus] = [undefined, undefined, undefined, undefined, undefined];
    if (failures.length > 0) throw failures[0];
  });

  const world: TestWorld = {
    get ds() {
      return present(ds);
    },
    get readDb() {
      return present(readDb);
    },
    get dir() {
      dir ??= tempDir(label);
      return dir;
    },
    get log() {
      log ??= new SqliteEventLog({ file: join(world.dir, 'log.sqlite'), pollIntervalMs: options.pollIntervalMs ?? 10 });
      return log;
    },
    get bus() {
      bus ??= new InProcessBus(options.bus);
      return bus;
    },
    track(runner) {
      teardown.push(() => runner.stop());
      return runner;
    },
    onTeardown(step) {
      teardown.push(step);
    },
    async reopen(entities, migrations) {
      await present(readDb).dispose();
      readDb = create(label);
      ds = await readDb.open(entities, migrations);
      return ds;
    },
  };
  return world;
};

/** Captures what a runner logs, to assert on it (and keep test output quiet). */
export class CapturingLogger {
  readonly lines: Array<{ level: 'log' | 'warn' | 'error'; message: string }> = [];
  log(message: string): void {
    this.lines.push({ level: 'log', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  get errors(): string[] {
    return this.lines.filter((l) => l.level === 'error').map((l) => l.message);
  }
}

/** The sample notes read model (a text column, a per-stream order check), for other libraries' runner tests too. */
export * from './notes';
