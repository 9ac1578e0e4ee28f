import Database from 'better-sqlite3';
import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RecordedEvent } from '@hw/platform/core';
import { ChainLink, EventLog, STREAM_CHAIN_GENESIS, streamChainHash } from '@hw/platform/event-log';
import { PlatformConfig } from '@hw/platform/nest';
import { fingerprint } from './bundle';

/**
 * A tamper-evident chain over the SQLite log (R-AUD-1), kept beside it in
 * DATA_DIR/log-chain.sqlite: one SHA-256 per event, over the previous hash and the row exactly
 * as stored (position, id, stream, revision, type, schema version, data, metadata), and signed
 * heads (Ed25519, OPS_SIGNING_KEY) written by `seal-log`. `verify-log` recomputes the chain
 * from the log on the fly and names the first row edited, deleted, inserted or moved; the
 * signed heads make a chain file rewritten to match an edited log fail as well. Data is hashed
 * as stored, so crypto-shredding (destroying keys, never rows: R-AUD-2) keeps the chain intact.
 *
 * On KurrentDB (EVENT_LOG=eventstoredb) the same chain and the same verifier run over the log as
 * the event-log port reads it ($all in commit order, system events left out): each row is the
 * event's position, id, stream, revision, type, schema version and its data and metadata as
 * JSON — KurrentDB stores both as the JSON bytes it was given and never rewrites an event, so
 * what can change there is an event deleted (a tombstone, $maxCount, a scavenge) or a doctored
 * backup restored; both show as a deleted, inserted or edited position. That sealed chain is kept
 * beside the log (DATA_DIR/log-chain.sqlite). Besides, every event EsdbEventLog appends carries
 * its link in ITS STREAM's chain in its metadata (streamChainHash): verify-log walks those too
 * (verifyStreamChains), sealed or not, with no file at all — see the README's design note.
 */
const GENESIS = '0'.repeat(64);

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

export const rowHash = (previous: string, row: EventRow): string =>
  createHash('sha256')
    .update(previous)
    .update('\n')
    .update(JSON.stringify([row.position, row.event_id, row.stream_id, row.revision, row.type, row.schema_version, row.data, row.metadata]))
    .digest('hex');

const CHAIN_SCHEMA = `
CREATE TABLE IF NOT EXISTS chain (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS heads (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, sealed_at TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL);`;

const headBytes = (position: number, hash: string, sealedAt: string): Buffer =>
  Buffer.from(JSON.stringify(['hellowork-log-chain/1', position, hash, sealedAt]), 'utf8');

/** The log's rows in order, from the SQLite file as stored, or through the event-log port (KurrentDB). */
interface RowSource {
  rows(after: number, upTo?: number): AsyncGenerator<EventRow>;
  countAfter(position: number): Promise<number>;
  close(): void;
}

const PAGE = 5000;

const portRow = (e: RecordedEvent): EventRow => ({
  position: Number(e.position),
  event_id: e.id,
  stream_id: e.streamId,
  revision: Number(e.revision),
  type: e.type,
  schema_version: e.schemaVersion,
  data: JSON.stringify(e.data),
  metadata: JSON.stringify(e.metadata),
});

const portSource = (log: EventLog): RowSource => ({
  async *rows(after, upTo) {
    let cursor = after > 0 ? BigInt(after) : undefined;
    for (;;) {
      const page = await log.readAll({ after: cursor, maxCount: PAGE });
      if (page.length === 0) return;
      for (const event of page) {
        if (upTo !== undefined && Number(event.position) > upTo) return;
        yield portRow(event);
      }
      cursor = page[page.length - 1].position;
    }
  },
  async countAfter(position) {
    let n = 0;
    for await (const _row of this.rows(position)) n += 1;
    return n;
  },
  close: () => undefined,
});

