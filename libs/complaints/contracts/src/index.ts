import { eventSchema, eventSchemas, IntegrationEventUnion, optional, schemaTypes } from '@hw/platform/core';

/**
 * complaints' public contracts: integration events (topic `complaints`, key
 * `complaint-<complaintId>`). Ids, categories, states and times only: never the complaint text,
 * messages, notes or reasons, and no seeker id (R-AUD-2, R-SKR-5). `ComplaintFiled.v1` names the
 * registration; the later events name the complaint, and a consumer joins on `complaintId`.
 */
export const COMPLAINTS_TOPIC = 'complaints';

export type ComplaintCategoryV1 = 'unwanted-messages' | 'personal-data-handling' | 'paid-services' | 'conduct' | 'other';

export interface ComplaintFiledV1 {
  complaintId: string;
  registrationId: string;
  category: ComplaintCategoryV1;
  filedAt: string;
  acknowledgeBy: string;
  answerBy: string;
}
export interface ComplaintStepV1 {
  complaintId: string;
  at: string;
}
export interface ComplaintOverdueV1 {
  complaintId: string;
  step: 'acknowledgement' | 'answer';
  dueAt: string;
  at: string;
}
export interface ComplaintEscalatedV1 {
  complaintId: string;
  reason: 'not-satisfied' | 'officer-hard-to-reach';
  officeCode: string;
  at: string;
}
export interface DeskOutcomeRecordedV1 {
  complaintId: string;
  outcome: 'resolved' | 'advice-given' | 'no-fault-found' | 'sanction-requested';
  /** With a sanction request: the bureau's prefecture (R-ORG-2). */
  prefecture?: string;
  at: string;
}
/** R-CMP-5: registration carries it out through its lifecycle (R-ORG-1). */
export interface SanctionDecidedV1 {
  complaintId: string;
  registrationId: string;
  prefecture: string;
  decision: 'suspension' | 'termination' | 'no-action';
  until?: string;
  at: string;
}
export interface SanctionCarriedOutV1 {
  complaintId: string;
  registrationId: string;
  /** The registration's log event id that carried it out (R-CMP-5: linked both ways). */
  registrationEventId: string;
  status: string;
  at: string;
}

/**
 * R-CMP-3: a standalone consultation of a Hello Work desk by an organisation's complaint officer
 * (key `consultation-<consultationId>`). Ids, office and times: no text, no thread, no seeker.
 */
export interface ConsultationOpenedV1 {
  consultationId: string;
  registrationId: string;
  officeCode: string;
  openedAt: string;
}
export interface ConsultationAnsweredV1 {
  consultationId: string;
  officeCode: string;
  at: string;
}

/**
 * R-STF-2: staff read a complaint's texts (or a consultation's thread): who (staff id, role) and
 * when. Never the text, never the seeker: the auditors' record of reads.
 */
export type StaffReaderRoleV1 = 'complaint-desk' | 'bureau-officer' | 'hq-auditor';
export interface ComplaintTextReadV1 {
  complaintId: string;
  staffId: string;
  role: StaffReaderRoleV1;
  at: string;
}
/** R-CMP-2 / R-CMP-4: the desk recorded a handling step — who and when; never the note. */
export interface DeskStepRecordedV1 {
  complaintId: string;
  staffId: string;
  at: string;
}
export interface ConsultationReadV1 {
  consultationId: string;
  staffId: string;
  role: StaffReaderRoleV1;
  at: string;
}

