import { DataSource } from 'typeorm';
import { isRefusal } from '@hw/platform/core';
import { READ_DB_BACKENDS, TestReadDb } from '@hw/platform/projections/testing';
import { describeWith } from '@hw/platform/testing';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './credential.entity';
import { ACCOUNT_FREE_FAILURES } from '@hw/identity/domain';
import { attemptKey, LoginThrottle } from './login-throttle';

/**
 * The failed-login throttle on both read databases, under concurrency: the decider's decision
 * written only if the row is still what it was read as (optimistic concurrency, retried), so
 * concurrent attempts cannot all pass an unlocked read, and two data sources on one database
 * (two processes) share the decision.
 */
for (const backend of READ_DB_BACKENDS) {
  describeWith(backend.needs, `login throttle (${backend.name})`, () => {
    let db: TestReadDb;
    let a: DataSource;
    let b: DataSource;
    const now = new Date('2026-04-01T00:00:00.000Z');

    beforeAll(async () => {
      db = backend.create('throttle');
      a = await db.open(IDENTITY_ENTITIES, IDENTITY_MIGRATIONS);
      b = await db.open(IDENTITY_ENTITIES, IDENTITY_MIGRATIONS);
    });
    afterAll(() => db?.dispose());

    const settle = async (throttles: LoginThrottle[], key: string, n: number, at = now) =>
      Promise.allSettled(Array.from({ length: n }, (_, i) => throttles[i % throttles.length].attempt(key, at)));

    it('sequentially: three attempts pass, the 4th is counted and locks for 2 s, the 5th is refused; after the lock the next locks for 4 s', async () => {
      const throttle = new LoginThrottle(a);
      const key = attemptKey('seq', '127.0.0.1');
      for (let i = 0; i < 4; i++) await throttle.attempt(key, now);
      await expect(throttle.attempt(key, now)).rejects.toMatchObject({ code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: 2 } });
      const later = new Date(now.getTime() + 2000);
      await throttle.attempt(key, later);
      await expect(throttle.attempt(key, later)).rejects.toMatchObject({ details: { retryAfterSeconds: 4 } });
      await throttle.succeeded(key);
      await throttle.attempt(key, later);
    });

    it('40 concurrent attempts of one key over two data sources: exactly 4 are counted, 36 refused — no duplicate-key error', async () => {
      const key = attemptKey('concurrent', '10.0.0.1');
      const results = await settle([new LoginThrottle(a), new LoginThrottle(b)], key, 40);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused.every((r) => isRefusal((r as PromiseRejectedResult).reason, 'LOGIN_THROTTLED'))).toBe(true);
      expect(results.length - refused.length).toBe(4);
      // Still locked for this key; another address of the same account is its own key.
      await expect(new LoginThrottle(a).attempt(key, now)).rejects.toMatchObject({ code: 'LOGIN_THROTTLED' });
      await new LoginThrottle(a).attempt(attemptKey('concurrent', '10.0.0.2'), now);
    });

    it('guessing spread over many addresses: 25 concurrent logins of one account from 25 addresses — 21 counted, 4 refused, and a 26th address is refused while the account is locked', async () => {
      const throttles = [new LoginThrottle(a), new LoginThrottle(b)];
      const results = await Promise.allSettled(
        Array.from({ length: 25 }, (_, i) => throttles[i % 2].attemptLogin('spread', `10.1.0.${i}`, now)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(ACCOUNT_FREE_FAILURES + 1);
      expect(
        results.filter((r) => r.status === 'rejected').every((r) => isRefusal((r as PromiseRejectedResult).reason, 'LOGIN_THROTTLED')),
      ).toBe(true);
      await expect(throttles[0].attemptLogin('spread', '10.1.0.99', now)).rejects.toMatchObject({
        code: 'LOGIN_THROTTLED',
        message: expect.not.stringContaining('address'),
      });
      // The owner's correct password after the lock clears both counts.
      const later = new Date(now.getTime() + 2000);
      await throttles[0].attemptLogin('spread', '10.1.0.99', later);
      await throttles[0].loginSucceeded('spread', '10.1.0.99');
      await throttles[1].attemptLogin('spread', '10.1.0.100', later);
    });
  });
}
