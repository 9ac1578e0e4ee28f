import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  Checkpoint,
  openReadDataSource,
  parkedCounts,
  PLATFORM_ENTITIES,
  Projection,
  ProjectionRunner,
  runSql,
  withTransaction,
  isPostgresDataSource,
} from '@hw/platform/projections';
import { UsageError } from './bundle';
import { eventsAfter, headOf, OpsContext, openServiceReadDb, readDbConfigOf } from './context';
import { table, toJson } from './output';
import { Progress } from './progress';
import {
  createShadowTables,
  dropShadowTables,
  findTarget,
  RebuildTarget,
  redirectEntities,
  retryBusy,
  SHADOW_PLATFORM_TABLES,
  shadowOf,
  shadowProjection,
  swapTables,
} from './shadow';

export interface RebuildPlan {
  projection: string;
  kind: 'projection' | 'consumer';
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
  const { definition, projection, kind } = findTarget(ctx, name);
  const db = await openServiceReadDb(ctx.config, definition);
  try {
    const checkpoint = await db.getRepository(Checkpoint).findOneBy({ name });
    let eventsToReplay = 0;
    for await (const _event of eventsAfter(ctx.infra.log, undefined, projection.streamPrefixes)) eventsToReplay += 1;
    const dbConfig = readDbConfigOf(ctx.config, definition.service);
    return {
      projection: name,
      kind,
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
  plan.kind === 'projection'
    ? `  replay ${plan.eventsToReplay} event(s) of its streams from position 0 (live checkpoint: ${plan.checkpoint}, parked: ${plan.parked})`
    : `  replay ${plan.eventsToReplay} event(s) of the publishers' streams from position 0 through their translation (a consumer: from the log, not the bus; parked: ${plan.parked})`,
  ...plan.tables.map((t) => `  table ${t.name}: ${t.rows} live row(s) → built into ${shadowOf(t.name)}`),
  '  then compares shadow and live row by row; --promote swaps them in one transaction; nothing is changed by --dry-run',
];

export interface TableParity {
  table: string;
  live: number;
  shadow: number;
  same: number;
  liveOnly: number;
  shadowOnly: number;
  /** Up to 5 differing rows per side, by their key columns (ids only, never other values). */
  examples: Array<{ side: 'live' | 'shadow'; key: Record<string, unknown> }>;
}

const normalise = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return value;
};

const hashOf = (entries: unknown): string => createHash('sha256').update(JSON.stringify(entries)).digest('hex');

/**
 * What a row is, for comparison: its columns but generated ones (auto-increment ids differ
 * between two builds), and a column naming another compared table's generated id (search
 * profiles' `doc_id` in its criteria tables) replaced by that row's own hash — so two builds
 * that numbered the same profiles differently still compare equal, row by row.
 */
interface TableShape {
  table: string;
  generated: Set<string>;
  keys: string[];
}

/** The table's primary-key columns, from the database (tables written by raw SQL have no entity). */
type Db = Pick<EntityManager, 'query' | 'connection'>;

const primaryKeyOf = async (db: Db, table: string): Promise<string[]> => {
  if (isPostgresDataSource(db.connection))
    return (
      (await db.query(
        `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = quote_ident($1)::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
        [table],
      )) as Array<{ name: string }>
    ).map((r) => r.name);
  return ((await db.query(`SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, [table])) as Array<{ name: string }>).map(
    (r) => r.name,
  );
};

const shapeOf = async (db: Db, table: string): Promise<TableShape> => {
  // givenTableName: the entity's own name, also when this data source points it at its shadow.
  const metadata = db.connection.entityMetadatas.find((m) => (m.givenTableName ?? m.tableName) === table);
  const generated = new Set(metadata?.columns.filter((c) => c.isGenerated).map((c) => c.databaseName) ?? []);
  const keys = (await primaryKeyOf(db, table)).filter((k) => !generated.has(k));
  // A generated key says nothing across two builds: the entity's first unique index names the row instead (search profiles' seeker_id).
  const unique = metadata?.indices.find((i) => i.isUnique)?.columns.map((c) => c.databaseName) ?? [];
  return { table, generated, keys: keys.length > 0 ? keys : unique };
};

type Rows = Array<Record<string, unknown>>;

const rowsOf = async (db: Db, table: string): Promise<Rows> =>
  (await db.query(`SELECT * FROM ${db.connection.driver.escape(table)}`)) as Rows;

/** Per-row hashes of each table of one side (live tables, or their shadows). */
const hashSide = async (db: Db, shapes: TableShape[], side: 'live' | 'shadow') => {
  const rows = new Map<string, Rows>();
  for (const shape of shapes) rows.set(shape.table, await rowsOf(db, side === 'live' ? shape.table : shadowOf(shape.table)));
  const plain = (shape: TableShape, row: Record<string, unknown>, refs?: Map<string, Map<string, string>>) =>
    Object.keys(row)
      .filter((k) => !shape.generated.has(k))
      .sort()
      .map((k) => [k, refs?.get(k)?.get(String(normalise(row[k]))) ?? normalise(row[k])]);
  // Generated id → the hash of its row, per generated column name.
  const refs = new Map<string, Map<string, string>>();
  for (const shape of shapes)
    for (const column of shape.generated) {
      const map = refs.get(column) ?? new Map<string, string>();
      for (const row of rows.get(shape.table) ?? []) map.set(String(normalise(row[column])), hashOf(plain(shape, row)));
      refs.set(column, map);
    }
  const out = new Map<string, Map<string, { n: number; key: Record<string, unknown> }>>();
  for (const shape of shapes) {
    const hashes = new Map<string, { n: number; key: Record<string, unknown> }>();
    const own = new Map([...refs].filter(([column]) => !shape.generated.has(column)));
    for (const row of rows.get(shape.table) ?? []) {
      const hash = hashOf(plain(shape, row, own));
      const key = Object.fromEntries(shape.keys.map((k) => [k, normalise(row[k])]));
      const seen = hashes.get(hash);
      if (seen) seen.n += 1;
      else hashes.set(hash, { n: 1, key });
    }
    out.set(shape.table, hashes);
  }
  return out;
};

/** Compares the live tables with their shadows, row by row (counts and per-row SHA-256). */
export const compareWithShadow = async (db: Db, tables: string[]): Promise<TableParity[]> => {
  const shapes = await Promise.all(tables.map((t) => shapeOf(db, t)));
  const live = await hashSide(db, shapes, 'live');
  const shadow = await hashSide(db, shapes, 'shadow');
  return tables.map((t) => {
    const a = live.get(t) ?? new Map();
    const b = shadow.get(t) ?? new Map();
    let same = 0;
    let liveOnly = 0;
    let shadowOnly = 0;
    const examples: TableParity['examples'] = [];
    for (const [hash, { n, key }] of a) {
      const m = b.get(hash)?.n ?? 0;
      same += Math.min(n, m);
      liveOnly += Math.max(0, n - m);
      if (n > m && examples.filter((e) => e.side === 'live').length < 5) examples.push({ side: 'live', key });
    }
    for (const [hash, { n, key }] of b) {
      const m = a.get(hash)?.n ?? 0;
      shadowOnly += Math.max(0, n - m);
      if (n > m && examples.filter((e) => e.side === 'shadow').length < 5) examples.push({ side: 'shadow', key });
    }
    const total = (map: Map<string, { n: number }>) => [...map.values()].reduce((x, y) => x + y.n, 0);
    return { table: t, live: total(a), shadow: total(b), same, liveOnly, shadowOnly, examples };
  });
};

export interface RebuildOutcome {
  name: string;
  kind: 'projection' | 'consumer';
  service: string;
  events: number;
  ms: number;
  perSecond: number;
  parity: TableParity[];
  equal: boolean;
  /** The log position both sides were compared at (a projection: the live checkpoint; a consumer: the head). */
  comparedAt: string;
  /** A consumer: events the rebuild applied that the live consumer had not received yet (its lag, not a difference of code). */
  liveBehind: number;
  /** Events applied to the shadow while the live writer was held, and how long it was held. */
  held: { caughtUp: number; ms: number };
  /** Set when promoted: the position the promoted model stands at (its checkpoint). */
  promoted?: { position: string };
  parked: number;
}

const raw = (tx: Db, sql: string, params: Record<string, unknown> = {}) => runSql<Rows>(tx, sql, params);

const positionOf = (value: unknown): bigint | null => (value === null || value === undefined ? null : BigInt(String(value)));

const liveCheckpointOf = async (db: Db, name: string, lock = false): Promise<{ exists: boolean; position: bigint | null }> => {
  const [row] = await raw(
    db,
    `SELECT position FROM checkpoints WHERE name = :name${lock && isPostgresDataSource(db.connection) ? ' FOR UPDATE' : ''}`,
    {
      name,
    },
  );
  return { exists: row !== undefined, position: positionOf(row?.position) };
};

/**
 * Blue/green rebuild of one read model (R-AUD-1).
 *
 * 1. Build: the projection's own code fills its shadow tables from position 0 (the projection
 *    runner, batches of 2,000, parking what it cannot apply as the live runner does), up to the
 *    live checkpoint as it stood when the build began (a consumer: the head), while the live
 *    tables keep serving and the live runner keeps writing.
 * 2. Hold: ONE transaction on the live database, on the shadow's own connection, holds the live
 *    writer — PostgreSQL: the projection's checkpoint row (as its runner's batches take it),
 *    then the live tables in EXCLUSIVE mode; SQLite: the database's write lock — while readers
 *    go on. In it the shadow is brought to the live checkpoint exactly (the few events the live
 *    runner applied meanwhile; a consumer: to the head), and the two are compared row by row at
 *    that one position.
 * 3. Promote (optional), in the same transaction: the tables are swapped (swapTables); the live
 *    checkpoint stays where it is — the promoted tables stand exactly there — and the build's
 *    dead letters replace the live ones (a consumer: the shadow's inbox rows join the live
 *    inbox, so what the bus still delivers up to there is a duplicate). The live runner's next
 *    batch goes on after that checkpoint: no event lost or applied twice, and readers see the
 *    old tables or the new ones, never a mix. Without --promote the transaction rolls back and
 *    the shadow is dropped.
 */
export const rebuildBlueGreen = async (
  ctx: OpsContext,
  name: string,
  options: { promote: boolean; progress: (head: bigint) => Progress },
): Promise<RebuildOutcome> => {
  const target = findTarget(ctx, name);
  const { definition } = target;
  const liveConfig = readDbConfigOf(ctx.config, definition.service);
  const entities = [...PLATFORM_ENTITIES, ...((definition.entities as []) ?? [])];
  const redirectedTables = [...target.tables, ...SHADOW_PLATFORM_TABLES];
  const live = await openServiceReadDb(ctx.config, definition);
  let shadowDb: DataSource | undefined;
  try {
    await createShadowTables(live, redirectedTables);
    shadowDb = await openReadDataSource(liveConfig, entities, []);
    redirectEntities(shadowDb, redirectedTables);
    const head = await headOf(ctx.infra.log);
    const until = target.kind === 'projection' ? ((await liveCheckpointOf(live.manager, name)).position ?? 0n) : head;
    const progress = options.progress(until);
    const inner = shadowProjection(target.projection, target.tables);
    const counted: Projection = {
      ...inner,
      name,
      apply: async (event, tx) => {
        await inner.apply(event, tx);
        progress.tick(event.position);
      },
    };
    const logger = { log: (m: string) => progress.log(m), warn: (m: string) => progress.log(m), error: (m: string) => progress.log(m) };
    const runner = new ProjectionRunner(ctx.infra.log, shadowDb, counted, { logger, batchSize: 2000, until });
    await retryBusy(() => runner.start());
    // A batch that met the live writer's lock fails once and the runner resubscribes: wait it out.
    await retryBusy(() => runner.caughtUp());
    await runner.stop();
    const built = progress.done();
    const parked = await parkedCountsOf(shadowDb, name);
    if (options.promote && target.kind === 'consumer' && parked > 0)
      throw new UsageError(
        `${name}: ${parked} event(s) parked while rebuilding; fix them before promoting (a consumer's dead letters come from the bus)`,
      );
    const held = await hold(ctx, shadowDb, target, inner, options.promote);
    return {
      name,
      kind: target.kind,
      service: definition.service,
      events: built.events + held.caughtUp,
      ms: built.ms,
      perSecond: built.perSecond,
      parity: held.parity,
      equal: held.parity.every((p) => p.liveOnly === 0 && p.shadowOnly === 0),
      comparedAt: held.position?.toString() ?? 'start',
      liveBehind: held.liveBehind,
      held: { caughtUp: held.caughtUp, ms: held.ms },
      promoted: options.promote ? { position: held.position?.toString() ?? 'start' } : undefined,
      parked,
    };
  } finally {
    await shadowDb?.destroy();
    await dropShadowTables(live, options.promote ? SHADOW_PLATFORM_TABLES : redirectedTables).catch(() => undefined);
    await live.destroy();
  }
};

const parkedCountsOf = async (shadowDb: DataSource, name: string): Promise<number> =>
  Number((await raw(shadowDb.manager, `SELECT COUNT(*) AS n FROM dead_letters__shadow WHERE projection = :name`, { name }))[0].n);

/** Rolls the hold transaction back (a comparison without promote changes nothing live). */
class Compared extends Error {
  constructor(readonly result: Held) {
    super('compared');
  }
}

interface Held {
  parity: TableParity[];
  position: bigint | null;
  caughtUp: number;
  liveBehind: number;
  ms: number;
}

const hold = async (
  ctx: OpsContext,
  shadowDb: DataSource,
  target: RebuildTarget,
  projection: Projection,
  promote: boolean,
): Promise<Held> => {
  const { name, tables } = target;
  const postgres = isPostgresDataSource(shadowDb);
  const esc = (t: string) => shadowDb.driver.escape(t);
  try {
    return await retryBusy(() =>
      withTransaction(shadowDb, async (tx): Promise<Held> => {
        const started = performance.now();
        // SQLite: the database's write lock with the first statement.
        if (!postgres) await raw(tx, `UPDATE checkpoints__shadow SET updated_at = updated_at WHERE name = :name`, { name });
        // PostgreSQL: the checkpoint row first, as the live runner's batches take it, then the tables (no lock cycle).
        const live = await liveCheckpointOf(tx, name, true);
        if (postgres) await tx.query(`LOCK TABLE ${tables.map(esc).join(', ')} IN EXCLUSIVE MODE`);
        const [shadowRow] = await raw(tx, `SELECT position FROM checkpoints__shadow WHERE name = :name`, { name });
        let position = positionOf(shadowRow?.position);
        // A projection: to the live checkpoint exactly (it cannot move now); a consumer: to the head.
        const upTo = target.kind === 'projection' ? live.position : await headOf(ctx.infra.log);
        let caughtUp = 0;
        if (upTo !== null)
          for await (const event of eventsAfter(ctx.infra.log, position ?? undefined, projection.streamPrefixes)) {
            if (event.position > upTo) break;
            await projection.apply(event, tx);
            position = event.position;
            caughtUp += 1;
          }
        if (target.kind === 'projection') position = live.position;
        await raw(tx, `UPDATE checkpoints__shadow SET position = :position WHERE name = :name`, {
          name,
          position: position?.toString() ?? null,
        });
        const parity = await compareWithShadow(tx, tables);
        const liveBehind =
          target.kind === 'consumer'
            ? Number(
                (
                  await raw(
                    tx,
                    `SELECT COUNT(*) AS n FROM inbox__shadow s WHERE s.consumer = :name AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.consumer = s.consumer AND i.event_id = s.event_id)`,
                    { name },
                  )
                )[0].n,
              )
            : 0;
        const result = (): Held => ({ parity, position, caughtUp, liveBehind, ms: Math.round(performance.now() - started) });
        if (!promote) throw new Compared(result());
        await swapTables(tx, tables);
        if (target.kind === 'projection') {
          if (!live.exists)
            await raw(tx, `INSERT INTO checkpoints (name, position, updated_at) VALUES (:name, :position, :at)`, {
              name,
              position: position?.toString() ?? null,
              at: new Date(),
            });
          // The promoted model's dead letters are the ones its build parked (R-AUD-1: same model, same dead letters).
          await raw(tx, `DELETE FROM dead_letters WHERE projection = :name`, { name });
          const columns = 'projection, event_id, position, stream_id, type, error, attempts, behind_event_id, payload, parked_at';
          await raw(
            tx,
            `INSERT INTO dead_letters (${columns}) SELECT ${columns} FROM dead_letters__shadow WHERE projection = :name ORDER BY id`,
            {
              name,
            },
          );
        } else {
          await raw(
            tx,
            `INSERT INTO inbox (consumer, event_id, processed_at) SELECT consumer, event_id, processed_at FROM inbox__shadow WHERE consumer = :name ON CONFLICT DO NOTHING`,
            { name },
          );
        }
        return result();
      }),
    );
  } catch (error) {
    if (error instanceof Compared) return error.result;
    throw error;
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
    ...parity.flatMap((p) =>
      p.examples.map(
        (e) =>
          `  ${p.table}: ${e.side === 'live' ? 'live-only' : 'shadow-only'} row ${Object.keys(e.key).length ? toJson(e.key) : '(no key columns)'}`,
      ),
    ),
  ];
};
