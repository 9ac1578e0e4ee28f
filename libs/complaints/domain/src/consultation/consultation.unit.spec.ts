import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { ComplaintActor } from '../complaint/complaint.commands';
import { at, auditor, bureau, colleague, desk, officer, otherDesk, otherOfficer, seeker } from '../complaint/testing/complaint.fixtures';
import { ConsultationCommand } from './consultation.commands';
import { consultationDecider } from './consultation.decider';
import { ConsultationEvent } from './consultation.events';

const spec = DeciderSpecification.for(consultationDecider);
const consultationId = 'k-1';

const openCommand = (actor: ComplaintActor, threadId?: string, threadOfRegistration = true): ConsultationCommand => ({
  type: 'OpenConsultation',
  actor,
  at,
  consultationId,
  registrationId: 'reg-1',
  officeCode: '1301',
  ...(threadId ? { threadId } : {}),
  sealedText: 'v1.sealed',
  threadOfRegistration,
});
const opened = (threadId?: string): ConsultationEvent => ({
  type: 'ConsultationOpened',
  data: {
    consultationId,
    registrationId: 'reg-1',
    officerId: 'u-officer',
    officeCode: '1301',
    ...(threadId ? { threadId } : {}),
    sealedText: 'v1.sealed',
    openedAt: at,
  },
});
const answered: ConsultationEvent = {
  type: 'ConsultationAnswered',
  data: { consultationId, staffId: 'st-desk', officeCode: '1301', sealedAnswer: 'v1.a', at },
};

describe('consultation decider (standalone, no complaint)', () => {
  describe('R-CMP-3: the organisation consults the desk through its complaint officer', () => {
    it('R-CMP-3: the complaint officer opens a consultation without naming a seeker', () =>
      spec.given([]).when(openCommand(officer)).then([opened()]));
    it("R-CMP-3 / R-SKR-5: the complaint officer names the seeker by the registration's own thread, never a seeker id", () =>
      spec
        .given([])
        .when(openCommand(officer, 't-1'))
        .then([opened('t-1')]));
    it("R-CMP-3: a thread that is not the registration's is refused naming the field", () =>
      spec
        .given([])
        .when(openCommand(officer, 't-9', false))
        .thenThrows(DomainError, { code: 'NO_DEALINGS_WITH_SEEKER', rule: 'R-CMP-3', field: 'threadId' }));
    it.each([
      ['another user of the organisation', colleague],
      ["another registration's officer", otherOfficer],
      ['a seeker', seeker],
      ['desk staff', desk],
    ])('R-CMP-3: %s cannot open one', (_who, actor) =>
      spec.given([]).when(openCommand(actor)).thenThrows(DomainError, { code: 'NOT_COMPLAINT_OFFICER', rule: 'R-CMP-3' }),
    );
    it('R-CMP-4: a consultation id is used once', () =>
      spec.given([opened()]).when(openCommand(officer)).thenThrows(DomainError, { code: 'CONSULTATION_ALREADY_OPENED' }));
  });

  describe('R-STF-2: each staff read is an event', () => {
    it('R-STF-2: the consulted desk reads; the read is recorded', () =>
      spec
        .given([opened()])
        .when({ type: 'RecordConsultationRead', actor: desk, at })
        .then([{ type: 'ConsultationRead', data: { consultationId, staffId: 'st-desk', role: 'complaint-desk', at } }]));
    it('R-STF-2: the HQ auditor reads; the read is recorded', () =>
      spec
        .given([opened()])
        .when({ type: 'RecordConsultationRead', actor: auditor, at })
        .then([{ type: 'ConsultationRead', data: { consultationId, staffId: 'st-hq', role: 'hq-auditor', at } }]));
    it.each([
      ['another office desk', otherDesk],
      ['a bureau officer', bureau],
    ])('R-CMP-3: %s may not read it', (_who, actor) =>
      spec
        .given([opened()])
        .when({ type: 'RecordConsultationRead', actor, at })
        .thenThrows(DomainError, { code: 'CONSULTATION_NOT_VISIBLE', rule: 'R-CMP-3' }),
    );
    it('R-CMP-3: nothing to read before it is opened', () =>
      spec.given([]).when({ type: 'RecordConsultationRead', actor: desk, at }).thenThrows(DomainError, { code: 'CONSULTATION_NOT_FOUND' }));
  });

  describe('R-CMP-3 / R-CMP-4: the consulted desk answers once', () => {
    it('R-CMP-3: the desk of the consulted office answers (sealed)', () =>
      spec.given([opened()]).when({ type: 'AnswerConsultation', actor: desk, at, sealedAnswer: 'v1.a' }).then([answered]));
    it.each([
      ['another office desk', otherDesk],
      ['the HQ auditor (read-only)', auditor],
      ['the complaint officer', officer],
    ])('R-CMP-3: %s cannot answer', (_who, actor) =>
      spec
        .given([opened()])
        .when({ type: 'AnswerConsultation', actor, at, sealedAnswer: 'v1.a' })
        .thenThrows(DomainError, { code: 'NOT_THE_CONSULTED_DESK', rule: 'R-CMP-3' }),
    );
    it('R-CMP-4: an answer is not edited', () =>
      spec
        .given([opened(), answered])
        .when({ type: 'AnswerConsultation', actor: desk, at, sealedAnswer: 'v1.b' })
        .thenThrows(DomainError, { code: 'CONSULTATION_ALREADY_ANSWERED', rule: 'R-CMP-4' }));
  });
});
