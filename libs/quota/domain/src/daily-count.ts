import { addDays, daysInclusive, DomainError, eachDay, isJapanDay, nextTokyoMidnight, tokyoDay } from '@hw/platform/core';

/**
 * The quota service's read side of R-MSG-2: how many messages a registration has sent on a
 * Japan-time day, how many remain under the daily limit (policy DAILY_MESSAGE_LIMIT), and when
 * the count resets (00:00 JST). Messaging decides the limit at send time; this only reports the
 * count the log holds, so it never refuses anything.
 */

/** One day's count as projected from the log: one reservation in `daily-quota-<registrationId>-<yyyymmdd>` = one message. */
export interface DayCount {
  day: string;
  sent: number;
  /** The limit the day's reservations were decided under (recorded in each reservation), when any. */
  limit?: number;
}

export interface TodayQuota {
  day: string;
  sent: number;
  limit: number;
  remaining: number;
  /** 00:00 JST of the next Japan-time day, as a UTC instant. */
  resetsAt: string;
}

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

export class InvalidDayRangeError extends DomainError {
  constructor(field: 'from' | 'to', message: string) {
    super('INVALID_DAY_RANGE', `${field}: ${message}`, 'R-MSG-2', 'refused', field);
  }
}

/**
 * R-MSG-2 (days are Japan-time calendar days): the history range asked for. `to` defaults to
 * today (Japan time), `from` to 30 days ending at `to`; `from` must not be after `to` and the
 * range holds at most 366 days.
 */
export const historyRangePolicy = (query: { from?: string; to?: string }, now: Date): { from: string; to: string } => {
  if (query.from !== undefined && !isJapanDay(query.from)) throw new InvalidDayRangeError('from', 'must be a Japan-time calendar day written yyyymmdd');
  if (query.to !== undefined && !isJapanDay(query.to)) throw new InvalidDayRangeError('to', 'must be a Japan-time calendar day written yyyymmdd');
  const to = query.to ?? tokyoDay(now);
  const from = query.from ?? addDays(to, 1 - DEFAULT_HISTORY_DAYS);
  if (daysInclusive(from, to) < 1) throw new InvalidDayRangeError('from', `must not be after to (${to})`);
  if (daysInclusive(from, to) > MAX_HISTORY_DAYS) throw new InvalidDayRangeError('to', `a history covers at most ${MAX_HISTORY_DAYS} days`);
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

/**
 * The reference fold (R-AUD-1): the counts per registration and day that a list of daily-quota
 * reservations makes — every reservation in the log is one message (messaging already counts a
 * retried send once, R-MSG-8). The projection keeps the same numbers incrementally; tests
 * compare the two.
 */
export const countReservations = (
  reservations: Array<{ registrationId: string; day: string; limit: number }>,
): Map<string, Required<DayCount> & { registrationId: string }> => {
  const counts = new Map<string, Required<DayCount> & { registrationId: string }>();
  for (const r of reservations) {
    const key = `${r.registrationId}|${r.day}`;
    const current = counts.get(key) ?? { registrationId: r.registrationId, day: r.day, sent: 0, limit: r.limit };
    counts.set(key, { ...current, sent: current.sent + 1, limit: r.limit });
  }
  return counts;
};
