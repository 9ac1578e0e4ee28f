import Database from 'better-sqlite3';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId } from '@hw/platform/core';
import { SQLITE_EVENTS_SCHEMA } from '@hw/platform/event-log';
import { loadConfig } from '@hw/platform/nest';
import { sealLog, verifyLog } from '@hw/operations/application';
import { BenchRow } from './types';

/**
 * `ops seal-log` and `ops verify-log` (issue 12) over a generated SQLite log, in events per
 * second, next to the raw baseline: better-sqlite3 reading the same rows and chaining SHA-256
 * over the same bytes, in the same run.
 */
const EVENTS = Number(process.env.VERIFY_LOG_BENCH_EVENTS ?? 300_000);

export const run = async (): Promise<BenchRow[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-verify-log-'));
  try {
    const db = new Database(join(dir, 'events.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec(SQLITE_EVENTS_SCHEMA);
    const insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
    );
    const metadata = JSON.stringify({
      correlationId: newId(),
      principal: { kind: 'system', id: 'bench' },
      occurredAt: '2026-12-01T00:00:00.000Z',
    });
    db.transaction(() => {
      for (let i = 0; i < EVENTS; i++) {
        insert.run(
          `thread-${i % 10_000}`,
          Math.floor(i / 10_000),
          newId(),
          'MessageSent',
          JSON.stringify({
            threadId: `t${i % 10_000}`,
            sealedBody: 'v1.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccc',
            n: i,
          }),
          metadata,
          '2026-12-01T00:00:00.000Z',
        );
      }
    })();
    db.close();

    const config = loadConfig({ DATA_DIR: dir });
    const key = generateKeyPairSync('ed25519').privateKey;
    let start = performance.now();
    const sealed = await sealLog(config, key, new Date());
    const sealRate = sealed.added / ((performance.now() - start) / 1000);
    start = performance.now();
    const verdict = await verifyLog(config);
    if (!verdict.ok) throw new Error('bench log does not verify');
    const verifyRate = verdict.verified / ((performance.now() - start) / 1000);

    // Raw: the same rows read and chained through SHA-256, nothing stored or compared.
    const raw = new Database(join(dir, 'events.sqlite'), { readonly: true });
    start = performance.now();
    let previous = '0'.repeat(64);
    let n = 0;
    for (const row of raw
      .prepare('SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events ORDER BY position')
      .iterate() as IterableIterator<Record<string, unknown>>) {
      previous = createHash('sha256')
        .update(previous)
        .update('\n')
        .update(
          JSON.stringify([row.position, row.event_id, row.stream_id, row.revision, row.type, row.schema_version, row.data, row.metadata]),
        )
        .digest('hex');
      n += 1;
    }
    const rawRate = n / ((performance.now() - start) / 1000);
    raw.close();
    return [
      {
        name: `seal-log, ${EVENTS.toLocaleString('en-US')} events (chain written)`,
        value: sealRate,
        unit: 'events/s',
        baseline: 'raw read + SHA-256 chain',
        baselineValue: rawRate,
      },
      {
        name: `verify-log, ${EVENTS.toLocaleString('en-US')} events`,
        value: verifyRate,
        unit: 'events/s',
        baseline: 'raw read + SHA-256 chain',
        baselineValue: rawRate,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
