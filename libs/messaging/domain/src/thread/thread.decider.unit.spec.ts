import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { threadDecider } from './index';
import { disclose, disclosed, firstMessage, reply, send, sendReply, sent, withdraw, withdrawn } from './testing/thread.fixtures';

const spec = DeciderSpecification.for(threadDecider);

describe('thread decider (R-MSG-1, R-MSG-4, R-MSG-6, R-MSG-8)', () => {
  it('R-MSG-4: the first message carries the complaint officer as approved at that moment; later ones do not', () => {
    spec.given([]).when(send('m1')).then([firstMessage]);
    spec
      .given([firstMessage])
      .when(send('m2', { complaintOfficerVersion: 3 }))
      .then([sent('m2')]);
  });
  it('R-MSG-4: without an approved complaint officer the first message is refused', () => {
    spec
      .given([])
      .when(send('m1', { complaintOfficerVersion: undefined }))
      .thenThrows(DomainError, { code: 'COMPLAINT_OFFICER_UNKNOWN', rule: 'R-MSG-4' });
  });
  it('R-MSG-8: the same message id is recorded once', () => {
    spec.given([firstMessage]).when(send('m1')).then([]);
  });
  it('R-MSG-6a: a fee-charging agency cannot accept an application before stating its fees', () => {
    spec
      .given([firstMessage])
      .when(send('m2', { kind: 'application-acceptance' }))
      .thenThrows(DomainError, { code: 'FEE_STATEMENT_REQUIRED', rule: 'R-MSG-6' });
    spec
      .given([sent('m1', 'fee-statement', true)])
      .when(send('m2', { kind: 'application-acceptance' }))
      .then([sent('m2', 'application-acceptance')]);
    spec
      .given([firstMessage])
      .when(send('m2', { kind: 'application-acceptance', organisationKind: 'private-free' }))
      .then([sent('m2', 'application-acceptance')]);
  });
  it('R-MSG-6b: a paid service is offered only after the seeker asked', () => {
    spec
      .given([firstMessage])
      .when(send('m2', { kind: 'paid-service-offer' }))
      .thenThrows(DomainError, { code: 'PAID_SERVICE_NOT_REQUESTED' });
    spec
      .given([firstMessage, reply('s1', 'paid-service-request')])
      .when(send('m2', { kind: 'paid-service-offer' }))
      .then([sent('m2', 'paid-service-offer')]);
  });
  it('R-MSG-6c: to a new university graduate only with the notification on file and the recorded consent', () => {
    const asked = [firstMessage, reply('s1', 'paid-service-request')];
    const grad = { kind: 'paid-service-offer' as const, seekerIsNewUniversityGraduate: true };
    spec.given(asked).when(send('m2', grad)).thenThrows(DomainError, { code: 'PAID_SERVICE_NOTIFICATION_MISSING' });
    spec
      .given(asked)
      .when(send('m2', { ...grad, paidServiceNotificationOnFile: true }))
      .thenThrows(DomainError, { code: 'PAID_SERVICE_CONSENT_MISSING' });
    spec
      .given([...asked, reply('s2', 'paid-service-consent')])
      .when(send('m2', { ...grad, paidServiceNotificationOnFile: true }))
      .then([sent('m2', 'paid-service-offer')]);
  });
  it('R-MSG-1: a seeker replies only in a thread an organisation started, and only its own', () => {
    spec.given([]).when(sendReply('s1')).thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
    spec.given([firstMessage]).when(sendReply('other')).thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
    spec
      .given([firstMessage])
      .when(sendReply('s1'))
      .then([reply('s1', 'reply')]);
  });
  describe('R-SKR-5: the thread records the disclosure registration recorded, and its withdrawal', () => {
    it("given an open thread, when the seeker's disclosure arrives, then it is recorded with the fields (never their values) — once", () => {
      spec
        .given([firstMessage])
        .when(disclose('d1'))
        .then([disclosed('d1')]);
      spec
        .given([firstMessage, disclosed('d1')])
        .when(disclose('d1'))
        .then([]);
    });
    it("given no thread between them, or another seeker's thread, then nothing is recorded (THREAD_NOT_FOUND)", () => {
      spec.given([]).when(disclose('d1')).thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
      spec.given([firstMessage]).when(disclose('d1', 'other')).thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
    });
    it('given a disclosure, when it is withdrawn, then the withdrawal is recorded once; with none to withdraw, nothing is', () => {
      spec
        .given([firstMessage, disclosed('d1')])
        .when(withdraw('w1'))
        .then([withdrawn('w1')]);
      spec
        .given([firstMessage, disclosed('d1'), withdrawn('w1')])
        .when(withdraw('w1'))
        .then([]);
      spec.given([firstMessage]).when(withdraw('w1')).then([]);
      spec
        .given([firstMessage, disclosed('d1'), withdrawn('w1')])
        .when(disclose('d2'))
        .then([disclosed('d2')]);
    });
  });
});
