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
