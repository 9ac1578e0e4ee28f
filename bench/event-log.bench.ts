import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventToAppend, newId } from '@hw/platform/core';
import { ExpectedRevision, SQLITE_EVENTS_SCHEMA, SqliteEventLog } from '@hw/platform/event-log';
import { BenchRow } from './types';

/**
 * The SQLite event log against raw better-sqlite3 on the same machine, same run, same table shape,
 * both WAL with synchronous=FULL (acknowledged appends must be durable), temp files on disk.
 *
 * (a) one append at a time, each awaited (a command handler's path)  vs  raw single-row INSERT commits
 * (b) 100 events per append                                            vs  raw 100-row transactions
 * (c) 200 concurrent appenders, one event each (group commit)          vs  raw single-row INSERT commits
 *
 * Each side runs for a bounded time (MEASURE_MS, in alternating slices) after a short warm-up.
 */
const MEASURE_MS = 2000; // per side, in SLICES alternating slices
const SLICES = 8;
const WARMUP_MS = 200;

const metadata = {
  correlationId: newId(),
  causationId: newId(),
  principal: { kind: 'system' as const, id: 'bench' },
  occurredAt: '2026-04-01T00:00:00.000Z',
};
const data = { seekerId: newId(), permitNumber: '13-ユ-300000', occupations: ['事務', '介護'], consent: true };

const event = (): EventToAppend => ({ id: newId(), type: 'BenchEventHappened', schemaVersion: 1, data, metadata });

/** Runs `op` (returning how many events/rows it did) repeatedly for `ms`; returns [units, seconds]. */
const slice = async (ms: number, op: () => Promise<number> | number): Promise<[number, number]> => {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < ms) count += await op();
  return [count, (performance.now() - start) / 1000];
};

/**
 * The adapter and its baseline in alternating slices, so both see the same noise from the shared
 * disk and cores; returns [adapter rate, baseline rate] in units per second.
 */
const paired = async (adapter: () => Promise<number> | number, baseline: () => Promise<number> | number): Promise<[number, number]> => {
  await slice(WARMUP_MS, adapter);
  await slice(WARMUP_MS, baseline);
  const totals = [0, 0, 0, 0];
  for (let i = 0; i < SLICES; i++) {
    const [a, aSeconds] = await slice(MEASURE_MS / SLICES, adapter);
    const [b, bSeconds] = await slice(MEASURE_MS / SLICES, baseline);
    totals[0] += a;
    totals[1] += aSeconds;
    totals[2] += b;
    totals[3] += bSeconds;
  }
  return [totals[0] / totals[1], totals[2] / totals[3]];
};

const openRaw = (file: string) => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_EVENTS_SCHEMA);
  const insert = db.prepare(
    `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let revision = 0;
  const stream = `raw-${newId()}`;
  const row = () => {
    insert.run(
      stream,
      revision++,
      newId(),
      'BenchEventHappened',
      1,
      JSON.stringify(data),
      JSON.stringify(metadata),
      new Date().toISOString(),
    );
  };
  const many = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) row();
  });
  return { db, row, many };
};

/** One stream appended to at exact revisions by a single writer. */
const sequentialWriter = (log: SqliteEventLog, perAppend: number) => {
  const stream = `bench-${newId()}`;
  let expected: ExpectedRevision = 'no_stream';
  return async (): Promise<number> => {
    const result = await log.append(stream, Array.from({ length: perAppend }, event), expected);
    expected = result.nextRevision;
    return perAppend;
  };
};

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-event-log-'));
  const rows: BenchRow[] = [];
  try {
    // (a) sequential single appends
    {
      const log = new SqliteEventLog({ file: join(dir, 'a.sqlite') });
      const raw = openRaw(join(dir, 'raw-a.sqlite'));
      const [value, baselineValue] = await paired(sequentialWriter(log, 1), () => (raw.row(), 1));
      await log.close();
      raw.db.close();
      rows.push({
        name: 'SqliteEventLog: one event per append, awaited sequentially (FULL)',
        value,
        unit: 'events/s',
        baseline: 'raw better-sqlite3 single-row INSERT commits (WAL, FULL)',
        baselineValue,
      });
    }

    // (b) batched appends of 100 events
    {
      const log = new SqliteEventLog({ file: join(dir, 'b.sqlite') });
      const raw = openRaw(join(dir, 'raw-b.sqlite'));
      const [value, baselineValue] = await paired(sequentialWriter(log, 100), () => (raw.many(100), 100));
      await log.close();
      raw.db.close();
      rows.push({
        name: 'SqliteEventLog: 100 events per append, awaited sequentially (FULL)',
        value,
        unit: 'events/s',
        baseline: 'raw better-sqlite3 100-row INSERT transactions (WAL, FULL)',
        baselineValue,
      });
    }

    // (c) 200 concurrent appenders, one event each: the adapter commits them together
    {
      const log = new SqliteEventLog({ file: join(dir, 'c.sqlite') });
      const raw = openRaw(join(dir, 'raw-c.sqlite'));
      const writers = Array.from({ length: 200 }, () => sequentialWriter(log, 1));
      const round = async () => (await Promise.all(writers.map((w) => w()))).length;
      const [value, baselineValue] = await paired(round, () => (raw.row(), 1));
      await log.close();
      raw.db.close();
      rows.push({
        name: 'SqliteEventLog: 200 concurrent appenders, one event each (group commit, FULL)',
        value,
        unit: 'events/s',
        baseline: 'raw better-sqlite3 single-row INSERT commits (WAL, FULL)',
        baselineValue,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
