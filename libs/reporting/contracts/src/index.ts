/**
 * reporting's public integration events (topic `reporting`, key = the report stream id
 * `report-<registrationId>-<yyyyQn>`). Ids, periods, figures and instants only: the free-text
 * reasons of amendments and bureau decisions stay in reporting's log (they could hold anything).
 */
import { eventSchema, eventSchemas, IntegrationEventUnion, optional, schemaTypes } from '@hw/platform/core';
export const REPORTING_TOPIC = 'reporting';

/** R-REP-1, R-REP-2: a period's obligation opened, with the figures the platform knows. */
export interface ReportObligationOpenedV1 {
  registrationId: string;
  prefecture: string;
  period: string;
  dueDay: string;
  messagesSent: number;
  seekersReplied: number;
  openedAt: string;
}
/** R-REP-1, R-REP-2: a report filed (version 1) or amended (version ≥ 2), with the entered figures. */
export interface ReportFiledV1 {
  registrationId: string;
  period: string;
  version: number;
  late: boolean;
  applicationsAccepted: number;
  placements: number;
  paidServicesProvided: number;
  filedAt: string;
}
export type ReportAmendedV1 = ReportFiledV1;
/** R-REP-3: not filed by its due day. */
/** R-REP-2: the system's figures recounted after a late message or reply (the new totals). */
export interface ReportPrefillCorrectedV1 {
  registrationId: string;
  period: string;
  messagesSent: number;
  seekersReplied: number;
  /** The organisation had already filed: its entered figures stand, the bureau sees the correction. */
  afterFiling: boolean;
  correctedAt: string;
}

export interface ReportFlaggedOverdueV1 {
  registrationId: string;
  prefecture: string;
  period: string;
  dueDay: string;
  flaggedAt: string;
}
/** R-REP-3: the bureau found a filed report false. */
export interface ReportMarkedFalseV1 {
  registrationId: string;
  period: string;
  version: number;
  markedAt: string;
}
/**
 * R-REP-3, R-ORG-1: the bureau's sanction for a missing or false report. Registration carries it
 * out (suspension until `until`, or termination) with a reason naming `reportStreamId`.
 */
export interface SanctionDecidedV1 {
  registrationId: string;
  prefecture: string;
  period: string;
  reportStreamId: string;
  proposed: 'suspension' | 'termination' | 'none';
  decision: 'suspension' | 'termination' | 'none';
  until?: string;
  decidedAt: string;
}

export const ReportingEvents = {
  ReportObligationOpened: 'reporting.ReportObligationOpened.v1',
  ReportFiled: 'reporting.ReportFiled.v1',
  ReportAmended: 'reporting.ReportAmended.v1',
  ReportPrefillCorrected: 'reporting.ReportPrefillCorrected.v1',
  ReportFlaggedOverdue: 'reporting.ReportFlaggedOverdue.v1',
  ReportMarkedFalse: 'reporting.ReportMarkedFalse.v1',
  SanctionDecided: 'reporting.SanctionDecided.v1',
} as const;

export type ReportingIntegrationEvent = IntegrationEventUnion<
  typeof ReportingEvents,
  {
    ReportObligationOpened: ReportObligationOpenedV1;
    ReportFiled: ReportFiledV1;
    ReportAmended: ReportAmendedV1;
    ReportPrefillCorrected: ReportPrefillCorrectedV1;
    ReportFlaggedOverdue: ReportFlaggedOverdueV1;
    ReportMarkedFalse: ReportMarkedFalseV1;
    SanctionDecided: SanctionDecidedV1;
  }
>;

const { id, instant, day, prefecture, count } = schemaTypes;

const period = { type: 'string', pattern: '^[0-9]{4}Q[1-4]$' };
const sanction = { enum: ['suspension', 'termination', 'none'] };

const filed = {
  registrationId: id,
  period,
  version: { type: 'integer', minimum: 1 },
  late: { type: 'boolean' },
  applicationsAccepted: count,
  placements: count,
  paidServicesProvided: count,
  filedAt: instant,
};

export const reportingSchemas: Record<string, object> = eventSchemas(ReportingEvents, eventSchema, {
  ReportObligationOpened: {
    registrationId: id,
    prefecture,
    period,
    dueDay: day,
    messagesSent: count,
    seekersReplied: count,
    openedAt: instant,
  },
  ReportFiled: filed,
  ReportAmended: filed,
  ReportPrefillCorrected: {
    registrationId: id,
    period,
    messagesSent: count,
    seekersReplied: count,
    afterFiling: { type: 'boolean' },
    correctedAt: instant,
  },
  ReportFlaggedOverdue: { registrationId: id, prefecture, period, dueDay: day, flaggedAt: instant },
  ReportMarkedFalse: { registrationId: id, period, version: { type: 'integer', minimum: 1 }, markedAt: instant },
  SanctionDecided: {
    registrationId: id,
    prefecture,
    period,
    reportStreamId: { type: 'string', minLength: 1, maxLength: 128 },
    proposed: sanction,
    decision: sanction,
    until: optional(instant),
    decidedAt: instant,
  },
});
