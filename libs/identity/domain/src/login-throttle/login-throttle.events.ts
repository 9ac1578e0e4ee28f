/** The throttle of one key (an account + client address, or an account over every address). */
export type LoginThrottleEvent =
  /** A login attempt, counted as a failure before its password is checked; `lockedUntil` is the lock the new count earns. */
  | { type: 'FailureCounted'; data: { failures: number; lockedUntil: string | null; at: string } }
  /** The password was right: the key starts again from zero. */
  | { type: 'FailuresCleared'; data: Record<string, never> };
