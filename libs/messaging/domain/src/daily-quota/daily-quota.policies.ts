import { nextTokyoMidnight } from '@hw/platform/core';
import { dailyLimitReached } from './daily-quota.errors';

/** R-MSG-2: at most `limit` messages per registration per Japan-time day; the next one is refused until 00:00 JST. */
export const dailyLimitPolicy = (used: number, limit: number, at: Date): void => {
  if (used >= limit) throw dailyLimitReached(limit, nextTokyoMidnight(at));
};
