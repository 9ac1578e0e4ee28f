import { ComplaintActor, ComplaintCommand } from '../complaint.commands';
import { ComplaintEvent, EscalationReason, SanctionDecision } from '../complaint.events';

type Command<T extends ComplaintCommand['type']> = Extract<ComplaintCommand, { type: T }>;
type ReaderRole = Extract<ComplaintEvent, { type: 'ComplaintTextRead' }>['data']['role'];

/** The people of the complaint and consultation specs: seeker s-1, registration reg-1 (Tokyo, 13), office 1301. */
export const seeker: ComplaintActor = { kind: 'seeker', id: 's-1' };
export const otherSeeker: ComplaintActor = { kind: 'seeker', id: 's-2' };
export const officer: ComplaintActor = { kind: 'organisation-user', id: 'u-officer', registrationId: 'reg-1', complaintOfficer: true };
export const colleague: ComplaintActor = { kind: 'organisation-user', id: 'u-other', registrationId: 'reg-1', complaintOfficer: false };
export const otherOfficer: ComplaintActor = { kind: 'organisation-user', id: 'u-x', registrationId: 'reg-2', complaintOfficer: true };
export const desk: ComplaintActor = { kind: 'staff', id: 'st-desk', role: 'complaint-desk', officeCode: '1301' };
export const otherDesk: ComplaintActor = { kind: 'staff', id: 'st-desk2', role: 'complaint-desk', officeCode: '2701' };
export const bureau: ComplaintActor = { kind: 'staff', id: 'st-bureau', role: 'bureau-officer', prefecture: '13' };
export const otherBureau: ComplaintActor = { kind: 'staff', id: 'st-bureau2', role: 'bureau-officer', prefecture: '27' };
export const auditor: ComplaintActor = { kind: 'staff', id: 'st-hq', role: 'hq-auditor' };
export const at = '2026-12-01T00:00:00.000Z';

/** The complaint c-1: filed at `at`, to be acknowledged by 4 December and answered by 15 December. */
export const complaintId = 'c-1';
export const fileCommand = (sharesThread: boolean): ComplaintCommand => ({
  type: 'FileComplaint',
  actor: seeker,
  at,
  complaintId,
  registrationId: 'reg-1',
  category: 'unwanted-messages',
  sealedText: 'v1.sealed',
  messageIds: ['m-1'],
  officeCode: '1301',
  sharesThread,
  acknowledgeBy: '2026-12-04T00:00:00.000Z',
  answerBy: '2026-12-15T00:00:00.000Z',
});
export const filed: ComplaintEvent = {
  type: 'ComplaintFiled',
  data: {
    complaintId,
    seekerId: 's-1',
    registrationId: 'reg-1',
    category: 'unwanted-messages',
    sealedText: 'v1.sealed',
    messageIds: ['m-1'],
    officeCode: '1301',
    filedAt: at,
    acknowledgeBy: '2026-12-04T00:00:00.000Z',
    answerBy: '2026-12-15T00:00:00.000Z',
  },
};

export const acknowledge = (actor: ComplaintActor): Command<'AcknowledgeComplaint'> => ({ type: 'AcknowledgeComplaint', actor, at });
export const acknowledged: ComplaintEvent = { type: 'ComplaintAcknowledged', data: { complaintId, officerId: 'u-officer', at } };
export const answer = (actor: ComplaintActor, sealedAnswer = 'v1.a'): Command<'AnswerComplaint'> => ({
  type: 'AnswerComplaint',
  actor,
  sealedAnswer,
  at,
});
export const answered: ComplaintEvent = {
  type: 'ComplaintAnswered',
  data: { complaintId, officerId: 'u-officer', sealedAnswer: 'v1.a', at },
};
/** The clock's pass at `when`. */
export const flagOverdue = (when: string): Command<'FlagOverdue'> => ({
  type: 'FlagOverdue',
  actor: { kind: 'system', id: 'clock' },
  at: when,
});

export const escalate = (reason: EscalationReason, officeCode?: string): Command<'EscalateComplaint'> => ({
  type: 'EscalateComplaint',
  actor: seeker,
  reason,
  sealedReason: 'v1.r',
  ...(officeCode ? { officeCode } : {}),
  at,
});
export const escalated: ComplaintEvent = {
  type: 'ComplaintEscalated',
  data: { complaintId, reason: 'officer-hard-to-reach', sealedReason: 'v1.r', officeCode: '1301', at },
};
export const deskStep = (actor: ComplaintActor): Command<'RecordDeskStep'> => ({ type: 'RecordDeskStep', actor, sealedNote: 'v1.n', at });
export const sanctionRequested: ComplaintEvent = {
  type: 'DeskOutcomeRecorded',
  data: { complaintId, staffId: 'st-desk', outcome: 'sanction-requested', sealedNote: 'v1.n', prefecture: '13', at },
};

export const decideSanction = (actor: ComplaintActor, decision: SanctionDecision, until?: string): Command<'DecideSanction'> => ({
  type: 'DecideSanction',
  actor,
  decision,
  ...(until ? { until } : {}),
  at,
});
export const suspended: ComplaintEvent = {
  type: 'SanctionDecided',
  data: {
    complaintId,
    registrationId: 'reg-1',
    officerId: 'st-bureau',
    prefecture: '13',
    decision: 'suspension',
    until: '2027-06-01T00:00:00.000Z',
    at,
  },
};

export const answerConsultation = (actor: ComplaintActor): Command<'AnswerConsultation'> => ({
  type: 'AnswerConsultation',
  actor,
  sealedText: 'v1.adv',
  at,
});
export const staffRead = (actor: ComplaintActor, registrationPrefecture?: string): Command<'RecordStaffRead'> => ({
  type: 'RecordStaffRead',
  actor,
  ...(registrationPrefecture ? { registrationPrefecture } : {}),
  at,
});
/** The record of a staff read of the complaint's text. */
export const textRead = (staffId: string, role: ReaderRole): ComplaintEvent => ({
  type: 'ComplaintTextRead',
  data: { complaintId, staffId, role, at },
});
