import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetter } from './platform-tables';
import { withTransaction } from './read-db';
import type { RunnerLogger } from './runner-support';

/**
 * Dead letters: what a projection or an inbox consumer could not apply (ARCHITECTURE: an event
 * that cannot be applied must not be retried forever). The models are Axon's sequenced
 * dead-letter queue and Marten's dead-letter events; see README "When a projection cannot
 * apply an event".
 */

/** How many times an event failing deterministically is tried before it is parked (default). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** SQLSTATE classes / codes of failures that are the database's state, not the event's fault. */
const TRANSIENT_SQLSTATE = [
  /^08/, // connection exception
  /^40001$/, // serialization failure
  /^40P01$/, // deadlock detected
  /^53/, // insufficient resources (disk full, out of memory, too many connections)
  /^55P03$/, // lock not available
  /^57014$/, // query cancelled (statement timeout)
  /^57P0[1-5]$/, // admin / crash shutdown, cannot connect now, database dropped, idle session timeout
  /^58/, // system error (I/O)
  /^XX/, // internal error
  // Syntax error or access rule violation (a missing table or column, a privilege): the schema
  // or the code, wrong for every event alike — parking them all would empty the projection
  // into dead letters; it waits, visible in readiness, for the migration or the fix.
  /^42/,
];
/** SQLite result codes of the same kind: a lock, the disk, the file — never one event's data. */
const TRANSIENT_SQLITE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|CANTOPEN|READONLY|PROTOCOL|INTERRUPT|CORRUPT|NOTADB)/;
/** SQLite says a schema problem (class 42 above) in its message only (SQLITE_ERROR). */
const SQLITE_SCHEMA_MESSAGE = /no such table|no such column|has no column named|syntax error/;
const TRANSIENT_NODE = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Errors thrown by the log or the drivers when a connection is gone or contended. */
const TRANSIENT_NAMES = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
  'QueryRunnerAlreadyReleasedError',
  'WrongExpectedRevisionError',
]);
const TRANSIENT_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|database is locked|Driver not Connected/i;

/**
 * An error by its shape, not `instanceof Error`: a driver's error may come from another realm
 * (a native addon, a test sandbox), where `instanceof` says no.
 */
const isErrorLike = (value: unknown): value is Error =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  typeof (value as { message?: unknown }).message === 'string';

/** The error and what it wraps (EventHandlingError.cause, TypeORM's driverError). */
const chain = (error: unknown): unknown[] => {
  const out: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && out.length < 5 && !out.includes(current)) {
    out.push(current);
    const c = current as { driverError?: unknown; cause?: unknown };
    if (c.driverError !== undefined) out.push(c.driverError);
    current = c.cause;
  }
  return out;
};

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
};

const isDatabaseError = (error: unknown): boolean => {
  const name = (error as { name?: unknown }).name;
  return (
    name === 'QueryFailedError' ||
    name === 'SqliteError' ||
    name === 'DatabaseError' ||
    (error as { severity?: unknown }).severity !== undefined
  );
};

/**
 * Whether a failure is transient: a lock, a lost connection, a full disk, a missing table — not
 * the event's fault: the same event will apply once the database (or the schema) is back, so
 * it is retried with backoff and never parked. Anything else (a constraint or data error, a
 * domain error, a bad payload's TypeError) is taken as deterministic: tried a few times, then
 * parked. `retryable: true` on an error marks it transient.
 */
export const isTransientError = (error: unknown): boolean =>
  chain(error).some((e) => {
    if (typeof e !== 'object' || e === null) return false;
    if ((e as { retryable?: unknown }).retryable === true) return true;
    const code = codeOf(e);
    if (code !== undefined) {
      if (TRANSIENT_SQLITE.test(code) || TRANSIENT_NODE.has(code)) return true;
      if (isDatabaseError(e) && /^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE.some((pattern) => pattern.test(code))) return true;
    }
    const { name, message } = e as { name?: unknown; message?: unknown };
    if (code === 'SQLITE_ERROR' && typeof message === 'string' && SQLITE_SCHEMA_MESSAGE.test(message)) return true;
    return (typeof name === 'string' && TRANSIENT_NAMES.has(name)) || (typeof message === 'string' && TRANSIENT_MESSAGE.test(message));
  });

