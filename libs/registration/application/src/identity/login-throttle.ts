import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '@hw/platform/core';

/** Failures allowed before each further one locks the account for this address. */
export const FREE_FAILURES = 3;
/**
 * Failures of one account from all addresses together before each further one locks it for
 * every address: guessing spread over many addresses is slowed too, while one address's
 * mistakes lock only that address (an account cannot be locked for its owner by a few tries).
 */
export const ACCOUNT_FREE_FAILURES = 20;
/** The lock doubles with every further failure, up to this (15 minutes). */
export const MAX_LOCK_SECONDS = 15 * 60;

/**
 * The throttle's key of an account + client address: a SHA-256 digest, so that PostgreSQL gets no
 * NUL byte (text columns refuse 0x00) and the table holds no client address in clear.
 */
export const attemptKey = (login: string, address: string): string =>
  createHash('sha256').update(login).update('\u0000').update(address).digest('hex');
/** The key of the account over every address (no client address is ever empty). */
export const accountKey = (login: string): string => attemptKey(login, '');

export class LoginThrottled extends DomainError {
  constructor(retryAfterSeconds: number, scope: 'address' | 'account' = 'address') {
    super(
      'LOGIN_THROTTLED',
      `too many failed logins for this account${scope === 'address' ? ' from this address' : ''}; try again later`,
      undefined,
      'limit',
      'login',
      { retryAfterSeconds },
    );
  }
}

/** The lock after the n-th counted failure: none up to `free`, then 2, 4, 8 … s, capped. */
export const lockSecondsAfter = (failures: number, free = FREE_FAILURES): number =>
  failures > free ? Math.min(2 ** (failures - free), MAX_LOCK_SECONDS) : 0;

/** The failure count from which the lock stays at MAX_LOCK_SECONDS. */
const cappedAt = (free: number): number => {
  let n = free + 1;
  while (lockSecondsAfter(n, free) < MAX_LOCK_SECONDS) n++;
  return n;
};

/**
 * Failed-login throttle as ONE atomic statement per attempt. Each attempt
 * is counted as a failure *before* its password is checked: an upsert that increments the
 * account + address row — unless it is locked — and sets the lock its new count earns, in the
 * same statement. The database serialises the statements of one key (SQLite: one writer;
 * PostgreSQL: the conflicting row is locked and the WHERE re-checked on its latest version), so
 * 40 concurrent wrong passwords are counted 1, 2, 3, 4 (locked) and the other 36 find the lock:
 * 429, across processes sharing the read database too. A correct password then clears the row.
 * Before, each attempt read the row, checked the password and saved count + 1: concurrent
 * attempts all read "no lock", all got 401, and concurrent first failures raced on the insert
 * (duplicate key, a 500).
 */
export class LoginThrottle {
  constructor(private readonly db: DataSource) {}

  /**
   * One login attempt of `login` from `address`: counted for the account + address (3 free
   * failures) and then for the account over every address (20 free), each atomically; throws
   * LoginThrottled when either is locked. `succeeded` clears both when the password was right.
   */
  async attemptLogin(login: string, address: string, now: Date): Promise<void> {
    await this.attempt(attemptKey(login, address), now, FREE_FAILURES);
    await this.attempt(accountKey(login), now, ACCOUNT_FREE_FAILURES, 'account');
  }

  async loginSucceeded(login: string, address: string): Promise<void> {
    await this.succeeded(attemptKey(login, address));
    await this.succeeded(accountKey(login));
  }

  /**
   * Counts one attempt for `key` at `now`, or throws LoginThrottled when the key is locked.
   * The caller clears the count (`succeeded`) when the password was right.
   */
  async attempt(key: string, now: Date, free = FREE_FAILURES, scope: 'address' | 'account' = 'address'): Promise<void> {
    const at = now.toISOString();
    // The lock each possible new count earns, as parameters: the CASE keeps the statement
    // portable (no date arithmetic in SQL) and the decision inside the one upsert.
    const locks: Record<string, unknown> = { key, at };
    const branches: string[] = [];
    for (let n = free + 1; n < cappedAt(free); n++) {
      locks[`l${n}`] = new Date(now.getTime() + lockSecondsAfter(n, free) * 1000).toISOString();
      branches.push(`WHEN identity_login_attempts.failures + 1 = ${n} THEN :l${n}`);
    }
    locks.lmax = new Date(now.getTime() + MAX_LOCK_SECONDS * 1000).toISOString();
    const first = lockSecondsAfter(1, free) > 0 ? new Date(now.getTime() + lockSecondsAfter(1, free) * 1000).toISOString() : null;
    const rows = (await this.run(
      `INSERT INTO identity_login_attempts (attempt_key, failures, locked_until, last_failure_at)
       VALUES (:key, 1, :first, :at)
       ON CONFLICT (attempt_key) DO UPDATE SET
         failures = identity_login_attempts.failures + 1,
         last_failure_at = excluded.last_failure_at,
         locked_until = CASE WHEN identity_login_attempts.failures + 1 <= ${free} THEN NULL ${branches.join(' ')} ELSE :lmax END
       WHERE identity_login_attempts.locked_until IS NULL OR identity_login_attempts.locked_until <= :at
       RETURNING failures`,
      { ...locks, first },
    )) as unknown[];
    if (rows.length > 0) return;
    // Nothing counted: the row is locked. Say for how long.
    const [row] = (await this.run(`SELECT locked_until FROM identity_login_attempts WHERE attempt_key = :key`, { key })) as Array<{
      locked_until: string | null;
    }>;
    const until = row?.locked_until ? new Date(row.locked_until).getTime() : now.getTime() + 1000;
    throw new LoginThrottled(Math.max(1, Math.ceil((until - now.getTime()) / 1000)), scope);
  }

  /** The password was right: the account + address starts again from zero. */
  async succeeded(key: string): Promise<void> {
    await this.run(`DELETE FROM identity_login_attempts WHERE attempt_key = :key`, { key });
  }

  /** `:name` parameters rewritten for the driver (`?` on SQLite, `$n` on PostgreSQL). */
  private run(sql: string, parameters: Record<string, unknown>): Promise<unknown> {
    const [query, values] = this.db.driver.escapeQueryWithParameters(sql, parameters, {});
    return this.db.query(query, values);
  }
}
