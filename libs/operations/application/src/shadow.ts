import { RecordedEvent } from '@hw/platform/core';
import { IntegrationEvent, topicOf } from '@hw/platform/bus';
import { ServiceDefinition } from '@hw/platform/nest';
import { eventKey, InboxEntry, isPostgresDataSource, Projection, SQL_REWRITE, withTransaction } from '@hw/platform/projections';
import { DataSource, EntityManager } from 'typeorm';
import { UsageError } from './bundle';
import { OpsContext } from './context';

/**
 * Blue/green rebuilds (R-AUD-1). The shadow of a read model is a copy of its tables, empty, in
 * the SAME database as the live ones (`<table>__shadow`, with the same columns and indexes), plus
 * its own platform tables (checkpoints, dead letters, inbox), so a rebuild never touches what the
 * live service serves, and `--promote` is one transaction of renames in that database, on SQLite
 * and PostgreSQL alike.
 *
 * The projection's own code writes the shadow: a separate data source on the live database whose
 * entity metadata names the shadow tables, and whose raw SQL (`runSql`, `tx.query`) has the
 * owned tables' names rewritten to their shadows. The rewrite is by whole identifier (a table
 * name is never a column name here); the row-by-row comparison afterwards is what proves the
 * shadow was built right.
 */
export const SHADOW = '__shadow';
export const shadowOf = (table: string): string => `${table}${SHADOW}`;
export const SHADOW_PLATFORM_TABLES = ['checkpoints', 'dead_letters', 'inbox'];

