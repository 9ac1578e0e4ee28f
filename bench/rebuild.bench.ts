import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId } from '@hw/platform/core';
import { SQLITE_EVENTS_SCHEMA } from '@hw/platform/event-log';
import { Infrastructure, loadConfig } from '@hw/platform/nest';
import { OpsContext, openServiceReadDb, Output, rebuildBlueGreen, rebuildProgress } from '@hw/operations/application';
import { runSql } from '@hw/platform/projections';
import { allDefinitions } from '../apps/ops/src/services';
import { BenchRow } from './types';

/**
 * `ops rebuild` (issue 12) of the real read models from one generated SQLite log of
 * REBUILD_BENCH_EVENTS events (default 1,000,000): quota's daily counts (daily-quota streams),
 * messaging's threads (thread streams) and matching's search profiles (seeker streams, a
 * consumer rebuilt through registration's translate). Each figure is the build phase of the
 * blue/green rebuild — the projection's own code writing its shadow tables through the
 * projection runner, checkpoint per batch — in events per second, next to raw better-sqlite3 in
 * the same run: reading the same log rows (JSON.parse of data and metadata) and, where the
 * model is plain SQL, writing the same rows with the same statements in one transaction.
 */
const TOTAL = Number(process.env.REBUILD_BENCH_EVENTS ?? 1_000_000);
/** PostgreSQL (when DATABASE_URL is set): a smaller log, quota's daily counts next to raw `pg`. */
const PG_TOTAL = Number(process.env.REBUILD_BENCH_PG_EVENTS ?? 100_000);
const shares = (total: number) => {
  const seeker = Math.round(total * 0.04);
  const thread = Math.round(total * 0.32);
  return { seeker, thread, quota: total - seeker - thread };
};

const quotaUpsert = `INSERT INTO quota_days (registration_id, day, sent, day_limit, first_reserved_at, last_reserved_at, last_position)
  VALUES (?, ?, 1, ?, ?, ?, ?)
  ON CONFLICT (registration_id, day) DO UPDATE SET sent = quota_days.sent + 1, day_limit = excluded.day_limit,
    last_reserved_at = excluded.last_reserved_at, last_position = excluded.last_position
  WHERE quota_days.last_position < excluded.last_position`;
const threadUpsert = `INSERT INTO messaging_threads (thread_id, registration_id, seeker_id, started_at, last_message_at, message_count)
  VALUES (?, ?, ?, ?, ?, 1)
  ON CONFLICT (thread_id) DO UPDATE SET last_message_at = excluded.last_message_at, message_count = messaging_threads.message_count + 1`;
const messageInsert = `INSERT INTO messaging_messages (message_id, thread_id, registration_id, sender, department_id, user_id, kind, body, body_sealed, sent_at, complaint_officer, "position")
  VALUES (?, ?, ?, 'organisation', ?, ?, ?, ?, 1, ?, NULL, ?)`;

const generate = (file: string, total: number): void => {
  const { seeker: SEEKER_EVENTS, thread: THREAD_EVENTS, quota: QUOTA_EVENTS } = shares(total);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SQLITE_EVENTS_SCHEMA);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
  );
  const metadata = JSON.stringify({
    correlationId: newId(),
    principal: { kind: 'organisation', id: 'bench' },
    occurredAt: '2026-12-01T00:00:00.000Z',
  });
  const at = '2026-12-01T00:00:00.000Z';
  const registrations = Array.from({ length: 200 }, () => newId());
  const revisions = new Map<string, number>();
  const next = (stream: string) => {
    const r = revisions.get(stream) ?? 0;
    revisions.set(stream, r + 1);
    return r;
  };
  const seekers = Array.from({ length: Math.max(1, SEEKER_EVENTS / 2) }, () => newId());
  const threads = Array.from({ length: Math.max(1, THREAD_EVENTS / 10) }, (_, i) => ({
    id: newId(),
    registrationId: registrations[i % registrations.length],
    seekerId: seekers[i % seekers.length],
  }));
  // Interleaved as a live log is: the three kinds of streams mixed in global order.
  const mix = [...Array(QUOTA_EVENTS).fill('q'), ...Array(THREAD_EVENTS).fill('t'), ...Array(SEEKER_EVENTS).fill('s')];
  for (let i = mix.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [mix[i], mix[j]] = [mix[j], mix[i]];
  }
  let q = 0;
  let t = 0;
  let s = 0;
  db.transaction(() => {
    for (const kind of mix) {
      if (kind === 'q') {
        const registrationId = registrations[q % registrations.length];
        const day = `202611${String(1 + (Math.floor(q / registrations.length) % 30)).padStart(2, '0')}`;
        const stream = `daily-quota-${registrationId}-${day}`;
        insert.run(
          stream,
          next(stream),
          newId(),
          'MessageQuotaReserved',
          JSON.stringify({ registrationId, day, limit: 1000, messageId: newId(), reservedAt: at }),
          metadata,
          at,
        );
        q += 1;
      } else if (kind === 't') {
        const thread = threads[t % threads.length];
        const stream = `thread-${thread.id}`;
        const data = {
          threadId: thread.id,
          messageId: newId(),
          registrationId: thread.registrationId,
          seekerId: thread.seekerId,
          departmentId: 'dept-1',
          userId: 'user-1',
          kind: 'guidance',
          sealedBody: 'v1.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccc',
          day: '20261201',
          sentAt: at,
        };
        insert.run(stream, next(stream), newId(), 'OrganisationMessageSent', JSON.stringify(data), metadata, at);
        t += 1;
      } else {
        const seekerId = seekers[Math.floor(s / 2) % seekers.length];
        const stream = `seeker-${seekerId}`;
        const first = !revisions.has(stream);
        const profile = {
          desiredOccupations: [`${25 + (s % 5)}`, '11'],
          desiredPrefectures: [['13', '27', '01'][s % 3]],
          employmentType: s % 2 ? 'full-time' : 'part-time',
          desiredWage: { amount: 200_000 + (s % 50) * 1000, per: 'month' },
          qualifications: s % 3 ? ['簿記2級'] : [],
          selfPr: '経理の経験があります',
        };
        const data = first
          ? { seekerId, scope: ['private-agencies'], profile, personalData: 'sealed', registeredAt: at, eligible: true }
          : { seekerId, profile: { ...profile, desiredPrefectures: ['13', '14'] }, changedAt: at };
        insert.run(stream, next(stream), newId(), first ? 'SeekerRegistered' : 'SeekerProfileChanged', JSON.stringify(data), metadata, at);
        s += 1;
      }
    }
  })();
  db.close();
};

