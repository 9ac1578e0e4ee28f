import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { ACCOUNT_FREE_FAILURES, FREE_FAILURES, LoginThrottleEvent, loginThrottleDecider, MAX_LOCK_SECONDS } from './index';

/**
 * The failed-login throttle as a decider (a security control, not a catalogue rule: these tests
 * name the behaviour). The clock is injected: every instant arrives in the command.
 */
const spec = DeciderSpecification.for(loginThrottleDecider);
const t0 = '2026-04-01T00:00:00.000Z';
const plus = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000).toISOString();
const attempt = (at = t0, free = FREE_FAILURES, scope: 'address' | 'account' = 'address') =>
  ({ type: 'CountAttempt', data: { at, free, scope } }) as const;
const counted = (failures: number, lockedUntil: string | null, at = t0): LoginThrottleEvent => ({
  type: 'FailureCounted',
  data: { failures, lockedUntil, at },
});

describe('login throttle decider: each attempt is counted before its password is checked', () => {
  it('the first three failures of an account + address lock nothing', () => {
    spec
      .given([])
      .when(attempt())
      .then([counted(1, null)]);
    spec
      .given([counted(1, null), counted(2, null)])
      .when(attempt())
      .then([counted(3, null)]);
  });

  it('the 4th attempt is counted and locks for 2 s; while locked the next is refused with 429 and the rest of the lock', () => {
    const three = [counted(1, null), counted(2, null), counted(3, null)];
    spec
      .given(three)
      .when(attempt())
      .then([counted(4, plus(2))]);
    spec
      .given([...three, counted(4, plus(2))])
      .when(attempt(plus(1)))
      .thenThrows(DomainError, { code: 'LOGIN_THROTTLED', kind: 'limit', details: { retryAfterSeconds: 1 } });
  });

  it('after the lock the next attempt is counted and doubles it (4 s), up to 15 minutes', () => {
    const four = [counted(1, null), counted(2, null), counted(3, null), counted(4, plus(2))];
    spec
      .given(four)
      .when(attempt(plus(2)))
      .then([counted(5, plus(2 + 4), plus(2))]);
    spec
      .given([counted(40, null)])
      .when(attempt())
      .then([counted(41, plus(MAX_LOCK_SECONDS))]);
  });

  it('the account over every address has 20 free failures; its refusal does not speak of an address', () => {
    spec
      .given([counted(ACCOUNT_FREE_FAILURES - 1, null)])
      .when(attempt(t0, ACCOUNT_FREE_FAILURES, 'account'))
      .then([counted(ACCOUNT_FREE_FAILURES, null)]);
    spec
      .given([counted(ACCOUNT_FREE_FAILURES + 1, plus(2))])
      .when(attempt(t0, ACCOUNT_FREE_FAILURES, 'account'))
      .thenThrows(DomainError, { code: 'LOGIN_THROTTLED', message: expect.not.stringContaining('address') });
  });

  it('a right password clears the count (and clearing a clean key records nothing)', () => {
    spec
      .given([counted(4, plus(2))])
      .when({ type: 'ClearFailures', data: {} })
      .then([{ type: 'FailuresCleared', data: {} }]);
    spec.given([]).when({ type: 'ClearFailures', data: {} }).then([]);
    spec
      .given([counted(4, plus(2)), { type: 'FailuresCleared', data: {} }])
      .when(attempt())
      .then([counted(1, null)]);
  });
});
