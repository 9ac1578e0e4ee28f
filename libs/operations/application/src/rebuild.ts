import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  Projection,
  ProjectionRunner,
  openReadDataSource,
  PLATFORM_ENTITIES,
  PLATFORM_MIGRATIONS,
  Checkpoint,
  parkedCounts,
  ReadDbConfig,
} from '@hw/platform/projections';
import { ServiceDefinition } from '@hw/platform/nest';
import { UsageError } from './bundle';
import { eventsAfter, OpsContext, openServiceReadDb, readDbConfigOf } from './context';
import { table } from './output';

/**
 * Rebuilds (R-AUD-1: every read model can be rebuilt from the log with the same result as the
 * live one). `--dry-run` prints the plan; `--compare` replays the projection from position 0
 * into a shadow database of the same kind (a temporary SQLite file, or a temporary PostgreSQL
 * schema) while the live one keeps serving, then compares its tables row by row (per-row
 * SHA-256, generated ids left out) and drops the shadow. Promoting a shadow is not done yet.
 */
export const findProjection = (ctx: OpsContext, name: string): { definition: ServiceDefinition; projection: Projection } => {
  for (const definition of ctx.definitions) {
    const projection = definition.projections?.find((p) => p.name === name);
    if (projection) return { definition, projection };
  }
  const known = ctx.definitions.flatMap((d) => (d.projections ?? []).map((p) => p.name));
  throw new UsageError(
    `no projection named ${name}; known: ${known.join(', ')} (consumers' read models rebuild from the log through their publisher's translation: not yet)`,
  );
};

export interface RebuildPlan {
  projection: string;
  service: string;
  readDb: string;
  tables: Array<{ name: string; rows: number }>;
  checkpoint: string;
  eventsToReplay: number;
  parked: number;
}

const count = async (db: DataSource, tableName: string): Promise<number> =>
  Number((await db.query(`SELECT COUNT(*) AS n FROM ${db.driver.escape(tableName)}`))[0].n);

export const rebuildPlan = async (ctx: OpsContext, name: string): Promise<RebuildPlan> => {
  const { definition, projection } = findProjection(ctx, name);
  const db = await openServiceReadDb(ctx.config, definition);
  try {
    const checkpoint = await db.getRepository(Checkpoint).findOneBy({ name });
    let eventsToReplay = 0;
    for await (const _event of eventsAfter(ctx.infra.log, undefined, projection.streamPrefixes)) eventsToReplay += 1;
    const dbConfig = readDbConfigOf(ctx.config, definition.service);
    return {
      projection: name,
      service: definition.service,
      readDb: dbConfig.type === 'sqlite' ? dbConfig.file : `postgres schema ${dbConfig.schema}`,
      tables: await Promise.all(projection.tables.map(async (t) => ({ name: t, rows: await count(db, t) }))),
      checkpoint: checkpoint?.position === null || checkpoint === null ? 'start' : String(checkpoint.position),
      eventsToReplay,
      parked: (await parkedCounts(db)).find((p) => p.projection === name)?.parked ?? 0,
    };
  } finally {
    await db.destroy();
  }
};

export const renderPlan = (plan: RebuildPlan): string[] => [
  `plan: rebuild ${plan.projection} (${plan.service}, ${plan.readDb})`,
  `  replay ${plan.eventsToReplay} event(s) of its streams from position 0 (live checkpoint: ${plan.checkpoint}, parked: ${plan.parked})`,
  ...plan.tables.map((t) => `  table ${t.name}: ${t.rows} live row(s)`),
  '  --compare builds a shadow and reports parity; nothing is changed by --dry-run',
];

export interface TableParity {
  table: string;
  live: number;
  shadow: number;
  same: number;
  liveOnly: number;
  shadowOnly: number;
}

const normalise = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  return value;
};

