import Database from 'better-sqlite3';
import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformConfig } from '@hw/platform/nest';
import { fingerprint, UsageError } from './bundle';

/**
 * A tamper-evident chain over the SQLite log (R-AUD-1), kept beside it in
 * DATA_DIR/log-chain.sqlite: one SHA-256 per event, over the previous hash and the row exactly
 * as stored (position, id, stream, revision, type, schema version, data, metadata), and signed
 * heads (Ed25519, OPS_SIGNING_KEY) written by `seal-log`. `verify-log` recomputes the chain
 * from the log on the fly and names the first row edited, deleted, inserted or moved; the
 * signed heads make a chain file rewritten to match an edited log fail as well. Data is hashed
 * as stored, so crypto-shredding (destroying keys, never rows: R-AUD-2) keeps the chain intact.
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

const openFiles = (config: PlatformConfig, readonlyLog = true) => {
  if (config.EVENT_LOG !== 'sqlite')
    throw new UsageError('seal-log and verify-log work on the SQLite log (EVENT_LOG=sqlite) only, for now');
  const log = new Database(config.eventLogFile, { readonly: readonlyLog, fileMustExist: true });
  const chain = new Database(join(config.dataDir, 'log-chain.sqlite'));
  chain.pragma('journal_mode = WAL');
  chain.pragma('synchronous = FULL');
  chain.exec(CHAIN_SCHEMA);
  return { log, chain, close: () => (log.close(), chain.close()) };
};

/** Extends the chain to the log's head and signs the new head; returns it. */
export const sealLog = (
  config: PlatformConfig,
  key: KeyObject,
  at: Date,
): { position: number; hash: string; added: number; fingerprint: string } => {
  const files = openFiles(config);
  try {
    const last = files.chain.prepare('SELECT position, hash FROM chain ORDER BY position DESC LIMIT 1').get() as
      { position: number; hash: string } | undefined;
    let previous = last?.hash ?? GENESIS;
    let position = last?.position ?? 0;
    let added = 0;
    const insert = files.chain.prepare('INSERT INTO chain (position, event_id, hash) VALUES (?, ?, ?)');
    const rows = files.log
      .prepare(
        'SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE position > ? ORDER BY position',
      )
      .iterate(position) as IterableIterator<EventRow>;
    files.chain.transaction(() => {
      for (const row of rows) {
        previous = rowHash(previous, row);
        insert.run(row.position, row.event_id, previous);
        position = row.position;
        added += 1;
      }
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
  | { ok: true; verified: number; sealedUpTo: number; heads: number; unsealed: number }
  | {
      ok: false;
      position: number;
      eventId?: string;
      streamId?: string;
      revision?: number;
      problem: 'edited' | 'deleted' | 'inserted' | 'head' | 'unsealed';
      reason: string;
      verified: number;
    };

/**
 * Walks the log and the chain together, position by position, up to the last sealed head:
 * a row whose hash differs was edited (or moved: the position is hashed), a chained position
 * missing from the log was deleted, a log row at a position the chain skips was inserted.
 */
export const verifyLog = (config: PlatformConfig, trustedPublicKey?: string): LogVerdict => {
  if (config.EVENT_LOG === 'sqlite' && !existsSync(join(config.dataDir, 'log-chain.sqlite'))) {
    return {
      ok: false,
      position: 0,
      problem: 'unsealed',
      reason: 'the log has never been sealed here (run seal-log first): nothing to verify against',
      verified: 0,
    };
  }
  const files = openFiles(config);
  // Open statement iterators keep their connection busy: ended before the files close.
  const open: Array<IterableIterator<unknown>> = [];
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
    const logRows = files.log
      .prepare(
        'SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE position <= ? ORDER BY position',
      )
      .iterate(sealedUpTo) as IterableIterator<EventRow>;
    const chainRows = files.chain
      .prepare('SELECT position, event_id, hash FROM chain WHERE position <= ? ORDER BY position')
      .iterate(sealedUpTo) as IterableIterator<{ position: number; event_id: string; hash: string }>;
    open.push(logRows, chainRows);
    let previous = GENESIS;
    let verified = 0;
    let row = logRows.next();
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
      row = logRows.next();
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
    const unsealed = (files.log.prepare('SELECT COUNT(*) AS n FROM events WHERE position > ?').get(sealedUpTo) as { n: number }).n;
    return { ok: true, verified, sealedUpTo, heads: heads.length, unsealed };
  } finally {
    for (const iterator of open) iterator.return?.();
    files.close();
  }
};
