import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, MixedList } from 'typeorm';
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
