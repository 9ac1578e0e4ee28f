import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventToAppend, RecordedEvent } from '@hw/platform/core';
import {
  AppendResult,
  DuplicateEventIdError,
  EventLog,
  ExpectedRevision,
  MultiAppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  WrongExpectedRevisionError,
} from './event-log.port';
import { lastPosition, LogAdapter, refuseRepeatedIds } from './log-adapter';
import { LogSource } from './log-subscription';

export interface SqliteEventLogOptions {
  /** File path, or ':memory:' for a throwaway log. */
  file: string;
  /** How long a writer waits for another process's write lock before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /** How often a live subscription looks for other processes' appends (ms). */
  pollIntervalMs?: number;
  /**
   * FULL (default): an acknowledged append survives power loss. NORMAL survives a killed
   * process only. Acknowledged appends must be durable, so production keeps FULL.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** One caller's append: one stream, or several committed together (appendMulti). */
interface PendingAppend {
  appends: StreamAppend[];
  resolve: (result: MultiAppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: MultiAppendResult } | { ok: false; error: unknown };

/** The log's table; exported so raw baselines (bench) insert into exactly the same shape. */
export const SQLITE_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);`;

const toRecorded = (row: Row): RecordedEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  revision: BigInt(row.revision),
  position: BigInt(row.position),
  type: row.type,
  schemaVersion: row.schema_version,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  recordedAt: new Date(row.recorded_at),
});

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Retries a synchronous SQLite call that failed with SQLITE_BUSY/LOCKED (beyond the busy
 * timeout, or where SQLite does not wait: a journal-mode switch), pausing 5–80 ms between tries.
 */
export const retryWhileBusy = <T>(work: () => T, attempts = 40): T => {
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      Atomics.wait(pause, 0, 0, Math.min(80, 5 * attempt) + Math.random() * 10);
    }
  }
};

const isBusy = (error: unknown): boolean => {
  const code = typeof error === 'object' && error !== null ? String((error as { code?: string }).code) : '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
};

/**
 * The embedded event log: one SQLite file in WAL mode.
 *
 * - Group commit: appends made in the same tick share one durable transaction, so the
 *   rate stays high with synchronous=FULL (ARCHITECTURE: known facts).
 * - Several processes may append to one file: BEGIN IMMEDIATE serialises writers, the
 *   expected-revision check runs inside the write lock, so exactly one wins each revision.
 * - Global positions are assigned under that lock, so readers never see a gap fill later.
 */
export class SqliteEventLog extends LogAdapter implements EventLog {
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly statements: ReturnType<SqliteEventLog['prepare']>;
  /**
   * One caller's append — all its streams — in its own transaction, or in a savepoint when called
   * inside one (better-sqlite3 nests): a conflict on any of its streams undoes all of them.
   */
  private readonly appendOne: Database.Transaction<(pending: PendingAppend) => MultiAppendResult>;
  /** Several appends in one transaction, each in its own savepoint: one conflict does not undo its neighbours. */
  private readonly appendMany: Database.Transaction<(batch: PendingAppend[], outcomes: Outcome[]) => void>;

  constructor(options: SqliteEventLogOptions) {
    super(options.pollIntervalMs ?? 50);
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // Switching a new file to WAL needs a moment alone with it: processes opening one file
    // together (several service processes at start-up) retry instead of failing.
    retryWhileBusy(() => this.db.pragma('journal_mode = WAL'));
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.retryBusy(() => this.db.exec(SQLITE_EVENTS_SCHEMA));
    this.statements = this.prepare();
    // Built once: creating better-sqlite3 transaction functions per flush costs measurable CPU.
    this.appendOne = this.db.transaction((pending: PendingAppend) => {
      const results = pending.appends.map((a) => this.appendNow(a.streamId, a.events, a.expected));
      return { results, position: lastPosition(results) };
    });
    this.appendMany = this.db.transaction((batch: PendingAppend[], outcomes: Outcome[]) => {
      outcomes.length = 0; // a retried (SQLITE_BUSY) transaction starts over
      for (const pending of batch) {
        try {
          outcomes.push({ ok: true, result: this.appendOne(pending) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  }

  private prepare() {
    const db = this.db;
    return {
      head: db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?'),
      byId: db.prepare('SELECT * FROM events WHERE event_id = ?'),
      insert: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at)
         VALUES (@streamId, @revision, @id, @type, @schemaVersion, @data, @metadata, @recordedAt)`,
      ),
      forwards: db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      backwards: db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      maxPosition: db.prepare('SELECT COALESCE(MAX(position), 0) AS position FROM events'),
      all: db.prepare('SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position ASC LIMIT ?'),
    };
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    return (await this.appendMulti([{ streamId, events, expected }])).results[0];
  }

  appendMulti(appends: StreamAppend[]): Promise<MultiAppendResult> {
    const refused = this.refusal(appends);
    if (refused) return Promise.reject(refused);
    return new Promise<MultiAppendResult>((resolve, reject) => {
      this.queue.push({ appends, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** One durable transaction for every append queued since the last flush (group commit). */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (batch.length === 1) {
      // A lone append needs no savepoint: its own transaction rolls back if it fails.
      const [pending] = batch;
      try {
        pending.resolve(this.retryBusy(() => this.appendOne.immediate(pending)));
      } catch (error) {
        pending.reject(error);
        return;
      }
      this.live.appended();
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      this.retryBusy(() => this.appendMany.immediate(batch, outcomes));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    this.live.appended();
  }

  private retryBusy<T>(work: () => T): T {
    return retryWhileBusy(work);
  }

  private appendNow(streamId: string, events: EventToAppend[], expected: ExpectedRevision): AppendResult {
    refuseRepeatedIds(streamId, events);
    const headRow = this.statements.head.get(streamId) as { revision: number | null };
    const current = headRow.revision === null ? undefined : BigInt(headRow.revision);
    const conflict =
      (expected === 'no_stream' && current !== undefined) ||
      (expected === 'stream_exists' && current === undefined) ||
      (typeof expected === 'bigint' && current !== expected);
    // A retry at an exact place finds the stream moved past that place: only then can these ids be
    // stored already, so only then are they looked up (one lookup per event saved on every send).
    // Ids stored elsewhere are still refused: the unique index answers (insertOne).
    const exact = expected === 'no_stream' || typeof expected === 'bigint';
    if (conflict || !exact) {
      const replay = this.idempotentReplay(streamId, events, expected);
      if (replay) return replay;
    }
    if (conflict) throw new WrongExpectedRevisionError(streamId, expected, current);

    let revision = current === undefined ? -1n : current;
    let position = 0n;
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      revision += 1n;
      const info = this.insertOne({
        streamId,
        revision: Number(revision),
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
        recordedAt,
      });
      position = BigInt(info.lastInsertRowid);
    }
    return { nextRevision: revision, position };
  }

  private insertOne(params: Record<string, unknown>): Database.RunResult {
    try {
      return this.statements.insert.run(params);
    } catch (error) {
      // An exact append does not look its ids up first (appendNow): the unique index refuses ids stored elsewhere.
      const code = String((error as { code?: string }).code);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' && /event_id/.test(String((error as Error).message))) {
        throw new DuplicateEventIdError(String(params.id), String(params.streamId));
      }
      throw error;
    }
  }

  /**
   * A retried append (same event ids, same stream, same order, same expected revision) returns
   * the original result and writes nothing. Ids stored anywhere else — another stream, another
   * place in this stream (the expected revision names the place), or mixed with new ids — are refused.
   */
  private idempotentReplay(streamId: string, events: EventToAppend[], expected: ExpectedRevision): AppendResult | undefined {
    const stored = events.map((e) => this.statements.byId.get(e.id) as Row | undefined);
    if (stored.every((row) => row === undefined)) return undefined;
    const first = stored[0];
    const samePlace =
      first !== undefined &&
      (expected === 'no_stream' ? first.revision === 0 : typeof expected === 'bigint' ? BigInt(first.revision) === expected + 1n : true);
    const consistent =
      samePlace &&
      stored.every(
        (row, i) => row !== undefined && row.stream_id === streamId && (i === 0 || row.revision === (stored[i - 1] as Row).revision + 1),
      );
    if (!consistent) {
      const clash = events.find((_, i) => stored[i] !== undefined) as EventToAppend;
      throw new DuplicateEventIdError(clash.id, streamId);
    }
    const last = stored[stored.length - 1] as Row;
    return { nextRevision: BigInt(last.revision), position: BigInt(last.position) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.statements.backwards.all(streamId, Number(options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER)), max)
        : this.statements.forwards.all(streamId, Number(options.fromRevision ?? 0n), max);
    return (rows as Row[]).map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const row = this.statements.head.get(streamId) as { revision: number | null };
    return row.revision === null ? undefined : BigInt(row.revision);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const head = this.headPosition();
    return this.readRange(options.after ?? 0n, head, options.maxCount ?? Number.MAX_SAFE_INTEGER, options.streamPrefixes).events;
  }

  /** The durability settings in force on this connection (journal_mode is stored in the file). */
  durabilitySettings(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' } {
    const journalMode = String(this.db.pragma('journal_mode', { simple: true }));
    const level = Number(this.db.pragma('synchronous', { simple: true }));
    const synchronous = (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[level];
    return { journalMode, synchronous };
  }

  /** The highest global position written so far (0 when empty). */
  headPosition(): bigint {
    return BigInt((this.statements.maxPosition.get() as { position: number }).position);
  }

  /**
   * Events in (after, upTo], at most maxCount of those that match the prefixes.
   * Returns how far it scanned, so a filtered subscription advances past other streams.
   */
  readRange(after: bigint, upTo: bigint, maxCount: number, prefixes?: string[]): { events: RecordedEvent[]; scannedTo: bigint } {
    if (!prefixes || prefixes.length === 0) {
      const rows = this.statements.all.all(Number(after), Number(upTo), maxCount) as Row[];
      const scannedTo = rows.length === maxCount ? BigInt(rows[rows.length - 1].position) : upTo;
      return { events: rows.map(toRecorded), scannedTo };
    }
    const where = prefixes.map(() => `substr(stream_id, 1, ?) = ?`).join(' OR ');
    const params = prefixes.flatMap((p) => [p.length, p]);
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE position > ? AND position <= ? AND (${where}) ORDER BY position ASC LIMIT ?`)
      .all(Number(after), Number(upTo), ...params, maxCount) as Row[];
    const scannedTo = rows.length === maxCount ? BigInt(rows[rows.length - 1].position) : upTo;
    return { events: rows.map(toRecorded), scannedTo };
  }

  protected source(streamPrefixes: string[] | undefined): Pick<LogSource, 'head' | 'read'> {
    return { head: async () => this.headPosition(), read: async (after, upTo, max) => this.readRange(after, upTo, max, streamPrefixes) };
  }

  protected release(): void {
    if (this.queue.length > 0) this.flush();
    this.db.close();
  }
}
