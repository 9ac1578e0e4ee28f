/**
 * Whether a registration was active at any moment of a period (R-REP-1, lifecycle R-ORG-1),
 * from its status timeline as registration published it: approved (active) at `approvedAt`, then
 * each status change in order. Suspended, terminated or expired during the period still owes:
 * it was active before. Pure: the timeline and period come in.
 */
export interface StatusChange {
  status: 'active' | 'suspended' | 'terminated' | 'expired';
  at: string;
}

export const activeIntervals = (approvedAt: string, changes: StatusChange[]): Array<{ from: string; to?: string }> => {
  const ordered = [...changes].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const intervals: Array<{ from: string; to?: string }> = [];
  let openFrom: string | undefined = approvedAt;
  for (const change of ordered) {
    if (change.status === 'active') openFrom ??= change.at;
    else if (openFrom !== undefined) {
      intervals.push({ from: openFrom, to: change.at });
      openFrom = undefined;
    }
  }
  if (openFrom !== undefined) intervals.push({ from: openFrom });
  return intervals;
};

/** R-REP-1: active at any instant of [startsAt, endsAt). */
export const wasActiveDuring = (approvedAt: string, changes: StatusChange[], period: { startsAt: string; endsAt: string }): boolean => {
  const start = Date.parse(period.startsAt);
  const end = Date.parse(period.endsAt);
  return activeIntervals(approvedAt, changes).some((i) => Date.parse(i.from) < end && (i.to === undefined || Date.parse(i.to) > start));
};

/**
 * R-REP-3: a sanction for a repeat after resumption is termination. A registration has been
 * resumed after a sanction when a sanction suspension of it was followed by a return to active.
 */
export const resumedAfterSanction = (changes: Array<StatusChange & { reason?: string }>): boolean => {
  const ordered = [...changes].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let sanctioned = false;
  for (const change of ordered) {
    if (change.status === 'suspended' && change.reason === 'sanction') sanctioned = true;
    else if (change.status === 'active' && sanctioned) return true;
  }
  return false;
};
