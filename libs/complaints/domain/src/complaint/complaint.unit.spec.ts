import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { ComplaintCommand } from './complaint.commands';
import { complaintDecider } from './complaint.decider';
import { ComplaintEvent } from './complaint.events';
import {
  acknowledge,
  acknowledged,
  answer,
  answerConsultation,
  answered,
  at,
  auditor,
  bureau,
  colleague,
  complaintId,
  decideSanction,
  desk,
  deskStep,
  escalate,
  escalated,
  fileCommand,
  filed,
  flagOverdue,
  officer,
  otherBureau,
  otherDesk,
  otherOfficer,
  otherSeeker,
  sanctionRequested,
  seeker,
  staffRead,
  suspended,
  textRead,
} from './testing/complaint.fixtures';

const spec = DeciderSpecification.for(complaintDecider);

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
      spec.given([filed]).when(acknowledge(officer)).then([acknowledged]));
    it('R-CMP-1: another user of the organisation may not acknowledge', () =>
      spec.given([filed]).when(acknowledge(colleague)).thenThrows(DomainError, { code: 'NOT_COMPLAINT_OFFICER', kind: 'forbidden' }));
    it("R-CMP-1: another registration's complaint officer may not acknowledge", () =>
      spec.given([filed]).when(acknowledge(otherOfficer)).thenThrows(DomainError, { code: 'NOT_COMPLAINT_OFFICER' }));
    it('R-CMP-1: answering an unacknowledged complaint acknowledges it too', () =>
      spec.given([filed]).when(answer(officer)).then([acknowledged, answered]));
    it('R-CMP-4: an answer is not edited: a second answer is refused', () =>
      spec
        .given([filed, acknowledged, answered])
        .when(answer(officer, 'v1.b'))
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
      spec.given([filed]).when(flagOverdue(late)).then([overdue]);
      spec.given([filed, overdue]).when(flagOverdue(late)).then([]);
    });
    it('R-CMP-1: at the due time itself nothing is overdue', () =>
      spec.given([filed]).when(flagOverdue('2026-12-04T00:00:00.000Z')).then([]));
    it('R-CMP-1: past the answer due time an acknowledged but unanswered complaint is flagged answer-overdue; an answered one is not', () => {
      const late = '2026-12-15T00:00:01.000Z';
      spec
        .given([filed, acknowledged])
        .when(flagOverdue(late))
        .then([{ type: 'ComplaintOverdue', data: { complaintId, step: 'answer', dueAt: '2026-12-15T00:00:00.000Z', at: late } }]);
      spec.given([filed, acknowledged, answered]).when(flagOverdue(late)).then([]);
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
      spec.given([filed]).when(escalate('officer-hard-to-reach')).then([escalated]));
    it('R-CMP-2: the seeker may name another office', () =>
      spec
        .given([filed, acknowledged, answered])
        .when(escalate('not-satisfied', '2701'))
        .then([
          { type: 'ComplaintEscalated', data: { complaintId, reason: 'not-satisfied', sealedReason: 'v1.r', officeCode: '2701', at } },
        ]));
    it('R-CMP-2: a resolved complaint is not escalated', () =>
      spec
        .given([filed, acknowledged, answered, { type: 'ComplaintResolved', data: { complaintId, at } }])
        .when(escalate('not-satisfied'))
        .thenThrows(DomainError, { code: 'COMPLAINT_NOT_WITH_ORGANISATION', kind: 'conflict' }));
    it('R-CMP-1: once escalated the officer no longer answers', () =>
      spec.given([filed, escalated]).when(answer(officer)).thenThrows(DomainError, { code: 'COMPLAINT_NOT_WITH_ORGANISATION' }));
    it("R-CMP-2: the escalation office's desk records a step; another office's desk may not", () => {
      spec
        .given([filed, escalated])
        .when(deskStep(desk))
        .then([{ type: 'DeskStepRecorded', data: { complaintId, staffId: 'st-desk', sealedNote: 'v1.n', at } }]);
      spec.given([filed, escalated]).when(deskStep(otherDesk)).thenThrows(DomainError, { code: 'NOT_THIS_OFFICE_DESK', kind: 'forbidden' });
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
        .when(deskStep(desk))
        .thenThrows(DomainError, { code: 'COMPLAINT_NOT_ESCALATED' }));
  });

  describe('R-CMP-5: the bureau of the prefecture decides the sanction', () => {
    it('R-CMP-5: suspension until a date by the bureau of the prefecture', () =>
      spec
        .given([filed, escalated, sanctionRequested])
        .when(decideSanction(bureau, 'suspension', '2027-06-01T00:00:00.000Z'))
        .then([suspended]));
    it("R-CMP-5 / R-ORG-2: another prefecture's bureau may not decide", () =>
      spec
        .given([filed, escalated, sanctionRequested])
        .when(decideSanction(otherBureau, 'termination'))
        .thenThrows(DomainError, { code: 'NOT_THIS_PREFECTURE_BUREAU', rule: 'R-CMP-5' }));
    it('R-CMP-5: a suspension without an end date is refused naming the field', () =>
      spec
        .given([filed, escalated, sanctionRequested])
        .when(decideSanction(bureau, 'suspension'))
        .thenThrows(DomainError, { code: 'SUSPENSION_UNTIL_REQUIRED', field: 'until' }));
    it('R-CMP-5: no sanction is decided without a request', () =>
      spec.given([filed, escalated]).when(decideSanction(bureau, 'termination')).thenThrows(DomainError, { code: 'NO_SANCTION_REQUEST' }));
    it('R-CMP-5: the carried-out sanction is linked once to the registration event', () => {
      const done: ComplaintEvent = {
        type: 'SanctionCarriedOut',
        data: { complaintId, registrationId: 'reg-1', registrationEventId: 'e-1', status: 'suspended', at },
      };
      const carriedOut: ComplaintCommand = {
        type: 'RecordSanctionCarriedOut',
        actor: { kind: 'system', id: 'x' },
        registrationEventId: 'e-1',
        status: 'suspended',
        at,
      };
      spec.given([filed, escalated, sanctionRequested, suspended]).when(carriedOut).then([done]);
      spec.given([filed, escalated, sanctionRequested, suspended, done]).when(carriedOut).then([]);
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
        .when(staffRead(desk))
        .then([textRead('st-desk', 'complaint-desk')]);
      spec
        .given([filed, consulted])
        .when(answerConsultation(desk))
        .then([{ type: 'ConsultationAnswered', data: { complaintId, staffId: 'st-desk', sealedText: 'v1.adv', at } }]);
      spec
        .given([filed, consulted])
        .when(answerConsultation(otherDesk))
        .thenThrows(DomainError, { code: 'NOT_THE_CONSULTED_DESK', rule: 'R-CMP-3' });
    });
    it('R-CMP-3: without a consultation no desk answers one', () =>
      spec.given([filed]).when(answerConsultation(desk)).thenThrows(DomainError, { code: 'NOT_THE_CONSULTED_DESK' }));
  });

  describe('R-STF-2: staff reads are recorded, deny by default', () => {
    it('R-STF-2: the desk of the escalation office reads, and the read is an event', () =>
      spec
        .given([filed, escalated])
        .when(staffRead(desk))
        .then([textRead('st-desk', 'complaint-desk')]));
    it('R-STF-2: a desk may not read a complaint not escalated to it', () => {
      spec.given([filed]).when(staffRead(desk)).thenThrows(DomainError, { code: 'COMPLAINT_NOT_VISIBLE' });
      spec.given([filed, escalated]).when(staffRead(otherDesk)).thenThrows(DomainError, { code: 'COMPLAINT_NOT_VISIBLE' });
    });
    it("R-STF-2: a bureau officer reads escalations of the registration's prefecture only; the HQ auditor reads all", () => {
      spec
        .given([filed, escalated])
        .when(staffRead(bureau, '13'))
        .then([textRead('st-bureau', 'bureau-officer')]);
      spec.given([filed, escalated]).when(staffRead(otherBureau, '13')).thenThrows(DomainError, { code: 'COMPLAINT_NOT_VISIBLE' });
      spec
        .given([filed])
        .when(staffRead(auditor))
        .then([textRead('st-hq', 'hq-auditor')]);
    });
  });
});
