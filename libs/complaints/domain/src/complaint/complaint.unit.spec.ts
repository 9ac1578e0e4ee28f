import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { ComplaintActor, ComplaintCommand } from './complaint.commands';
import { complaintDecider } from './complaint.decider';
import { ComplaintEvent } from './complaint.events';

const spec = DeciderSpecification.for(complaintDecider);
const complaintId = 'c-1';
const seeker: ComplaintActor = { kind: 'seeker', id: 's-1' };
const otherSeeker: ComplaintActor = { kind: 'seeker', id: 's-2' };
const officer: ComplaintActor = { kind: 'organisation-user', id: 'u-officer', registrationId: 'reg-1', complaintOfficer: true };
const colleague: ComplaintActor = { kind: 'organisation-user', id: 'u-other', registrationId: 'reg-1', complaintOfficer: false };
const otherOfficer: ComplaintActor = { kind: 'organisation-user', id: 'u-x', registrationId: 'reg-2', complaintOfficer: true };
const desk: ComplaintActor = { kind: 'staff', id: 'st-desk', role: 'complaint-desk', officeCode: '1301' };
const otherDesk: ComplaintActor = { kind: 'staff', id: 'st-desk2', role: 'complaint-desk', officeCode: '2701' };
const bureau: ComplaintActor = { kind: 'staff', id: 'st-bureau', role: 'bureau-officer', prefecture: '13' };
const otherBureau: ComplaintActor = { kind: 'staff', id: 'st-bureau2', role: 'bureau-officer', prefecture: '27' };
const auditor: ComplaintActor = { kind: 'staff', id: 'st-hq', role: 'hq-auditor' };
const at = '2026-12-01T00:00:00.000Z';

