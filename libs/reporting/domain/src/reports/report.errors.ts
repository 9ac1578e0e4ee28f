import { DomainError, RefusalKind } from '@hw/platform/core';

/** A report command refused by a rule: code, the rule it cites, and the field when input decides. */
export class ReportRefused extends DomainError {
  constructor(code: string, message: string, rule: string, kind: RefusalKind = 'refused', field?: string) {
    super(code, message, rule, kind, field);
  }
}

export const reportNotFound = (): ReportRefused =>
  new ReportRefused('REPORT_NOT_FOUND', 'no report obligation for this registration and period', 'R-REP-1', 'not-found');
export const periodNotEnded = (): ReportRefused =>
  new ReportRefused('PERIOD_NOT_ENDED', 'a report can be filed only after its period has ended', 'R-REP-1', 'refused', 'period');
export const alreadyFiled = (): ReportRefused =>
  new ReportRefused('REPORT_ALREADY_FILED', 'this report is filed; amend it with a reason', 'R-REP-2', 'conflict');
export const notFiled = (): ReportRefused =>
  new ReportRefused('REPORT_NOT_FILED', 'only a filed report can be amended or marked false', 'R-REP-2', 'conflict');
export const draftNotFound = (): ReportRefused =>
  new ReportRefused('DRAFT_NOT_FOUND', 'no draft is saved for this report', 'R-REP-2', 'not-found');
export const badFigure = (field: string, message: string): ReportRefused =>
  new ReportRefused('INVALID_FIGURE', message, 'R-REP-2', 'refused', field);
export const reasonRequired = (): ReportRefused =>
  new ReportRefused('REASON_REQUIRED', 'an amendment or a decision gives a reason', 'R-REP-2', 'refused', 'reason');
export const notYourRegistration = (): ReportRefused =>
  new ReportRefused('NOT_YOUR_REGISTRATION', "another registration's report", 'R-ORG-6', 'forbidden');
export const notRegistrationAdmin = (): ReportRefused =>
  new ReportRefused('NOT_REGISTRATION_ADMIN', "only the registration's administrator files and amends its reports", 'R-REP-1', 'forbidden');
export const notYourBureau = (): ReportRefused =>
  new ReportRefused('NOT_YOUR_BUREAU', "another prefecture's registration", 'R-ORG-2', 'forbidden');
export const nothingToSanction = (): ReportRefused =>
  new ReportRefused('NOTHING_TO_SANCTION', 'a sanction follows an overdue or false report', 'R-REP-3', 'conflict');
export const alreadyDecided = (): ReportRefused =>
  new ReportRefused('SANCTION_ALREADY_DECIDED', 'a sanction is already decided for this report', 'R-REP-3', 'conflict');
export const terminationNeedsGround = (): ReportRefused =>
  new ReportRefused(
    'TERMINATION_NOT_GROUNDED',
    'termination is for a repeat after resumption or a clearly malicious false report',
    'R-REP-3',
    'refused',
    'decision',
  );
