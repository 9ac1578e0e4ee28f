import { DomainError, refused } from '@hw/platform/core';

/** R-MSG-2: the message that would exceed the day's limit is refused; says the limit and when it resets. */
export const dailyLimitReached = (limit: number, resetsAt: Date): DomainError =>
  refused(
    'DAILY_LIMIT_REACHED',
    `the registration has sent its ${limit} messages for today (Japan time); the limit resets at ${resetsAt.toISOString()} (00:00 JST)`,
    'R-MSG-2',
    'limit',
    undefined,
    { limit, resetsAt: resetsAt.toISOString() },
  );

export const quotaDayMismatch = (): DomainError =>
  refused('QUOTA_DAY_MISMATCH', 'a reservation belongs to the Japan-time day of its own instant', 'R-MSG-2', 'conflict');