const filed: ComplaintEvent = {
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
const acknowledged: ComplaintEvent = { type: 'ComplaintAcknowledged', data: { complaintId, officerId: 'u-officer', at } };
const answered: ComplaintEvent = { type: 'ComplaintAnswered', data: { complaintId, officerId: 'u-officer', sealedAnswer: 'v1.a', at } };
const escalated: ComplaintEvent = {
  type: 'ComplaintEscalated',
  data: { complaintId, reason: 'officer-hard-to-reach', sealedReason: 'v1.r', officeCode: '1301', at },
};
const sanctionRequested: ComplaintEvent = {
  type: 'DeskOutcomeRecorded',
  data: { complaintId, staffId: 'st-desk', outcome: 'sanction-requested', sealedNote: 'v1.n', prefecture: '13', at },
};
const suspended: ComplaintEvent = {
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
const fileCommand = (sharesThread: boolean): ComplaintCommand => ({
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

describe('complaint decider', () => {
  describe('R-CMP-1: filed with the organisation first', () => {
    it('R-CMP-1: a seeker who shares a thread with the registration files a complaint, with its due times', () =>
      spec.given([]).when(fileCommand(true)).then([filed]));
    it('R-CMP-1: a seeker with no thread with the registration is refused', () =>
      spec
        .given([])
        .when(fileCommand(false))
        .thenThrows(DomainError, { code: 'NO_DEALINGS_WITH_REGISTRATION', rule: 'R-CMP-1', field: 'registrationId' }));
    it('R-CMP-4: a complaint id is filed once', () =>
      spec.given([filed]).when(fileCommand(true)).thenThrows(DomainError, { code: 'COMPLAINT_ALREADY_FILED', rule: 'R-CMP-4' }));
    it("R-CMP-1: the registration's complaint officer acknowledges", () =>
      spec.given([filed]).when({ type: 'AcknowledgeComplaint', actor: officer, at }).then([acknowledged]));
    it('R-CMP-1: another user of the organisation may not acknowledge', () =>
      spec
        .given([filed])
        .when({ type: 'AcknowledgeComplaint', actor: colleague, at })
        .thenThrows(DomainError, { code: 'NOT_COMPLAINT_OFFICER', kind: 'forbidden' }));
    it("R-CMP-1: another registration's complaint officer may not acknowledge", () =>
      spec
        .given([filed])
        .when({ type: 'AcknowledgeComplaint', actor: otherOfficer, at })
        .thenThrows(DomainError, { code: 'NOT_COMPLAINT_OFFICER' }));
    it('R-CMP-1: answering an unacknowledged complaint acknowledges it too', () =>
      spec.given([filed]).when({ type: 'AnswerComplaint', actor: officer, sealedAnswer: 'v1.a', at }).then([acknowledged, answered]));
    it('R-CMP-4: an answer is not edited: a second answer is refused', () =>
      spec
        .given([filed, acknowledged, answered])
        .when({ type: 'AnswerComplaint', actor: officer, sealedAnswer: 'v1.b', at })
        .thenThrows(DomainError, { code: 'COMPLAINT_ALREADY_ANSWERED', rule: 'R-CMP-4' }));
    it('R-CMP-1: the officer asks back in the conversation', () =>
      spec
        .given([filed, acknowledged])
        .when({ type: 'PostComplaintMessage', actor: officer, messageId: 'cm-1', sealedBody: 'v1.q', at })
        .then([
          {
            type: 'ComplaintMessagePosted',
            data: { complaintId, messageId: 'cm-1', from: 'complaint-officer', authorId: 'u-officer', sealedBody: 'v1.q', at },
          },
        ]));
    it('R-CMP-1: past the acknowledgement due time the complaint is flagged overdue, once', () => {
      const late = '2026-12-04T00:00:00.001Z';
      const overdue: ComplaintEvent = {
        type: 'ComplaintOverdue',
        data: { complaintId, step: 'acknowledgement', dueAt: '2026-12-04T00:00:00.000Z', at: late },
      };
      spec
        .given([filed])
        .when({ type: 'FlagOverdue', actor: { kind: 'system', id: 'clock' }, at: late })
        .then([overdue]);
      spec
        .given([filed, overdue])
        .when({ type: 'FlagOverdue', actor: { kind: 'system', id: 'clock' }, at: late })
        .then([]);
    });
    it('R-CMP-1: at the due time itself nothing is overdue', () =>
      spec
        .given([filed])
        .when({ type: 'FlagOverdue', actor: { kind: 'system', id: 'clock' }, at: '2026-12-04T00:00:00.000Z' })
        .then([]));
    it('R-CMP-1: past the answer due time an acknowledged but unanswered complaint is flagged answer-overdue; an answered one is not', () => {
      const late = '2026-12-15T00:00:01.000Z';
      spec
        .given([filed, acknowledged])
        .when({ type: 'FlagOverdue', actor: { kind: 'system', id: 'clock' }, at: late })
        .then([{ type: 'ComplaintOverdue', data: { complaintId, step: 'answer', dueAt: '2026-12-15T00:00:00.000Z', at: late } }]);
      spec
        .given([filed, acknowledged, answered])
        .when({ type: 'FlagOverdue', actor: { kind: 'system', id: 'clock' }, at: late })
        .then([]);
    });
  });

  describe('R-CMP-2: resolve or escalate to a Hello Work desk', () => {
    it('R-CMP-2: the seeker resolves an answered complaint', () =>
      spec
        .given([filed, acknowledged, answered])
        .when({ type: 'ResolveComplaint', actor: seeker, at })
        .then([{ type: 'ComplaintResolved', data: { complaintId, at } }]));
    it('R-CMP-2: another seeker may not resolve it', () =>
      spec
        .given([filed, acknowledged, answered])
        .when({ type: 'ResolveComplaint', actor: otherSeeker, at })
        .thenThrows(DomainError, { code: 'NOT_THE_COMPLAINANT' }));
    it('R-CMP-2: the seeker escalates at any time, even before acknowledgement, to the filing office by default', () =>
      spec
        .given([filed])
        .when({ type: 'EscalateComplaint', actor: seeker, reason: 'officer-hard-to-reach', sealedReason: 'v1.r', at })
        .then([escalated]));
    it('R-CMP-2: the seeker may name another office', () =>
      spec
        .given([filed, acknowledged, answered])
        .when({ type: 'EscalateComplaint', actor: seeker, reason: 'not-satisfied', sealedReason: 'v1.r', officeCode: '2701', at })
        .then([
          { type: 'ComplaintEscalated', data: { complaintId, reason: 'not-satisfied', sealedReason: 'v1.r', officeCode: '2701', at } },
        ]));
    it('R-CMP-2: a resolved complaint is not escalated', () =>
      spec
        .given([filed, acknowledged, answered, { type: 'ComplaintResolved', data: { complaintId, at } }])
        .when({ type: 'EscalateComplaint', actor: seeker, reason: 'not-satisfied', sealedReason: 'v1.r', at })
        .thenThrows(DomainError, { code: 'COMPLAINT_NOT_WITH_ORGANISATION', kind: 'conflict' }));
    it('R-CMP-1: once escalated the officer no longer answers', () =>
      spec
        .given([filed, escalated])
        .when({ type: 'AnswerComplaint', actor: officer, sealedAnswer: 'v1.a', at })
        .thenThrows(DomainError, { code: 'COMPLAINT_NOT_WITH_ORGANISATION' }));
    it("R-CMP-2: the escalation office's desk records a step; another office's desk may not", () => {
      spec
        .given([filed, escalated])
        .when({ type: 'RecordDeskStep', actor: desk, sealedNote: 'v1.n', at })
        .then([{ type: 'DeskStepRecorded', data: { complaintId, staffId: 'st-desk', sealedNote: 'v1.n', at } }]);
      spec
        .given([filed, escalated])
        .when({ type: 'RecordDeskStep', actor: otherDesk, sealedNote: 'v1.n', at })
        .thenThrows(DomainError, { code: 'NOT_THIS_OFFICE_DESK', kind: 'forbidden' });
    });
    it('R-CMP-2: an outcome may be a sanction request to the bureau of the registration prefecture', () =>
      spec
        .given([filed, escalated])
        .when({ type: 'RecordDeskOutcome', actor: desk, outcome: 'sanction-requested', sealedNote: 'v1.n', prefecture: '13', at })
        .then([sanctionRequested]));
    it('R-CMP-2: advice given closes the desk handling; no further step', () =>
      spec
        .given([
          filed,
          escalated,
          { type: 'DeskOutcomeRecorded', data: { complaintId, staffId: 'st-desk', outcome: 'advice-given', sealedNote: 'v1.n', at } },
        ])
        .when({ type: 'RecordDeskStep', actor: desk, sealedNote: 'v1.n', at })
        .thenThrows(DomainError, { code: 'COMPLAINT_NOT_ESCALATED' }));
  });

  describe('R-CMP-5: the bureau of the prefecture decides the sanction', () => {
    it('R-CMP-5: suspension until a date by the bureau of the prefecture', () =>
      spec
        .given([filed, escalated, sanctionRequested])
        .when({ type: 'DecideSanction', actor: bureau, decision: 'suspension', until: '2027-06-01T00:00:00.000Z', at })
        .then([suspended]));
    it("R-CMP-5 / R-ORG-2: another prefecture's bureau may not decide", () =>
      spec
        .given([filed, escalated, sanctionRequested])
        .when({ type: 'DecideSanction', actor: otherBureau, decision: 'termination', at })
        .thenThrows(DomainError, { code: 'NOT_THIS_PREFECTURE_BUREAU', rule: 'R-CMP-5' }));
    it('R-CMP-5: a suspension without an end date is refused naming the field', () =>
      spec
        .given([filed, escalated, sanctionRequested])
        .when({ type: 'DecideSanction', actor: bureau, decision: 'suspension', at })
        .thenThrows(DomainError, { code: 'SUSPENSION_UNTIL_REQUIRED', field: 'until' }));
    it('R-CMP-5: no sanction is decided without a request', () =>
      spec
        .given([filed, escalated])
        .when({ type: 'DecideSanction', actor: bureau, decision: 'termination', at })
        .thenThrows(DomainError, { code: 'NO_SANCTION_REQUEST' }));
    it('R-CMP-5: the carried-out sanction is linked once to the registration event', () => {
      const done: ComplaintEvent = {
        type: 'SanctionCarriedOut',
        data: { complaintId, registrationId: 'reg-1', registrationEventId: 'e-1', status: 'suspended', at },
      };
      spec
        .given([filed, escalated, sanctionRequested, suspended])
        .when({ type: 'RecordSanctionCarriedOut', actor: { kind: 'system', id: 'x' }, registrationEventId: 'e-1', status: 'suspended', at })
        .then([done]);
      spec
        .given([filed, escalated, sanctionRequested, suspended, done])
        .when({ type: 'RecordSanctionCarriedOut', actor: { kind: 'system', id: 'x' }, registrationEventId: 'e-1', status: 'suspended', at })
        .then([]);
    });
  });

  describe('R-CMP-3: the organisation consults a Hello Work desk through its complaint officer', () => {
    const consulted: ComplaintEvent = {
      type: 'DeskConsulted',
      data: { complaintId, officerId: 'u-officer', officeCode: '1301', sealedText: 'v1.c', at },
    };
    it("R-CMP-3: the complaint officer consults the filing office's desk by default", () =>
      spec.given([filed, acknowledged]).when({ type: 'ConsultDesk', actor: officer, sealedText: 'v1.c', at }).then([consulted]));
    it('R-CMP-3: another user of the organisation may not consult', () =>
      spec
        .given([filed])
        .when({ type: 'ConsultDesk', actor: colleague, sealedText: 'v1.c', at })
        .thenThrows(DomainError, { code: 'NOT_COMPLAINT_OFFICER' }));
    it('R-CMP-3: the consulted desk reads (recorded) and answers; another desk may not', () => {
      spec
        .given([filed, consulted])
        .when({ type: 'RecordStaffRead', actor: desk, at })
        .then([{ type: 'ComplaintTextRead', data: { complaintId, staffId: 'st-desk', role: 'complaint-desk', at } }]);
      spec
        .given([filed, consulted])
        .when({ type: 'AnswerConsultation', actor: desk, sealedText: 'v1.adv', at })
        .then([{ type: 'ConsultationAnswered', data: { complaintId, staffId: 'st-desk', sealedText: 'v1.adv', at } }]);
      spec
        .given([filed, consulted])
        .when({ type: 'AnswerConsultation', actor: otherDesk, sealedText: 'v1.adv', at })
        .thenThrows(DomainError, { code: 'NOT_THE_CONSULTED_DESK', rule: 'R-CMP-3' });
    });
    it('R-CMP-3: without a consultation no desk answers one', () =>
      spec
        .given([filed])
        .when({ type: 'AnswerConsultation', actor: desk, sealedText: 'v1.adv', at })
        .thenThrows(DomainError, { code: 'NOT_THE_CONSULTED_DESK' }));
  });

  describe('R-STF-2: staff reads are recorded, deny by default', () => {
    it('R-STF-2: the desk of the escalation office reads, and the read is an event', () =>
      spec
        .given([filed, escalated])
        .when({ type: 'RecordStaffRead', actor: desk, at })
        .then([{ type: 'ComplaintTextRead', data: { complaintId, staffId: 'st-desk', role: 'complaint-desk', at } }]));
    it('R-STF-2: a desk may not read a complaint not escalated to it', () => {
      spec.given([filed]).when({ type: 'RecordStaffRead', actor: desk, at }).thenThrows(DomainError, { code: 'COMPLAINT_NOT_VISIBLE' });
      spec
        .given([filed, escalated])
        .when({ type: 'RecordStaffRead', actor: otherDesk, at })
        .thenThrows(DomainError, { code: 'COMPLAINT_NOT_VISIBLE' });
    });
    it("R-STF-2: a bureau officer reads escalations of the registration's prefecture only; the HQ auditor reads all", () => {
      spec
        .given([filed, escalated])
        .when({ type: 'RecordStaffRead', actor: bureau, registrationPrefecture: '13', at })
        .then([{ type: 'ComplaintTextRead', data: { complaintId, staffId: 'st-bureau', role: 'bureau-officer', at } }]);
      spec
        .given([filed, escalated])
        .when({ type: 'RecordStaffRead', actor: otherBureau, registrationPrefecture: '13', at })
        .thenThrows(DomainError, { code: 'COMPLAINT_NOT_VISIBLE' });
      spec
        .given([filed])
        .when({ type: 'RecordStaffRead', actor: auditor, at })
        .then([{ type: 'ComplaintTextRead', data: { complaintId, staffId: 'st-hq', role: 'hq-auditor', at } }]);
    });
  });
});
