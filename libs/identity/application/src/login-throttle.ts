import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { retryOnConflict, WrongExpectedRevisionError } from '@hw/platform/event-log';
import { runSql } from '@hw/platform/projections';
import {
  ACCOUNT_FREE_FAILURES,
  FREE_FAILURES,
  LoginThrottleCommand,
  loginThrottleDecider,
  LoginThrottleState,
  ThrottleScope,
} from '@hw/identity/domain';

/**
 * The throttle's key of an account + client address: a SHA-256 digest, so that PostgreSQL gets no
 * NUL byte (text columns refuse 0x00) and the table holds no client address in clear.
 */
export const attemptKey = (login: string, address: string): string =>
  createHash('sha256').update(login).update('\u0000').update(address).digest('hex');
/** The key of the account over every address (no client address is ever empty). */
export const accountKey = (login: string): string => attemptKey(login, '');

/**
 * The failed-login throttle: its decisions are the pure loginThrottleDecider's; its state is a
 * row per key in the read database (operational state, not a record: nothing is lost when it
 * is emptied but the count), written with optimistic concurrency — the row's failure count is
 * its revision. An attempt reads the row, decides, and writes only if the row is still what it
 * read (INSERT … ON CONFLICT DO NOTHING for the first failure, UPDATE … WHERE failures = read
 * count after); a lost race is a WrongExpectedRevisionError and goes round the one retry policy
 * of every command path (retryOnConflict), deciding again on the row that won. So 40 concurrent
 * wrong passwords, over two processes sharing the read database, are counted 1, 2, 3, 4
 * (locked) and the other 36 find the lock: 429. A correct password deletes the row.
 */
export class LoginThrottle {
  constructor(private readonly db: DataSource) {}

  /**
   * One login attempt of `login` from `address` at `now` (the injected clock's): counted for the
   * account + address (3 free failures), then for the account over every address (20 free);
   * refused with LOGIN_THROTTLED when either is locked. `loginSucceeded` clears both.
   */
  async attemptLogin(login: string, address: string, now: Date): Promise<void> {
    await this.attempt(attemptKey(login, address), now, FREE_FAILURES);
    await this.attempt(accountKey(login), now, ACCOUNT_FREE_FAILURES, 'account');
  }

  async loginSucceeded(login: string, address: string): Promise<void> {
    await this.succeeded(attemptKey(login, address));
    await this.succeeded(accountKey(login));
  }

  /** Counts one attempt for `key` at `now`, or throws LOGIN_THROTTLED when the key is locked. */
  attempt(key: string, now: Date, free = FREE_FAILURES, scope: ThrottleScope = 'address'): Promise<void> {
    const command: LoginThrottleCommand = { type: 'CountAttempt', data: { at: now.toISOString(), free, scope } };
    return retryOnConflict(async () => {
      const read = await this.read(key);
      const [counted] = loginThrottleDecider.decide(command, read ?? loginThrottleDecider.initialState());
      if (counted?.type !== 'FailureCounted') return;
      const { failures, lockedUntil, at } = counted.data;
      const written = read
        ? await runSql<unknown[]>(
            this.db.manager,
            `UPDATE identity_login_attempts SET failures = :failures, locked_until = :lockedUntil, last_failure_at = :at
             WHERE attempt_key = :key AND failures = :read RETURNING attempt_key`,
            { key, failures, lockedUntil, at, read: read.failures },
          )
        : await runSql<unknown[]>(
            this.db.manager,
            `INSERT INTO identity_login_attempts (attempt_key, failures, locked_until, last_failure_at)
             VALUES (:key, :failures, :lockedUntil, :at) ON CONFLICT (attempt_key) DO NOTHING RETURNING attempt_key`,
            { key, failures, lockedUntil, at },
          );
      if (rowsOf(written) === 0) throw new WrongExpectedRevisionError('login-throttle', BigInt(read?.failures ?? -1), undefined);
    });
  }

  /** The password was right: the key starts again from zero. */
  async succeeded(key: string): Promise<void> {
    await runSql(this.db.manager, `DELETE FROM identity_login_attempts WHERE attempt_key = :key`, { key });
  }

  private async read(key: string): Promise<LoginThrottleState | undefined> {
    const [row] = await runSql<Array<{ failures: number; locked_until: string | null }>>(
      this.db.manager,
      `SELECT failures, locked_until FROM identity_login_attempts WHERE attempt_key = :key`,
      { key },
    );
    return row ? { failures: Number(row.failures), lockedUntil: row.locked_until } : undefined;
  }
}

/** RETURNING rows: an array on SQLite; PostgreSQL's driver answers an UPDATE with [rows, count]. */
const rowsOf = (result: unknown[]): number => (Array.isArray(result[0]) ? (result[0] as unknown[]).length : result.length);