/** Raw better-sqlite3: the prefix's rows of the log, in order, parsed; `write` does the model's statements (or nothing). */
const raw = (
  logFile: string,
  prefix: string,
  readFile: string | undefined,
  write?: (db: Database.Database) => (row: Record<string, never>, data: Record<string, never>) => void,
) => {
  const source = new Database(logFile, { readonly: true });
  const target = readFile ? new Database(readFile) : undefined;
  target?.pragma('journal_mode = WAL');
  target?.pragma('synchronous = FULL');
  const apply = target && write ? write(target) : undefined;
  let n = 0;
  const started = performance.now();
  const work = () => {
    for (const row of source
      .prepare('SELECT * FROM events WHERE stream_id >= ? AND stream_id < ? ORDER BY position')
      .iterate(prefix, `${prefix}\uffff`) as Iterable<Record<string, never>>) {
      const data = JSON.parse(row.data) as Record<string, never>;
      JSON.parse(row.metadata);
      apply?.(row, data);
      n += 1;
    }
  };
  if (target) target.transaction(work)();
  else work();
  const rate = n / ((performance.now() - started) / 1000);
  source.close();
  target?.close();
  return { n, rate };
};

const quiet: Output = { out: () => undefined, err: () => undefined };

/** quota-daily-counts rebuilt into PostgreSQL, next to raw `pg` sending the same UPSERT per event in one transaction. */
const onPostgres = async (parent: string, url: string): Promise<BenchRow[]> => {
  const dir = join(parent, 'pg');
  mkdirSync(dir);
  const logFile = join(dir, 'events.sqlite');
  generate(logFile, PG_TOTAL);
  const prefix = `bench_${randomBytes(3).toString('hex')}_`;
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'error', READ_DB: 'postgres', DATABASE_URL: url, READ_DB_SCHEMA_PREFIX: prefix });
  const infra = await Infrastructure.create(config);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const ctx: OpsContext = { config, infra, definitions: allDefinitions(infra), output: quiet, now: () => new Date() };
    const definition = ctx.definitions.find((d) => d.service === 'quota');
    if (!definition) throw new Error('no quota service');
    const db = await openServiceReadDb(config, definition);
    await runSql(db.manager, 'INSERT INTO checkpoints (name, position, updated_at) VALUES (:name, :head, :at)', {
      name: 'quota-daily-counts',
      head: String(PG_TOTAL),
      at: new Date(),
    });
    await db.destroy();
    const outcome = await rebuildBlueGreen(ctx, 'quota-daily-counts', {
      promote: false,
      progress: (head) => rebuildProgress('quota-daily-counts', head, quiet),
    });
    // Raw: the same rows read from the log, the same UPSERT through `pg`, one transaction.
    const source = new Database(logFile, { readonly: true });
    const upsert = quotaUpsert.replace(
      /\?/g,
      (() => {
        let n = 0;
        return () => `$${++n}`;
      })(),
    );
    await client.query(`SET search_path TO ${prefix}quota`);
    await client.query('BEGIN');
    await client.query('DELETE FROM quota_days');
    let n = 0;
    const started = performance.now();
    for (const row of source
      .prepare("SELECT * FROM events WHERE stream_id >= 'daily-quota-' AND stream_id < 'daily-quota-\uffff' ORDER BY position")
      .iterate() as Iterable<Record<string, never>>) {
      const d = JSON.parse(row.data) as Record<string, never>;
      JSON.parse(row.metadata);
      await client.query(upsert, [d.registrationId, d.day, d.limit, d.reservedAt, d.reservedAt, row.position]);
      n += 1;
    }
    await client.query('COMMIT');
    const rawRate = n / ((performance.now() - started) / 1000);
    source.close();
    return [
      {
        name: `ops rebuild quota-daily-counts into PostgreSQL (${outcome.events.toLocaleString('en-US')} of ${PG_TOTAL.toLocaleString('en-US')} events)`,
        value: outcome.perSecond,
        unit: 'events/s',
        baseline: 'raw pg: the same log rows read + the same UPSERT per event, one transaction',
        baselineValue: rawRate,
      },
    ];
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${prefix}quota CASCADE`).catch(() => undefined);
    await client.end();
    await infra.close();
  }
};

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hw-bench-rebuild-'));
  try {
    const logFile = join(dir, 'events.sqlite');
    let started = performance.now();
    generate(logFile, TOTAL);
    process.stdout.write(`  generated ${TOTAL.toLocaleString('en-US')} events in ${Math.round(performance.now() - started)} ms\n`);
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'error' });
    const infra = await Infrastructure.create(config);
    const ctx: OpsContext = { config, infra, definitions: allDefinitions(infra), output: quiet, now: () => new Date() };
    const rebuild = async (name: string) => {
      started = performance.now();
      const outcome = await rebuildBlueGreen(ctx, name, { promote: false, progress: (head) => rebuildProgress(name, head, quiet) });
      process.stdout.write(
        `  ${name}: ${outcome.events.toLocaleString('en-US')} events, build ${Math.round(outcome.ms)} ms, whole command ${Math.round(performance.now() - started)} ms\n`,
      );
      return outcome;
    };
    const rows: BenchRow[] = [];
    try {
      // The live projections stand at the head (their tables are not filled: only the build is timed).
      const head = String(new Database(logFile, { readonly: true }).prepare('SELECT MAX(position) AS p FROM events').get() ? TOTAL : 0);
      for (const name of ['quota-daily-counts', 'messaging-threads']) {
        const definition = ctx.definitions.find((d) => d.projections?.some((p) => p.name === name));
        if (!definition) throw new Error(`no ${name}`);
        const db = await openServiceReadDb(config, definition);
        await runSql(db.manager, 'INSERT INTO checkpoints (name, position, updated_at) VALUES (:name, :head, :at)', {
          name,
          head,
          at: new Date(),
        });
        await db.destroy();
      }
      // Raw first on copies of the live schema (the read files the rebuild creates, then copied by migrations below).
      const quota = await rebuild('quota-daily-counts');
      const quotaRaw = raw(logFile, 'daily-quota-', join(dir, 'quota.read.sqlite'), (db) => {
        db.exec('DELETE FROM quota_days');
        const upsert = db.prepare(quotaUpsert);
        return (row, data) => upsert.run(data.registrationId, data.day, data.limit, data.reservedAt, data.reservedAt, row.position);
      });
      const quotaRead = raw(logFile, 'daily-quota-', undefined);
      const threads = await rebuild('messaging-threads');
      const threadsRaw = raw(logFile, 'thread-', join(dir, 'messaging.read.sqlite'), (db) => {
        db.exec('DELETE FROM messaging_messages; DELETE FROM messaging_threads;');
        const thread = db.prepare(threadUpsert);
        const message = db.prepare(messageInsert);
        return (row, d) => {
          thread.run(d.threadId, d.registrationId, d.seekerId, d.sentAt, d.sentAt);
          message.run(d.messageId, d.threadId, d.registrationId, d.departmentId, d.userId, d.kind, d.sealedBody, d.sentAt, row.position);
        };
      });
      const profiles = await rebuild('matching-search-profiles-v2');
      const seekerRead = raw(logFile, 'seeker-', undefined);
      const write = 'raw better-sqlite3: read the same log rows + the same statements, one transaction';
      const read = 'raw better-sqlite3: read + JSON.parse the same log rows';
      rows.push(
        {
          name: `ops rebuild quota-daily-counts (${quota.events.toLocaleString('en-US')} of ${TOTAL.toLocaleString('en-US')} events; raw-SQL UPSERT)`,
          value: quota.perSecond,
          unit: 'events/s',
          baseline: write,
          baselineValue: quotaRaw.rate,
        },
        { name: `ops rebuild quota-daily-counts`, value: quota.perSecond, unit: 'events/s', baseline: read, baselineValue: quotaRead.rate },
        {
          name: `ops rebuild messaging-threads (${threads.events.toLocaleString('en-US')} events; UPSERT + INSERT per event)`,
          value: threads.perSecond,
          unit: 'events/s',
          baseline: write,
          baselineValue: threadsRaw.rate,
        },
        {
          name: `ops rebuild matching-search-profiles-v2 (${profiles.events.toLocaleString('en-US')} events through registration's translate; plain statements)`,
          value: profiles.perSecond,
          unit: 'events/s',
          baseline: read,
          baselineValue: seekerRead.rate,
        },
      );
    } finally {
      await infra.close();
    }
    if (process.env.DATABASE_URL) rows.push(...(await onPostgres(dir, process.env.DATABASE_URL)));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
