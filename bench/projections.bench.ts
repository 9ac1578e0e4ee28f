import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { openReadDataSource, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS, Projection, ProjectionRunner } from '@hw/platform/projections';
import {
  SAMPLE_ENTITIES,
  SAMPLE_MIGRATIONS,
  SAMPLE_TABLES,
  seekerEvents,
  streamActivityProjection,
} from '../libs/platform/projections/src/testing/stream-activity';
import { BenchRow } from './types';

/**
 * Projection rebuild throughput: 50,000 events in a SQLite log (WAL, synchronous=FULL)
 * replayed into a SQLite read model by ProjectionRunner.rebuild() (batches of 500: one
 * transaction each, checkpoint included), next to raw better-sqlite3 doing the same work in
 * one transaction: read the same events from the log file and write the same rows with
 * prepared UPSERTs. Two projections over the same read model:
 *  - the sample projection through TypeORM repositories (findOneBy + save, as services write);
 *  - the same model as two raw-SQL UPSERTs per event through `tx.query` (the runner's own cost).
 */
const EVENTS = 50_000;
const STREAMS = 1_000;
const BATCH = 500;

const upsertStream = `INSERT INTO sample_stream_activity (stream_id, event_count, last_event_type, last_revision, last_position, last_recorded_at, status)
  VALUES (?, 1, ?, ?, ?, ?, CASE WHEN ? = 'SeekerStoppedUse' THEN 'stopped' ELSE 'active' END)
  ON CONFLICT (stream_id) DO UPDATE SET event_count = event_count + 1, last_event_type = excluded.last_event_type,
    last_revision = excluded.last_revision, last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at,
    status = CASE excluded.last_event_type WHEN 'SeekerStoppedUse' THEN 'stopped' WHEN 'SeekerResumedUse' THEN 'active'
      WHEN 'SeekerRegistered' THEN 'active' ELSE status END`;
const upsertType = `INSERT INTO sample_event_type_counts (type, count) VALUES (?, 1)
  ON CONFLICT (type) DO UPDATE SET count = count + 1`;

const utc = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

const rawSqlProjection: Projection = {
  name: 'bench-raw-sql',
  streamPrefixes: ['seeker-'],
  tables: SAMPLE_TABLES,
  async apply(e: RecordedEvent, tx) {
    await tx.query(upsertStream, [e.streamId, e.type, String(e.revision), String(e.position), utc(e.recordedAt), e.type]);
    await tx.query(upsertType, [e.type]);
  },
};

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-projections-'));
  try {
    const logFile = join(dir, 'log.sqlite');
    const log = new SqliteEventLog({ file: logFile });
    const perStream = EVENTS / STREAMS;
    for (let s = 0; s < STREAMS; s += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => log.append(`seeker-${String(s + i).padStart(5, '0')}`, seekerEvents(perStream), 'no_stream')),
      );
    }

    const rebuild = async (projection: Projection, file: string): Promise<number> => {
      const ds = await openReadDataSource(
        { type: 'sqlite', file },
        [...PLATFORM_ENTITIES, ...SAMPLE_ENTITIES],
        [...PLATFORM_MIGRATIONS, ...SAMPLE_MIGRATIONS],
      );
      const runner = new ProjectionRunner(log, ds, projection, { batchSize: BATCH });
      const started = process.hrtime.bigint();
      await runner.rebuild();
      const took = seconds(started);
      await runner.stop();
      await ds.destroy();
      return EVENTS / took;
    };

    const raw = async (file: string): Promise<number> => {
      const ds = await openReadDataSource(
        { type: 'sqlite', file },
        [...PLATFORM_ENTITIES, ...SAMPLE_ENTITIES],
        [...PLATFORM_MIGRATIONS, ...SAMPLE_MIGRATIONS],
      );
      await ds.destroy(); // the same schema, made by the same migrations
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      const source = new Database(logFile, { readonly: true });
      const stream = db.prepare(upsertStream);
      const type = db.prepare(upsertType);
      const started = process.hrtime.bigint();
      db.transaction(() => {
        for (const row of source.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<Record<string, never>>) {
          JSON.parse(row.data);
          JSON.parse(row.metadata);
          stream.run(row.stream_id, row.type, row.revision, row.position, utc(new Date(row.recorded_at)), row.type);
          type.run(row.type);
        }
      })();
      const took = seconds(started);
      source.close();
      db.close();
      return EVENTS / took;
    };

    // Warm-up (JIT, SWC caches) on a throwaway file, then alternate so drift hits both alike.
    await raw(join(dir, 'warm.sqlite'));
    const rawRates = [await raw(join(dir, 'raw-1.sqlite'))];
    const typeormRate = await rebuild(streamActivityProjection(), join(dir, 'typeorm.sqlite'));
    const sqlRate = await rebuild(rawSqlProjection, join(dir, 'sql.sqlite'));
    rawRates.push(await raw(join(dir, 'raw-2.sqlite')));
    await log.close();
    const rawRate = rawRates.reduce((a, b) => a + b, 0) / rawRates.length;
    const baseline = `raw better-sqlite3: read the same log rows + the same UPSERTs, one transaction`;
    return [
      {
        name: `ProjectionRunner.rebuild, ${EVENTS} events, sample projection via TypeORM repositories (batches of ${BATCH})`,
        value: typeormRate,
        unit: 'events/s',
        baseline,
        baselineValue: rawRate,
      },
      {
        name: `ProjectionRunner.rebuild, ${EVENTS} events, same model as raw-SQL UPSERTs via tx.query (batches of ${BATCH})`,
        value: sqlRate,
        unit: 'events/s',
        baseline,
        baselineValue: rawRate,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (rows) => console.table(rows),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
