import { LoginThrottleEvent } from './login-throttle.events';

export interface LoginThrottleState {
  failures: number;
  lockedUntil: string | null;
}

export const initialLoginThrottleState = (): LoginThrottleState => ({ failures: 0, lockedUntil: null });

export const evolveLoginThrottle = (state: LoginThrottleState, event: LoginThrottleEvent): LoginThrottleState => {
  switch (event.type) {
    case 'FailureCounted':
      return { failures: event.data.failures, lockedUntil: event.data.lockedUntil };
    case 'FailuresCleared':
      return initialLoginThrottleState();
  }
};
