import { DomainError } from '@hw/platform/core';
import { ThrottleScope } from './login-throttle.commands';

/** 429 with Retry-After; the message never names the client address, only whether the lock is the address's or the account's. */
export const loginThrottled = (retryAfterSeconds: number, scope: ThrottleScope): DomainError =>
  new DomainError(
    'LOGIN_THROTTLED',
    `too many failed logins for this account${scope === 'address' ? ' from this address' : ''}; try again later`,
    undefined,
    'limit',
    'login',
    { retryAfterSeconds },
  );
