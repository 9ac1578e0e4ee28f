export type ThrottleScope = 'address' | 'account';

export type LoginThrottleCommand =
  /** One login attempt at `at` (the injected clock's instant); `free`: failures allowed before each further one locks. */
  | { type: 'CountAttempt'; data: { at: string; free: number; scope: ThrottleScope } }
  | { type: 'ClearFailures'; data: Record<string, never> };
