import { DomainError } from '@hw/platform/core';

/**
 * Reporting periods (R-REP-1): calendar quarters in Japan time (*policy* REPORT_PERIOD: the
 * quarter is the only period built; a period id names it, `yyyyQn`). Due by REPORT_DUE_DAY
 * (*policy*, default 20) of the month after the quarter's last month; overdue from 00:00 JST the
 * day after (R-REP-3). Instants are UTC; day boundaries are Asia/Tokyo.
 */
export interface ReportPeriod {
  id: string;
  /** 00:00 JST of the quarter's first day (inclusive), UTC ISO. */
  startsAt: string;
  /** 00:00 JST of the next quarter's first day (exclusive): obligations open then. */
  endsAt: string;
  /** First and last Japan-time day (yyyymmdd) of the period, for day-keyed figures (R-REP-2). */
  firstDay: string;
  lastDay: string;
  /** Last Japan-time day (yyyymmdd) a filing is on time. */
  dueDay: string;
  /** 00:00 JST the day after the due day: unfiled obligations are overdue from here (R-REP-3). */
  overdueAt: string;
}

export interface ReportingPolicy {
  /** R-REP-1 *policy*: day of the month after the quarter by which a report is due. */
  dueDay: number;
}

export const DEFAULT_REPORTING_POLICY: ReportingPolicy = { dueDay: 20 };

const JST_MS = 9 * 3_600_000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** 00:00 JST of a calendar date (month 0-based; overflow rolls into the next year). */
const tokyoMidnight = (year: number, month: number, day: number): Date => new Date(Date.UTC(year, month, day) - JST_MS);
const dayOf = (year: number, month: number, day: number): string => {
  const d = new Date(Date.UTC(year, month, day));
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
};

/** R-REP-1 policy REPORT_DUE_DAY: 1–28, so every month has it. */
export const validateReportingPolicy = (policy: ReportingPolicy): ReportingPolicy => {
  if (!Number.isInteger(policy.dueDay) || policy.dueDay < 1 || policy.dueDay > 28)
    throw new DomainError('INVALID_REPORTING_POLICY', 'REPORT_DUE_DAY must be an integer 1–28', 'R-REP-1', 'refused', 'dueDay');
  return policy;
};

export const PERIOD_ID = /^([0-9]{4})Q([1-4])$/;

/** The id of the quarter a Japan-time day (yyyymmdd) belongs to: where a day-keyed fact counts (R-REP-2). */
export const periodIdOfDay = (day: string): string => `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(4, 6)) - 1) / 3) + 1}`;

/** The quarter named `yyyyQn`; a malformed id is refused naming the field. */
export const periodById = (id: string, policy: ReportingPolicy = DEFAULT_REPORTING_POLICY): ReportPeriod => {
  const match = PERIOD_ID.exec(id);
  if (!match) throw new DomainError('INVALID_PERIOD', 'a period is written yyyyQn, e.g. 2026Q1', 'R-REP-1', 'refused', 'period');
  const year = Number(match[1]);
  const firstMonth = (Number(match[2]) - 1) * 3;
  return {
    id,
    startsAt: tokyoMidnight(year, firstMonth, 1).toISOString(),
    endsAt: tokyoMidnight(year, firstMonth + 3, 1).toISOString(),
    firstDay: dayOf(year, firstMonth, 1),
    lastDay: dayOf(year, firstMonth + 3, 0),
    dueDay: dayOf(year, firstMonth + 3, policy.dueDay),
    overdueAt: tokyoMidnight(year, firstMonth + 3, policy.dueDay + 1).toISOString(),
  };
};

/** The quarter (Japan time) an instant falls in. */
export const periodAt = (at: Date, policy: ReportingPolicy = DEFAULT_REPORTING_POLICY): ReportPeriod => {
  const shifted = new Date(at.getTime() + JST_MS);
  return periodById(`${shifted.getUTCFullYear()}Q${Math.floor(shifted.getUTCMonth() / 3) + 1}`, policy);
};

/** The quarter before this one. */
export const previousPeriod = (period: ReportPeriod, policy: ReportingPolicy = DEFAULT_REPORTING_POLICY): ReportPeriod =>
  periodAt(new Date(new Date(period.startsAt).getTime() - 1), policy);

/** The last period that has ended at `at` (R-REP-1: its obligations are open from its end). */
export const lastEndedPeriod = (at: Date, policy: ReportingPolicy = DEFAULT_REPORTING_POLICY): ReportPeriod =>
  previousPeriod(periodAt(at, policy), policy);

/** Periods from the one containing `from` through the last ended at `at`, oldest first (empty when none has ended). */
export const endedPeriodsSince = (from: Date, at: Date, policy: ReportingPolicy = DEFAULT_REPORTING_POLICY): ReportPeriod[] => {
  const periods: ReportPeriod[] = [];
  for (let p = periodAt(from, policy); new Date(p.endsAt) <= at; p = periodAt(new Date(p.endsAt), policy)) periods.push(p);
  return periods;
};