export const ComplaintsEvents = {
  ComplaintFiled: 'complaints.ComplaintFiled.v1',
  ComplaintAcknowledged: 'complaints.ComplaintAcknowledged.v1',
  ComplaintAnswered: 'complaints.ComplaintAnswered.v1',
  ComplaintOverdue: 'complaints.ComplaintOverdue.v1',
  ComplaintResolved: 'complaints.ComplaintResolved.v1',
  ComplaintEscalated: 'complaints.ComplaintEscalated.v1',
  DeskOutcomeRecorded: 'complaints.DeskOutcomeRecorded.v1',
  SanctionDecided: 'complaints.SanctionDecided.v1',
  SanctionCarriedOut: 'complaints.SanctionCarriedOut.v1',
  ConsultationOpened: 'complaints.ConsultationOpened.v1',
  ConsultationAnswered: 'complaints.ConsultationAnswered.v1',
  ComplaintTextRead: 'complaints.ComplaintTextRead.v1',
  DeskStepRecorded: 'complaints.DeskStepRecorded.v1',
  ConsultationRead: 'complaints.ConsultationRead.v1',
} as const;

export type ComplaintsIntegrationEvent = IntegrationEventUnion<
  typeof ComplaintsEvents,
  {
    ComplaintFiled: ComplaintFiledV1;
    ComplaintAcknowledged: ComplaintStepV1;
    ComplaintAnswered: ComplaintStepV1;
    ComplaintOverdue: ComplaintOverdueV1;
    ComplaintResolved: ComplaintStepV1;
    ComplaintEscalated: ComplaintEscalatedV1;
    DeskOutcomeRecorded: DeskOutcomeRecordedV1;
    SanctionDecided: SanctionDecidedV1;
    SanctionCarriedOut: SanctionCarriedOutV1;
    ConsultationOpened: ConsultationOpenedV1;
    ConsultationAnswered: ConsultationAnsweredV1;
    ComplaintTextRead: ComplaintTextReadV1;
    DeskStepRecorded: DeskStepRecordedV1;
    ConsultationRead: ConsultationReadV1;
  }
>;

/** The note registration writes on a sanction carried out for a complaint: its own log names the complaint (R-CMP-5). */
export const sanctionReasonOf = (complaintId: string): string => `complaint-sanction:${complaintId}`;

const { uuid, id, instant, prefecture, officeCode, staffId } = schemaTypes;

const readerRole = { enum: ['complaint-desk', 'bureau-officer', 'hq-auditor'] };

const step = { complaintId: uuid, at: instant };

export const complaintsSchemas: Record<string, object> = eventSchemas(ComplaintsEvents, eventSchema, {
  ComplaintFiled: {
    complaintId: uuid,
    registrationId: id,
    category: { enum: ['unwanted-messages', 'personal-data-handling', 'paid-services', 'conduct', 'other'] },
    filedAt: instant,
    acknowledgeBy: instant,
    answerBy: instant,
  },
  ComplaintAcknowledged: step,
  ComplaintAnswered: step,
  ComplaintOverdue: { complaintId: uuid, step: { enum: ['acknowledgement', 'answer'] }, dueAt: instant, at: instant },
  ComplaintResolved: step,
  ComplaintEscalated: { complaintId: uuid, reason: { enum: ['not-satisfied', 'officer-hard-to-reach'] }, officeCode, at: instant },
  DeskOutcomeRecorded: {
    complaintId: uuid,
    outcome: { enum: ['resolved', 'advice-given', 'no-fault-found', 'sanction-requested'] },
    prefecture: optional(prefecture),
    at: instant,
  },
  SanctionDecided: {
    complaintId: uuid,
    registrationId: id,
    prefecture,
    decision: { enum: ['suspension', 'termination', 'no-action'] },
    until: optional(instant),
    at: instant,
  },
  SanctionCarriedOut: {
    complaintId: uuid,
    registrationId: id,
    registrationEventId: uuid,
    status: { type: 'string', maxLength: 32 },
    at: instant,
  },
  ConsultationOpened: { consultationId: uuid, registrationId: id, officeCode, openedAt: instant },
  ConsultationAnswered: { consultationId: uuid, officeCode, at: instant },
  ComplaintTextRead: { complaintId: uuid, staffId, role: readerRole, at: instant },
  DeskStepRecorded: { complaintId: uuid, staffId, at: instant },
  ConsultationRead: { consultationId: uuid, staffId, role: readerRole, at: instant },
});
