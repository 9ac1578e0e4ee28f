import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { DiscloseIdentity, SendOrganisationMessage, SendSeekerReply, threadDecider, ThreadEvent, WithdrawDisclosure } from './index';

const spec = DeciderSpecification.for(threadDecider);
const at = new Date('2026-11-25T14:59:59.999Z');
const send = (messageId: string, over: Partial<SendOrganisationMessage['data']> = {}): SendOrganisationMessage => ({
  type: 'SendOrganisationMessage',
  data: {
    threadId: 't1',
    messageId,
    registrationId: 'r1',
    seekerId: 's1',
    departmentId: 'd1',
    userId: 'u1',
    kind: 'guidance',
    sealedBody: 'v1.sealed',
    organisationKind: 'private-paid',
    complaintOfficerVersion: 2,
    paidServiceNotificationOnFile: false,
    seekerIsNewUniversityGraduate: false,
    at,
    ...over,
  },
});
const sent = (messageId: string, kind = 'guidance', first = false): ThreadEvent => ({
  type: 'OrganisationMessageSent',
  data: {
    threadId: 't1',
    messageId,
    registrationId: 'r1',
    seekerId: 's1',
    departmentId: 'd1',
    userId: 'u1',
    kind: kind as never,
    sealedBody: 'v1.sealed',
    day: '20261125',
    sentAt: at.toISOString(),
    ...(first ? { complaintOfficer: { registrationId: 'r1', version: 2, href: '/registrations/r1/complaint-officer/2' } } : {}),
  },
});
const reply = (messageId: string, kind: SendSeekerReply['data']['kind']): ThreadEvent => ({
  type: 'SeekerReplied',
  data: { threadId: 't1', messageId, registrationId: 'r1', seekerId: 's1', kind, sealedBody: 'v1.sealed', sentAt: at.toISOString() },
});

describe('thread decider (R-MSG-1, R-MSG-4, R-MSG-6, R-MSG-8)', () => {
  it('R-MSG-4: the first message carries the complaint officer as approved at that moment; later ones do not', () => {
    spec
      .given([])
      .when(send('m1'))
      .then([sent('m1', 'guidance', true)]);
    spec
      .given([sent('m1', 'guidance', true)])
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
    spec
      .given([sent('m1', 'guidance', true)])
      .when(send('m1'))
      .then([]);
  });
  it('R-MSG-6a: a fee-charging agency cannot accept an application before stating its fees', () => {
    spec
      .given([sent('m1', 'guidance', true)])
      .when(send('m2', { kind: 'application-acceptance' }))
      .thenThrows(DomainError, { code: 'FEE_STATEMENT_REQUIRED', rule: 'R-MSG-6' });
    spec
      .given([sent('m1', 'fee-statement', true)])
      .when(send('m2', { kind: 'application-acceptance' }))
      .then([sent('m2', 'application-acceptance')]);
    spec
      .given([sent('m1', 'guidance', true)])
      .when(send('m2', { kind: 'application-acceptance', organisationKind: 'private-free' }))
      .then([sent('m2', 'application-acceptance')]);
  });
  it('R-MSG-6b: a paid service is offered only after the seeker asked', () => {
    spec
      .given([sent('m1', 'guidance', true)])
      .when(send('m2', { kind: 'paid-service-offer' }))
      .thenThrows(DomainError, { code: 'PAID_SERVICE_NOT_REQUESTED' });
    spec
      .given([sent('m1', 'guidance', true), reply('s1', 'paid-service-request')])
      .when(send('m2', { kind: 'paid-service-offer' }))
      .then([sent('m2', 'paid-service-offer')]);
  });
  it('R-MSG-6c: to a new university graduate only with the notification on file and the recorded consent', () => {
    const asked = [sent('m1', 'guidance', true), reply('s1', 'paid-service-request')];
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
    const cmd = (seekerId: string): SendSeekerReply => ({
      type: 'SendSeekerReply',
      data: { threadId: 't1', messageId: 's1', seekerId, kind: 'reply', sealedBody: 'v1.sealed', at },
    });
    spec.given([]).when(cmd('s1')).thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
    spec
      .given([sent('m1', 'guidance', true)])
      .when(cmd('other'))
      .thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
    spec
      .given([sent('m1', 'guidance', true)])
      .when(cmd('s1'))
      .then([reply('s1', 'reply')]);
  });
  describe('R-SKR-5: the thread records the disclosure registration recorded, and its withdrawal', () => {
    const disclose = (disclosureId: string, seekerId = 's1'): DiscloseIdentity => ({
      type: 'DiscloseIdentity',
      data: { threadId: 't1', seekerId, disclosureId, fields: ['name', 'phone'], at },
    });
    const withdraw = (withdrawalId: string): WithdrawDisclosure => ({
      type: 'WithdrawDisclosure',
      data: { threadId: 't1', seekerId: 's1', withdrawalId, at },
    });
    const disclosed = (disclosureId: string): ThreadEvent => ({
      type: 'IdentityDisclosed',
      data: {
        threadId: 't1',
        registrationId: 'r1',
        seekerId: 's1',
        disclosureId,
        fields: ['name', 'phone'],
        disclosedAt: at.toISOString(),
      },
    });
    const withdrawn = (withdrawalId: string): ThreadEvent => ({
      type: 'IdentityDisclosureWithdrawn',
      data: { threadId: 't1', registrationId: 'r1', seekerId: 's1', withdrawalId, withdrawnAt: at.toISOString() },
    });

    it("given an open thread, when the seeker's disclosure arrives, then it is recorded with the fields (never their values) — once", () => {
      spec
        .given([sent('m1', 'guidance', true)])
        .when(disclose('d1'))
        .then([disclosed('d1')]);
      spec
        .given([sent('m1', 'guidance', true), disclosed('d1')])
        .when(disclose('d1'))
        .then([]);
    });
    it("given no thread between them, or another seeker's thread, then nothing is recorded (THREAD_NOT_FOUND)", () => {
      spec.given([]).when(disclose('d1')).thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
      spec
        .given([sent('m1', 'guidance', true)])
        .when(disclose('d1', 'other'))
        .thenThrows(DomainError, { code: 'THREAD_NOT_FOUND' });
    });
    it('given a disclosure, when it is withdrawn, then the withdrawal is recorded once; with none to withdraw, nothing is', () => {
      spec
        .given([sent('m1', 'guidance', true), disclosed('d1')])
        .when(withdraw('w1'))
        .then([withdrawn('w1')]);
      spec
        .given([sent('m1', 'guidance', true), disclosed('d1'), withdrawn('w1')])
        .when(withdraw('w1'))
        .then([]);
      spec
        .given([sent('m1', 'guidance', true)])
        .when(withdraw('w1'))
        .then([]);
      spec
        .given([sent('m1', 'guidance', true), disclosed('d1'), withdrawn('w1')])
        .when(disclose('d2'))
        .then([disclosed('d2')]);
    });
  });
});