const sqliteSource = (file: string): RowSource => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    async *rows(after, upTo) {
      const iterator = db
        .prepare(
          `SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE position > ?${upTo === undefined ? '' : ' AND position <= ?'} ORDER BY position`,
        )
        .iterate(...(upTo === undefined ? [after] : [after, upTo])) as IterableIterator<EventRow>;
      // An open statement keeps its connection busy: ended however the walk ends.
      try {
        yield* iterator;
      } finally {
        iterator.return?.();
      }
    },
    countAfter: async (position) => (db.prepare('SELECT COUNT(*) AS n FROM events WHERE position > ?').get(position) as { n: number }).n,
    close: () => db.close(),
  };
};

const openFiles = (config: PlatformConfig, log?: EventLog) => {
  const source = config.EVENT_LOG === 'sqlite' ? sqliteSource(config.eventLogFile) : log ? portSource(log) : undefined;
  if (!source) throw new Error('seal-log and verify-log on KurrentDB read the log through the event-log port: pass it');
  const chain = new Database(join(config.dataDir, 'log-chain.sqlite'));
  chain.pragma('journal_mode = WAL');
  chain.pragma('synchronous = FULL');
  chain.exec(CHAIN_SCHEMA);
  return { source, chain, close: () => (source.close(), chain.close()) };
};

/** Extends the chain to the log's head and signs the new head; returns it. */
export const sealLog = async (
  config: PlatformConfig,
  key: KeyObject,
  at: Date,
  log?: EventLog,
): Promise<{ position: number; hash: string; added: number; fingerprint: string }> => {
  const files = openFiles(config, log);
  try {
    const last = files.chain.prepare('SELECT position, hash FROM chain ORDER BY position DESC LIMIT 1').get() as
      { position: number; hash: string } | undefined;
    let previous = last?.hash ?? GENESIS;
    let position = last?.position ?? 0;
    let added = 0;
    const insert = files.chain.prepare('INSERT INTO chain (position, event_id, hash) VALUES (?, ?, ?)');
    // Hashed first (the rows may come from an asynchronous port), written in one transaction.
    const links: Array<[number, string, string]> = [];
    for await (const row of files.source.rows(position)) {
      previous = rowHash(previous, row);
      links.push([row.position, row.event_id, previous]);
      position = row.position;
      added += 1;
    }
    files.chain.transaction(() => {
      for (const link of links) insert.run(...link);
      const sealedAt = at.toISOString();
      const publicKey = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
      files.chain
        .prepare('INSERT OR REPLACE INTO heads (position, hash, sealed_at, public_key, signature) VALUES (?, ?, ?, ?, ?)')
        .run(position, previous, sealedAt, publicKey, sign(null, headBytes(position, previous, sealedAt), key).toString('base64'));
    })();
    return {
      position,
      hash: previous,
      added,
      fingerprint: fingerprint(createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString()),
    };
  } finally {
    files.close();
  }
};

export type LogVerdict =
  | {
      ok: true;
      verified: number;
      sealedUpTo: number;
      heads: number;
      unsealed: number;
      /** KurrentDB: the per-stream chains in the events' metadata, walked over the whole log. */
      streams?: { verified: number; unchained: number };
    }
  | {
      ok: false;
      position: number;
      eventId?: string;
      streamId?: string;
      revision?: number;
      problem: 'edited' | 'deleted' | 'inserted' | 'reordered' | 'head' | 'unsealed';
      reason: string;
      verified: number;
    };

/**
 * Walks the log and the chain together, position by position, up to the last sealed head:
 * a row whose hash differs was edited (or moved: the position is hashed), a chained position
 * missing from the log was deleted, a log row at a position the chain skips was inserted.
 */
export const verifyLog = async (config: PlatformConfig, trustedPublicKey?: string, log?: EventLog): Promise<LogVerdict> => {
  const chained = config.EVENT_LOG === 'sqlite' ? undefined : chainedReader(log);
  if (!chained) return verifySealed(config, trustedPublicKey, log);
  // KurrentDB: the sealed chain first (it names a deleted event by id), then every stream's chain.
  const sealed = existsSync(join(config.dataDir, 'log-chain.sqlite')) ? await verifySealed(config, trustedPublicKey, log) : undefined;
  if (sealed && !sealed.ok) return sealed;
  const streams = await verifyStreamChains(chained);
  if (!streams.ok) return streams;
  return {
    ...(sealed ?? { ok: true, verified: 0, sealedUpTo: 0, heads: 0, unsealed: streams.verified + streams.unchained }),
    streams: { verified: streams.verified, unchained: streams.unchained },
  };
};

