import { tokyoDay } from '@hw/platform/core';
import {
  badFigure,
  notRegistrationAdmin,
  notYourBureau,
  notYourRegistration,
  periodNotEnded,
  reasonRequired,
  terminationNeedsGround,
} from './report.errors';
import { EnteredFigures, SanctionDecision } from './report.events';

/** R-REP-1: a report can be filed only after its period has ended. */
export const filingAfterPeriodEndPolicy = (periodEndsAt: string, at: string): void => {
  if (Date.parse(at) < Date.parse(periodEndsAt)) throw periodNotEnded();
};

/** R-REP-1: a filing after the due day (Japan time) is on record as late. */
export const lateFilingPolicy = (dueDay: string, at: string): boolean => tokyoDay(new Date(at)) > dueDay;

/** R-REP-2: entered figures are non-negative integers, and placements ≤ applications accepted. */
export const enteredFiguresPolicy = (entered: EnteredFigures): void => {
  for (const field of ['applicationsAccepted', 'placements', 'paidServicesProvided'] as const) {
    const value = entered[field];
    if (!Number.isSafeInteger(value) || value < 0) throw badFigure(field, `${field} must be a non-negative integer (R-REP-2)`);
  }
  if (entered.placements > entered.applicationsAccepted)
    throw badFigure('placements', 'placements cannot exceed job applications accepted (R-REP-2)');
};

/** R-REP-2: an amendment (and every bureau decision) gives a reason. */
export const reasonPolicy = (reason: string): void => {
  if (reason.trim().length === 0) throw reasonRequired();
};

/** R-REP-3: overdue from 00:00 JST the day after the due day. */
export const overduePolicy = (overdueAt: string, at: string): boolean => Date.parse(at) >= Date.parse(overdueAt);

/** R-ORG-6: an organisation user acts under its own registration only. */
export const ownRegistrationPolicy = (reportRegistration: string, actingRegistration: string): void => {
  if (reportRegistration !== actingRegistration) throw notYourRegistration();
};

/** R-REP-1: the organisation's administrator files (and amends) its reports; other users of the registration do not. */
export const registrationAdminPolicy = (admin: boolean): void => {
  if (!admin) throw notRegistrationAdmin();
};

/** R-ORG-2: the bureau of the registration's prefecture decides. */
export const ownBureauPolicy = (reportPrefecture: string, bureauPrefecture: string): void => {
  if (reportPrefecture !== bureauPrefecture) throw notYourBureau();
};

/** R-REP-3: the sanction the rule gives — 6 months' suspension first, termination for a repeat after resumption. */
export const proposedSanctionPolicy = (resumedAfterSanction: boolean): SanctionDecision =>
  resumedAfterSanction ? 'termination' : 'suspension';

/** R-REP-3: termination only for a repeat after resumption or a clearly malicious false report. */
export const terminationGroundsPolicy = (
  decision: SanctionDecision,
  resumedAfterSanction: boolean,
  maliciousFalseReport: boolean,
): void => {
  if (decision === 'termination' && !resumedAfterSanction && !maliciousFalseReport) throw terminationNeedsGround();
};

/** R-REP-3 policy: a suspension's end, `months` calendar months after `at` (clamped to the month's last day). */
export const suspensionEnd = (at: string, months: number): string => {
  const start = new Date(at);
  const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  target.setUTCHours(start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds());
  return target.toISOString();
};