/** Per-row hashes of a table, generated columns (auto-increment ids) left out: they differ between two builds. */
const rowHashes = async (db: DataSource, tableName: string): Promise<Map<string, number>> => {
  const generated = new Set(
    db.entityMetadatas
      .filter((m) => m.tableName === tableName)
      .flatMap((m) => m.columns.filter((c) => c.isGenerated).map((c) => c.databaseName)),
  );
  const hashes = new Map<string, number>();
  for (const row of (await db.query(`SELECT * FROM ${db.driver.escape(tableName)}`)) as Array<Record<string, unknown>>) {
    const entries = Object.keys(row)
      .filter((k) => !generated.has(k))
      .sort()
      .map((k) => [k, normalise(row[k])]);
    const hash = createHash('sha256').update(JSON.stringify(entries)).digest('hex');
    hashes.set(hash, (hashes.get(hash) ?? 0) + 1);
  }
  return hashes;
};

export const compareTables = async (live: DataSource, shadow: DataSource, tables: string[]): Promise<TableParity[]> => {
  const out: TableParity[] = [];
  for (const t of tables) {
    const a = await rowHashes(live, t);
    const b = await rowHashes(shadow, t);
    let same = 0;
    let liveOnly = 0;
    let shadowOnly = 0;
    for (const [hash, n] of a) {
      const m = b.get(hash) ?? 0;
      same += Math.min(n, m);
      liveOnly += Math.max(0, n - m);
    }
    for (const [hash, m] of b) shadowOnly += Math.max(0, m - (a.get(hash) ?? 0));
    const total = (map: Map<string, number>) => [...map.values()].reduce((x, y) => x + y, 0);
    out.push({ table: t, live: total(a), shadow: total(b), same, liveOnly, shadowOnly });
  }
  return out;
};

/** Builds the projection into a throwaway shadow database and compares it with the live one. */
export const rebuildCompare = async (
  ctx: OpsContext,
  name: string,
  progress: (line: string) => void,
): Promise<{ parity: TableParity[]; events: number }> => {
  const { definition, projection } = findProjection(ctx, name);
  const liveConfig = readDbConfigOf(ctx.config, definition.service);
  const shadowConfig: ReadDbConfig =
    liveConfig.type === 'sqlite'
      ? { type: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'hw-shadow-')), `${definition.service}.shadow.sqlite`) }
      : { type: 'postgres', url: liveConfig.url, schema: `${liveConfig.schema}_shadow_${randomBytes(3).toString('hex')}`.slice(0, 63) };
  const entities = [...PLATFORM_ENTITIES, ...((definition.entities as []) ?? [])];
  const migrations = [...PLATFORM_MIGRATIONS, ...((definition.migrations as []) ?? [])];
  const live = await openServiceReadDb(ctx.config, definition);
  const shadow = await openReadDataSource(shadowConfig, entities, migrations);
  try {
    const quiet = { log: (m: string) => progress(m), warn: (m: string) => progress(m), error: (m: string) => progress(m) };
    const runner = new ProjectionRunner(ctx.infra.log, shadow, projection, { logger: quiet });
    const started = Date.now();
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
    const checkpoint = await shadow.getRepository(Checkpoint).findOneBy({ name });
    progress(`shadow built to position ${checkpoint?.position ?? 'start'} in ${Date.now() - started} ms`);
    let events = 0;
    for await (const _event of eventsAfter(ctx.infra.log, undefined, projection.streamPrefixes)) events += 1;
    return { parity: await compareTables(live, shadow, projection.tables), events };
  } finally {
    await live.destroy();
    await shadow.destroy();
    if (shadowConfig.type === 'sqlite') rmSync(join(shadowConfig.file, '..'), { recursive: true, force: true });
    else {
      const client = new Client({ connectionString: shadowConfig.url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${shadowConfig.schema}" CASCADE`).finally(() => client.end());
    }
  }
};

export const renderParity = (name: string, parity: TableParity[]): string[] => {
  const equal = parity.every((p) => p.liveOnly === 0 && p.shadowOnly === 0);
  return [
    ...table(
      ['TABLE', 'LIVE', 'SHADOW', 'SAME', 'LIVE-ONLY', 'SHADOW-ONLY'],
      parity.map((p) => [p.table, String(p.live), String(p.shadow), String(p.same), String(p.liveOnly), String(p.shadowOnly)]),
    ),
    equal ? `${name}: the rebuilt read model equals the live one` : `${name}: the rebuilt read model DIFFERS from the live one`,
  ];
};
