import { decideByType, Decider, OfType } from '@hw/platform/core';
import { LoginThrottleCommand } from './login-throttle.commands';
import { loginThrottled } from './login-throttle.errors';
import { LoginThrottleEvent } from './login-throttle.events';
import { lockSecondsAfter, secondsLocked } from './login-throttle.policies';
import { evolveLoginThrottle, initialLoginThrottleState, LoginThrottleState } from './login-throttle.state';

type Command<T extends LoginThrottleCommand['type']> = OfType<LoginThrottleCommand, T>;

/**
 * An attempt is counted BEFORE its password is checked, so concurrent guesses cannot all pass
 * an unlocked state: a locked key refuses (429, retry after the rest of the lock); otherwise the
 * count grows and the lock it earns is set at once.
 */
export const decideCountAttempt = ({ data }: Command<'CountAttempt'>, state: LoginThrottleState): LoginThrottleEvent[] => {
  const locked = secondsLocked(state.lockedUntil, data.at);
  if (locked > 0) throw loginThrottled(locked, data.scope);
  const failures = state.failures + 1;
  const lock = lockSecondsAfter(failures, data.free);
  const lockedUntil = lock > 0 ? new Date(Date.parse(data.at) + lock * 1000).toISOString() : null;
  return [{ type: 'FailureCounted', data: { failures, lockedUntil, at: data.at } }];
};

export const decideClearFailures = (_: Command<'ClearFailures'>, state: LoginThrottleState): LoginThrottleEvent[] =>
  state.failures > 0 ? [{ type: 'FailuresCleared', data: {} }] : [];

export const decideLoginThrottle = decideByType<LoginThrottleCommand, LoginThrottleState, LoginThrottleEvent>({
  CountAttempt: decideCountAttempt,
  ClearFailures: decideClearFailures,
});

/** The failed-login throttle of one key: pure; time arrives in the command from the injected clock. */
export const loginThrottleDecider: Decider<LoginThrottleCommand, LoginThrottleEvent, LoginThrottleState> = {
  initialState: initialLoginThrottleState,
  decide: decideLoginThrottle,
  evolve: evolveLoginThrottle,
};
