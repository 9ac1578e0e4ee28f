import { DomainEvent } from '@hw/platform/core';

/** Figures the system knows (R-REP-2), recorded in the report's own stream when it opens. */
export interface DepartmentFigures {
  departmentId: string;
  messagesSent: number;
  seekersReplied: number;
}
export interface PrefilledFigures {
  messagesSent: number;
  /** Distinct seekers who replied in the period = distinct threads with a reply (a thread is one registration × one seeker). */
  seekersReplied: number;
  departments: DepartmentFigures[];
}
/** Figures the organisation enters (R-REP-2): non-negative integers, placements ≤ applications accepted. */
export interface EnteredFigures {
  applicationsAccepted: number;
  placements: number;
  paidServicesProvided: number;
}
export type SanctionDecision = 'suspension' | 'termination' | 'none';

/** An obligation as it opens: whose report, of which period, due when, with the system's figures. */
export interface ReportObligationOpenedData {
  registrationId: string;
  prefecture: string;
  period: string;
  dueDay: string;
  overdueAt: string;
  prefilled: PrefilledFigures;
  openedAt: string;
}

/** Events of `report-<registrationId>-<yyyyQn>`: no personal data (ids, figures, the bureau's reason). */
export type ReportEvent =
  | DomainEvent<'ReportObligationOpened', ReportObligationOpenedData>
  /** The organisation's draft of the entered figures (R-REP-2): in the report's stream, never published nor shown to the bureau. */
  | DomainEvent<'ReportDraftSaved', { registrationId: string; period: string; entered: EnteredFigures; savedBy: string; savedAt: string }>
  | DomainEvent<
      'ReportFiled',
      {
        registrationId: string;
        period: string;
        version: number;
        /** The figures actually filed (from the draft when `fromDraft`). */
        entered: EnteredFigures;
        late: boolean;
        fromDraft?: boolean;
        filedBy: string;
        filedAt: string;
      }
    >
  | DomainEvent<
      'ReportAmended',
      {
        registrationId: string;
        period: string;
        version: number;
        entered: EnteredFigures;
        reason: string;
        late: boolean;
        amendedBy: string;
        amendedAt: string;
      }
    >
  /**
   * R-REP-2: a message or reply of the period reached reporting after the obligation opened (it
   * was in transit at 00:00 JST, or a consumer was behind): the system's figures are corrected in
   * the report's own stream, whatever its status; the organisation's entered figures stay.
   */
  | DomainEvent<
      'ReportPrefillCorrected',
      {
        registrationId: string;
        period: string;
        prefilled: PrefilledFigures;
        previous: PrefilledFigures;
        afterFiling: boolean;
        correctedAt: string;
      }
    >
  | DomainEvent<'ReportFlaggedOverdue', { registrationId: string; period: string; prefecture: string; dueDay: string; flaggedAt: string }>
  | DomainEvent<
      'ReportMarkedFalse',
      { registrationId: string; period: string; version: number; reason: string; markedBy: string; markedAt: string }
    >
  | DomainEvent<
      'ReportSanctionDecided',
      {
        registrationId: string;
        period: string;
        prefecture: string;
        proposed: SanctionDecision;
        decision: SanctionDecision;
        /** A suspension's end (R-REP-3 policy: 6 months by default). */
        until?: string;
        reason: string;
        decidedBy: string;
        decidedAt: string;
      }
    >;

export type ReportEventType = ReportEvent['type'];
export const REPORT_STREAM_PREFIX = 'report-';
export const reportStreamId = (registrationId: string, period: string): string => `${REPORT_STREAM_PREFIX}${registrationId}-${period}`;