/** An event log whose events carry stream-chain links (EsdbEventLog, also behind its decorators). */
interface ChainedReader {
  readAllChained(options: { after?: bigint; maxCount?: number }): Promise<Array<{ event: RecordedEvent; link?: ChainLink }>>;
}
const chainedReader = (log?: EventLog): ChainedReader | undefined =>
  typeof (log as Partial<ChainedReader> | undefined)?.readAllChained === 'function' ? (log as unknown as ChainedReader) : undefined;

/**
 * R-AUD-1 on KurrentDB: walks $all and checks every event's link in its stream's chain (carried
 * in its metadata, written by EsdbEventLog.append): the revision follows the stream's last one
 * (else an event before it was deleted, or one is there twice: inserted), the link's hash is the
 * event's content (else edited — or, when it matches the event at another revision, moved:
 * reordered), the link follows the stream's previous link (else inserted). An event without a
 * link in a stream that had chained events was not appended through the platform (inserted);
 * streams written before the chain (or by other tools) are counted as unchained. What one
 * stream's chain cannot see — a stream's tail cut off, or its whole chain recomputed by someone
 * with write access (the hash has no key) — is what seal-log's signed checkpoints of $all catch.
 */
export const verifyStreamChains = async (
  log: ChainedReader,
): Promise<{ ok: true; verified: number; unchained: number } | Extract<LogVerdict, { ok: false }>> => {
  const streams = new Map<string, { next: bigint; hash: string; linked: boolean }>();
  let verified = 0;
  let unchained = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await log.readAllChained({ after, maxCount: PAGE });
    if (page.length === 0) return { ok: true, verified, unchained };
    for (const { event, link } of page) {
      const state = streams.get(event.streamId) ?? { next: 0n, hash: STREAM_CHAIN_GENESIS, linked: false };
      const where = {
        position: Number(event.position),
        eventId: event.id,
        streamId: event.streamId,
        revision: Number(event.revision),
        verified,
      };
      const name = `${event.streamId} revision ${event.revision}`;
      if (event.revision > state.next)
        return {
          ok: false,
          ...where,
          problem: 'deleted',
          reason: `${name} follows revision ${state.next - 1n}: revision(s) ${state.next}…${event.revision - 1n} of the stream are missing (deleted)`,
        };
      if (event.revision < state.next)
        return { ok: false, ...where, problem: 'inserted', reason: `${name} comes again after revision ${state.next - 1n} (inserted)` };
      if (!link) {
        if (state.linked)
          return {
            ok: false,
            ...where,
            problem: 'inserted',
            reason: `${name} carries no chain link where its stream is chained (inserted, not appended through the platform)`,
          };
        unchained += 1;
        streams.set(event.streamId, { next: event.revision + 1n, hash: STREAM_CHAIN_GENESIS, linked: false });
        continue;
      }
      const content = { ...event };
      if (streamChainHash(link.previous, content) !== link.hash) {
        for (let d = 1n; d <= 16n; d++)
          for (const revision of [event.revision - d, event.revision + d])
            if (revision >= 0n && streamChainHash(link.previous, { ...content, revision }) === link.hash)
              return {
                ok: false,
                ...where,
                problem: 'reordered',
                reason: `${name} holds the event appended as revision ${revision} (reordered)`,
              };
        return { ok: false, ...where, problem: 'edited', reason: `${name} differs from what its chain link hashed (edited)` };
      }
      if (link.previous !== state.hash)
        return {
          ok: false,
          ...where,
          problem: 'inserted',
          reason: `${name} does not follow revision ${state.next - 1n} in its stream's chain (inserted or replaced)`,
        };
      streams.set(event.streamId, { next: event.revision + 1n, hash: link.hash, linked: true });
      verified += 1;
    }
    after = page[page.length - 1].event.position;
  }
};