/** What is rebuilt: a projection of the log, or a consumer fed through its publishers' translation. */
export interface RebuildTarget {
  kind: 'projection' | 'consumer';
  name: string;
  definition: ServiceDefinition;
  tables: string[];
  /** The read model as a projection of the log (a consumer's: through the publishers' translate). */
  projection: Projection;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rewrites whole-identifier occurrences of the given tables (bare or double-quoted) to their shadows. */
export const redirectSql = (sql: string, tables: string[]): string => sqlRedirector(tables)(sql);

/** A rewriter for one set of tables: the pattern compiled once, each distinct statement rewritten once. */
const sqlRedirector = (tables: string[]): ((sql: string) => string) => {
  if (tables.length === 0) return (sql) => sql;
  const names = [...tables].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\w.])("?)(${names.join('|')})\\1(?![\\w"])`, 'g');
  const seen = new Map<string, string>();
  return (sql) => {
    let out = seen.get(sql);
    if (out === undefined) {
      out = sql.replace(pattern, (_m, quote: string, name: string) => `${quote}${shadowOf(name)}${quote}`);
      if (seen.size < 1000) seen.set(sql, out);
    }
    return out;
  };
};

/** The transaction a projection writes through, its raw SQL redirected to the shadow tables. */
const redirected = (tx: EntityManager, rewrite: (sql: string) => string): EntityManager =>
  new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === 'query') return (sql: string, parameters?: unknown[]) => target.query(rewrite(sql), parameters as unknown[]);
      // runSql's SQLite path runs statements on the driver's connection: it rewrites with this.
      if (prop === SQL_REWRITE) return rewrite;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });

/** A projection writing its shadow tables instead of its own. */
export const shadowProjection = (projection: Projection, tables: string[]): Projection => {
  const rewrite = sqlRedirector(tables);
  const proxies = new WeakMap<EntityManager, EntityManager>();
  return {
    ...projection,
    tables: tables.map(shadowOf),
    apply: (event, tx) => {
      let proxy = proxies.get(tx);
      if (!proxy) proxies.set(tx, (proxy = redirected(tx, rewrite)));
      return projection.apply(event, proxy);
    },
  };
};

/**
 * R-AUD-1: a read model fed by integration events, as a projection of the LOG: each event of the
 * publishing contexts' streams goes through the publisher's own relay `translate` (what the relay
 * published, or would publish today), with the relay's id and key, and reaches the consumer's
 * handler when its topic is one the consumer reads; the inbox row is written as the inbox
 * consumer would. So a consumer's read model of any age is rebuilt without Kafka's retention.
 */
export const consumerAsProjection = (ctx: OpsContext, definition: ServiceDefinition, name: string): RebuildTarget => {
  const consumer = definition.consumers?.find((c) => c.name === name);
  if (!consumer) throw new UsageError(`no consumer named ${name}`);
  if (!consumer.tables?.length) throw new UsageError(`consumer ${name} is not a read model (it declares no tables): nothing to rebuild`);
  const all = ctx.definitions.flatMap((d) => (d.relay ? [{ service: d.service, ...d.relay }] : []));
  // A context publishes on its own topic (topicOf: the type's context): only those publishers' streams are read.
  const named = all.filter((p) => consumer.topics.includes(p.service));
  const publishers = named.length > 0 ? named : all;
  const prefixes = publishers.flatMap((p) => p.streamPrefixes);
  const publisherOf = (event: RecordedEvent) =>
    publishers.find((p) => p.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix)));
  return {
    kind: 'consumer',
    name,
    definition,
    tables: consumer.tables,
    projection: {
      name,
      streamPrefixes: prefixes,
      tables: consumer.tables,
      async apply(event, tx) {
        const translated = publisherOf(event)?.translate(event) ?? null;
        if (translated === null || !consumer.topics.includes(topicOf(translated.type))) return;
        const delivered: IntegrationEvent = { ...translated, id: event.id, key: event.streamId };
        await consumer.handle(delivered, tx);
        await tx.getRepository(InboxEntry).insert({ consumer: name, eventId: eventKey(event.id), processedAt: new Date() });
      },
    },
  };
};

/** Every rebuildable read model: projections, and consumers that declare their tables. */
export const rebuildTargets = (ctx: OpsContext): RebuildTarget[] =>
  ctx.definitions.flatMap((definition) => [
    ...(definition.projections ?? []).map((projection): RebuildTarget => ({
      kind: 'projection',
      name: projection.name,
      definition,
      tables: projection.tables,
      projection,
    })),
    ...(definition.consumers ?? []).filter((c) => c.tables?.length).map((c) => consumerAsProjection(ctx, definition, c.name)),
  ]);

export const findTarget = (ctx: OpsContext, name: string): RebuildTarget => {
  const targets = rebuildTargets(ctx);
  const found = targets.find((t) => t.name === name);
  if (!found) throw new UsageError(`no read model named ${name}; known: ${targets.map((t) => t.name).join(', ')}`);
  return found;
};

/** Points the data source's entities of these tables at their shadows (its own copy of the metadata). */
export const redirectEntities = (dataSource: DataSource, tables: string[]): void => {
  for (const metadata of dataSource.entityMetadatas) {
    if (!tables.includes(metadata.tableName)) continue;
    const shadow = shadowOf(metadata.tableName);
    metadata.tablePath = metadata.schema ? `${metadata.schema}.${shadow}` : shadow;
    metadata.tableName = shadow;
    metadata.tableNameWithoutPrefix = shadow;
  }
};

const q = (dataSource: DataSource, name: string) => dataSource.driver.escape(name);

/**
 * SQLite: a transaction that read before it writes fails at once with SQLITE_BUSY (its snapshot
 * is stale) when the live service committed in between; the whole transaction is retried — each
 * of ours is all-or-nothing. The live service's own runner does the same (a transient error).
 */
/**
 * SQLite's SQLITE_BUSY, also inside a runner's EventHandlingError: with the live service writing
 * the same file, a deferred transaction that read before the other writer committed cannot
 * upgrade and fails at once, whatever the busy timeout — retrying it is the remedy.
 */
export const isBusy = (error: unknown): boolean => {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? (e as { driverError?: { code?: unknown } }).driverError?.code ?? '');
    if (code.startsWith('SQLITE_BUSY')) return true;
  }
  return false;
};

export const retryBusy = async <T>(work: () => Promise<T>, attempts = 50): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * Math.min(attempt, 10)));
    }
  }
};

/** An index of a table: its name and its definition with the names left out (to pair a shadow's with the live one's). */
interface IndexDef {
  name: string;
  sql: string;
  shape: string;
}

const sqliteIndexes = async (db: EntityManager, table: string): Promise<IndexDef[]> =>
  (
    (await db.query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, [table])) as Array<{
      name: string;
      sql: string;
    }>
  ).map((r) => ({ ...r, shape: r.sql.replace(/^CREATE (UNIQUE )?INDEX\s+("?)[^"\s]+\2\s+ON\s+("?)[^"\s(]+\3/, 'CREATE $1INDEX ON') }));

const postgresIndexes = async (db: EntityManager, table: string): Promise<IndexDef[]> =>
  (
    (await db.query(`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [
      table,
    ])) as Array<{ name: string; sql: string }>
  ).map((r) => ({
    ...r,
    shape: r.sql.replace(/^CREATE (UNIQUE )?INDEX\s+\S+\s+ON\s+\S+/, 'CREATE $1INDEX ON'),
  }));

