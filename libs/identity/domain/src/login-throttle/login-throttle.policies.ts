/**
 * The failed-login throttle's numbers. Not a rule of the service's catalogue (docs/RULES.md):
 * a security control of the platform, so its tests name the behaviour, not a rule id.
 */

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

/** The lock after the n-th counted failure: none up to `free`, then 2, 4, 8 … s, capped. */
export const lockSecondsAfter = (failures: number, free = FREE_FAILURES): number =>
  failures > free ? Math.min(2 ** (failures - free), MAX_LOCK_SECONDS) : 0;

/** Whole seconds until `lockedUntil` (at least 1), or 0 when the key is not locked at `at`. */
export const secondsLocked = (lockedUntil: string | null, at: string): number => {
  if (lockedUntil === null || lockedUntil <= at) return 0;
  return Math.max(1, Math.ceil((Date.parse(lockedUntil) - Date.parse(at)) / 1000));
};