/**
 * A database message with what it may echo of the row masked. PostgreSQL quotes the input it
 * cannot take (`invalid input syntax for type integer: "…"`, `value "…" is out of range`):
 * every quoted string is masked but the names it quotes after `constraint`, `relation`,
 * `column`, `type`, `encoding`… . Byte sequences (22021) are kept only as `0x00`. DETAIL
 * (`Failing row contains (…)`) is a separate field of the driver's error and is never read.
 */
const NAMED =
  /\b(?:constraint|relation|table|column|type|encoding|index|schema|function|sequence|domain|operator|database|role|extension|view|trigger)\s+$/i;
const maskedDatabaseMessage = (message: string): string =>
  message
    .split('\n')[0]
    .replace(/"(?:[^"\\]|\\.)*"/g, (quoted, offset: number, whole: string) => (NAMED.test(whole.slice(0, offset)) ? quoted : '"…"'))
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/((?:0x[0-9a-f]{2}\s*)+)$/i, (bytes: string) => (bytes.trim() === '0x00' ? bytes : '0x…'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f]/g, ' ');

/**
 * What a dead letter says about its error, without personal data: the class, its code (a domain
 * error's code and rule; the driver's SQLSTATE or SQLite code), and for a database error its
 * masked message plus the constraint / column / table it names. Never a thrown error's own
 * message (it may quote event data: `JSON.parse` does), never a query's parameters or DETAIL.
 */
export const describeParkedError = (error: unknown): string => {
  const errors = chain(error).filter(isErrorLike);
  const top = errors.find((e) => e.name !== 'EventHandlingError');
  if (!top) return 'a thrown value that is not an Error';
  const parts: string[] = [top.name];
  const code = errors.map(codeOf).find((c) => c !== undefined);
  const rule = (top as { rule?: unknown }).rule;
  if (code !== undefined) parts.push(`[${code}${typeof rule === 'string' ? ` ${rule}` : ''}]`);
  const database = errors.find(isDatabaseError);
  if (database) {
    parts.push(maskedDatabaseMessage(database.message));
    const names = ['constraint', 'table', 'column', 'dataType']
      .map((field) => [field, (database as unknown as Record<string, unknown>)[field]] as const)
      .filter(([, value]) => typeof value === 'string' && value.length > 0)
      .map(([field, value]) => `${field}=${String(value)}`);
    if (names.length > 0) parts.push(`(${names.join(', ')})`);
  }
  return parts.join(' ').slice(0, 1000);
};

/** A value we can always store in a text column (PostgreSQL refuses U+0000): for ids and types of bad events. */
export const storable = (value: unknown, length: number): string =>
  String(value)
    .replace(/\u0000/g, '\uFFFD') // eslint-disable-line no-control-regex
    .slice(0, length);

/**
 * An event id as the inbox and the dead letters key it (varchar 64): the id itself, or — if it
 * would not fit or holds U+0000 — its SHA-256 in hex, so that distinct ids never share a key
 * (cutting them short could make a new event look like a duplicate).
 */
export const eventKey = (id: string): string =>
  // eslint-disable-next-line no-control-regex
  id.length <= 64 && !/\u0000/.test(id) ? id : createHash('sha256').update(id).digest('hex');

/** The streams (or keys) with a parked event in this projection, each with its first parked event's id. */
export const parkedStreams = async (tx: EntityManager, projection: string): Promise<Map<string, string>> => {
  const rows = await tx
    .getRepository(DeadLetter)
    .find({ select: { streamId: true, eventId: true }, where: { projection }, order: { id: 'ASC' } });
  const streams = new Map<string, string>();
  for (const row of rows) if (!streams.has(row.streamId)) streams.set(row.streamId, row.eventId);
  return streams;
};