const verifySealed = async (config: PlatformConfig, trustedPublicKey?: string, log?: EventLog): Promise<LogVerdict> => {
  if (!existsSync(join(config.dataDir, 'log-chain.sqlite'))) {
    return {
      ok: false,
      position: 0,
      problem: 'unsealed',
      reason: 'the log has never been sealed here (run seal-log first): nothing to verify against',
      verified: 0,
    };
  }
  const files = openFiles(config, log);
  // Open statement iterators keep their connection busy: ended before the files close.
  const open: Array<{ return?: (value?: never) => unknown }> = [];
  try {
    const heads = files.chain.prepare('SELECT * FROM heads ORDER BY position').all() as Array<{
      position: number;
      hash: string;
      sealed_at: string;
      public_key: string;
      signature: string;
    }>;
    for (const head of heads) {
      const good = verify(
        null,
        headBytes(head.position, head.hash, head.sealed_at),
        createPublicKey(trustedPublicKey ?? head.public_key),
        Buffer.from(head.signature, 'base64'),
      );
      if (!good)
        return {
          ok: false,
          position: head.position,
          problem: 'head',
          reason: `the signed head at position ${head.position} does not verify (the chain file was rewritten)`,
          verified: 0,
        };
    }
    const sealedUpTo = heads.length > 0 ? heads[heads.length - 1].position : 0;
    const headAt = new Map(heads.map((h) => [h.position, h.hash]));
    const logRows = files.source.rows(0, sealedUpTo);
    const chainRows = files.chain
      .prepare('SELECT position, event_id, hash FROM chain WHERE position <= ? ORDER BY position')
      .iterate(sealedUpTo) as IterableIterator<{ position: number; event_id: string; hash: string }>;
    open.push(logRows, chainRows);
    let previous = GENESIS;
    let verified = 0;
    let row = await logRows.next();
    let link = chainRows.next();
    while (!link.done) {
      const expected = link.value;
      const actual = row.done ? undefined : row.value;
      if (!actual || actual.position > expected.position) {
        return {
          ok: false,
          position: expected.position,
          eventId: expected.event_id,
          problem: 'deleted',
          reason: `event ${expected.event_id} at position ${expected.position} is missing from the log (deleted)`,
          verified,
        };
      }
      const where = {
        position: actual.position,
        eventId: actual.event_id,
        streamId: actual.stream_id,
        revision: actual.revision,
        verified,
      };
      if (actual.position < expected.position) {
        return {
          ok: false,
          ...where,
          problem: 'inserted',
          reason: `position ${actual.position} (${actual.stream_id} revision ${actual.revision}) is not in the sealed chain (inserted)`,
        };
      }
      const hash = rowHash(previous, actual);
      if (hash !== expected.hash) {
        const moved = actual.event_id !== expected.event_id;
        return {
          ok: false,
          ...where,
          problem: 'edited',
          reason: moved
            ? `position ${actual.position} holds event ${actual.event_id} where the chain has ${expected.event_id} (moved or replaced)`
            : `position ${actual.position} (${actual.stream_id} revision ${actual.revision}) differs from what was sealed (edited)`,
        };
      }
      const signed = headAt.get(actual.position);
      if (signed !== undefined && signed !== hash)
        return {
          ok: false,
          ...where,
          problem: 'head',
          reason: `the chain at position ${actual.position} differs from its signed head (the chain file was rewritten)`,
        };
      previous = hash;
      verified += 1;
      row = await logRows.next();
      link = chainRows.next();
    }
    if (!row.done) {
      const extra = row.value;
      return {
        ok: false,
        position: extra.position,
        eventId: extra.event_id,
        streamId: extra.stream_id,
        revision: extra.revision,
        problem: 'inserted',
        reason: `position ${extra.position} (${extra.stream_id} revision ${extra.revision}) is not in the sealed chain (inserted)`,
        verified,
      };
    }
    const unsealed = await files.source.countAfter(sealedUpTo);
    return { ok: true, verified, sealedUpTo, heads: heads.length, unsealed };
  } finally {
    for (const iterator of open) await iterator.return?.();
    files.close();
  }
};
