import { addDays, daysInclusive, eachDay, isJapanDay, nextTokyoMidnight, tokyoDay } from '@hw/platform/core';
import { invalidDayRange } from './daily-count.errors';
import { DayCount, TodayQuota } from './daily-count.state';

/**
 * R-MSG-2: today's count against the limit in force. `remaining` never goes below zero: a
 * lowered limit (policy change) may leave a day with more sent than the new limit allows.
 */
export const todayQuota = (count: DayCount | undefined, limit: number, now: Date): TodayQuota => {
  const day = tokyoDay(now);
  const sent = count && count.day === day ? count.sent : 0;
  return { day, sent, limit, remaining: Math.max(0, limit - sent), resetsAt: nextTokyoMidnight(now).toISOString() };
};

/** The longest history one request returns (a year, leap day included). */
export const MAX_HISTORY_DAYS = 366;
/** Without `from`, a history covers this many days up to `to`. */
export const DEFAULT_HISTORY_DAYS = 30;

/**
 * R-MSG-2 (days are Japan-time calendar days): the history range asked for. `to` defaults to
 * today (Japan time), `from` to 30 days ending at `to`; `from` must not be after `to` and the
 * range holds at most 366 days.
 */
export const historyRangePolicy = (query: { from?: string; to?: string }, now: Date): { from: string; to: string } => {
  const notADay = 'must be a Japan-time calendar day written yyyymmdd';
  if (query.from !== undefined && !isJapanDay(query.from)) throw invalidDayRange('from', notADay);
  if (query.to !== undefined && !isJapanDay(query.to)) throw invalidDayRange('to', notADay);
  const to = query.to ?? tokyoDay(now);
  const from = query.from ?? addDays(to, 1 - DEFAULT_HISTORY_DAYS);
  if (daysInclusive(from, to) < 1) throw invalidDayRange('from', `must not be after to (${to})`);
  if (daysInclusive(from, to) > MAX_HISTORY_DAYS) throw invalidDayRange('to', `a history covers at most ${MAX_HISTORY_DAYS} days`);
  return { from, to };
};

/** Every day of the range, in order, with zero for days without a message; a day's limit is the recorded one, else the current. */
export const dailyHistory = (counts: DayCount[], range: { from: string; to: string }, currentLimit: number): Array<Required<DayCount>> => {
  const byDay = new Map(counts.map((c) => [c.day, c]));
  return eachDay(range.from, range.to).map((day) => {
    const count = byDay.get(day);
    return { day, sent: count?.sent ?? 0, limit: count?.limit ?? currentLimit };
  });
};