/** Whether this stream (key) has a parked event in this projection. */
export const isStreamParked = async (tx: EntityManager, projection: string, streamId: string): Promise<DeadLetter | null> =>
  tx.getRepository(DeadLetter).findOne({ where: { projection, streamId: storable(streamId, 300) }, order: { id: 'ASC' } });

export interface ParkedCount {
  projection: string;
  parked: number;
}

/** Parked events per projection / consumer of a read database (for readiness); projections with none are absent. */
export const parkedCounts = async (dataSource: DataSource): Promise<ParkedCount[]> => {
  const rows = await dataSource
    .getRepository(DeadLetter)
    .createQueryBuilder('d')
    .select('d.projection', 'projection')
    .addSelect('COUNT(*)', 'parked')
    .groupBy('d.projection')
    .orderBy('d.projection')
    .getRawMany<{ projection: string; parked: string | number }>();
  return rows.map((r) => ({ projection: r.projection, parked: Number(r.parked) }));
};

/** The dead letters of one projection, in parking order. */
export const deadLettersOf = async (manager: EntityManager, projection: string): Promise<DeadLetter[]> =>
  manager.getRepository(DeadLetter).find({ where: { projection }, order: { id: 'ASC' } });

/** What a retry did: events applied (and removed from the dead letters) and those still parked. */
export interface RetryOutcome {
  applied: number;
  stillParked: number;
}

/** How a runner or consumer applies its parked events again (retryParkedLetters). */
export interface ParkedRetry<E> {
  dataSource: DataSource;
  /** The projection's or consumer's name, as its dead letters carry it. */
  name: string;
  logger: RunnerLogger;
  /** The parked event, read before its transaction (from the log, or the letter's payload). */
  load(letter: DeadLetter): Promise<E> | E;
  /** Taken first in each retry's transaction (a projection's checkpoint lock, as its batches take it). */
  lock?(tx: EntityManager): Promise<unknown>;
  apply(event: E, tx: EntityManager): Promise<void>;
  /** The parked event as a log line names it (ids, type, position: no data). */
  describe(letter: DeadLetter): string;
}

/**
 * Applies a projection's or consumer's parked events again, in parking order, after a fix: each
 * in ONE transaction that applies it and deletes its dead letter. One that fails again stays
 * parked (its error and attempts updated), and so do the later ones of its stream or key (their
 * order); other streams' go on. For operators (a CLI).
 */
export const retryParkedLetters = async <E>(retry: ParkedRetry<E>): Promise<RetryOutcome> => {
  const { dataSource, name, logger } = retry;
  const blocked = new Set<string>();
  let applied = 0;
  for (const letter of await deadLettersOf(dataSource.manager, name)) {
    if (blocked.has(letter.streamId)) continue;
    try {
      const event = await retry.load(letter);
      const done = await withTransaction(dataSource, async (tx) => {
        await retry.lock?.(tx);
        const removed = await tx.getRepository(DeadLetter).delete({ id: letter.id });
        if (!removed.affected) return false; // another retry applied it meanwhile
        await retry.apply(event, tx);
        return true;
      });
      if (done) applied += 1;
    } catch (error) {
      blocked.add(letter.streamId);
      const description = describeParkedError(error);
      await withTransaction(dataSource, (tx) =>
        tx.getRepository(DeadLetter).update({ id: letter.id }, { attempts: letter.attempts + 1, error: description }),
      );
      logger.warn(`${name}: parked ${retry.describe(letter)} failed again: ${description}; it stays parked`);
    }
  }
  const stillParked = await dataSource.getRepository(DeadLetter).count({ where: { projection: name } });
  if (applied > 0) logger.log(`${name}: applied ${applied} parked event(s); ${stillParked} still parked`);
  return { applied, stillParked };
};