/** Creates empty shadows of the tables (dropping any left over): same columns, constraints and indexes. */
export const createShadowTables = async (dataSource: DataSource, tables: string[]): Promise<void> =>
  retryBusy(() =>
    withTransaction(dataSource, async (tx) => {
      for (const table of tables) {
        const shadow = shadowOf(table);
        await tx.query(`DROP TABLE IF EXISTS ${q(dataSource, shadow)}`);
        if (isPostgresDataSource(dataSource)) {
          // Columns, defaults, constraints and indexes; a serial column shares the live one's
          // sequence (promote hands the sequence over to the promoted table).
          await tx.query(`CREATE TABLE ${q(dataSource, shadow)} (LIKE ${q(dataSource, table)} INCLUDING ALL)`);
          continue;
        }
        const [created] = (await tx.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])) as Array<{
          sql: string;
        }>;
        if (!created) throw new Error(`table ${table} does not exist in the read database`);
        await tx.query(created.sql.replace(/^CREATE TABLE\s+("?)[^"\s(]+\1/, `CREATE TABLE "${shadow}"`));
        for (const index of await sqliteIndexes(tx, table))
          await tx.query(
            index.sql.replace(
              /^CREATE (UNIQUE )?INDEX\s+("?)[^"\s]+\2\s+ON\s+("?)[^"\s(]+\3/,
              `CREATE $1INDEX "${index.name}${SHADOW}" ON "${shadow}"`,
            ),
          );
      }
    }),
  );

export const dropShadowTables = async (dataSource: DataSource, tables: string[]): Promise<void> =>
  retryBusy(() =>
    withTransaction(dataSource, async (tx) => {
      for (const table of tables) await tx.query(`DROP TABLE IF EXISTS ${q(dataSource, shadowOf(table))}`);
    }),
  );

/**
 * Inside the promote transaction: the live tables are replaced by their shadows — on
 * PostgreSQL the live table is dropped, the shadow renamed to its name and its indexes renamed
 * to the live ones' names (a serial column's sequence handed over first); on SQLite (which
 * cannot rename an index) the shadow is renamed and its indexes recreated under their names.
 * DDL is transactional on both: readers see the old tables or the new ones, never a mix.
 */
export const swapTables = async (tx: EntityManager, tables: string[]): Promise<void> => {
  const postgres = isPostgresDataSource(tx.connection);
  const esc = (name: string) => tx.connection.driver.escape(name);
  for (const table of tables) {
    const shadow = shadowOf(table);
    if (postgres) {
      const live = await postgresIndexes(tx, table);
      const next = await postgresIndexes(tx, shadow);
      const sequences = (await tx.query(
        `SELECT a.attname AS column, pg_get_serial_sequence(quote_ident($1), a.attname) AS sequence
           FROM pg_attribute a WHERE a.attrelid = quote_ident($1)::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [table],
      )) as Array<{ column: string; sequence: string | null }>;
      for (const s of sequences.filter((s) => s.sequence))
        await tx.query(`ALTER SEQUENCE ${s.sequence} OWNED BY ${esc(shadow)}.${esc(s.column)}`);
      await tx.query(`DROP TABLE ${esc(table)}`);
      await tx.query(`ALTER TABLE ${esc(shadow)} RENAME TO ${esc(table)}`);
      for (const index of next) {
        const same = live.find((l) => l.shape === index.shape);
        if (same && same.name !== index.name) await tx.query(`ALTER INDEX ${esc(index.name)} RENAME TO ${esc(same.name)}`);
      }
      continue;
    }
    const live = await sqliteIndexes(tx, table);
    await tx.query(`DROP TABLE ${esc(table)}`);
    await tx.query(`ALTER TABLE ${esc(shadow)} RENAME TO ${esc(table)}`);
    for (const index of await sqliteIndexes(tx, table)) await tx.query(`DROP INDEX ${esc(index.name)}`);
    for (const index of live) await tx.query(index.sql);
  }
};
