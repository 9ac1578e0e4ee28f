import {
  DiscloseIdentity,
  OrganisationMessageHeader,
  OrganisationMessageKind,
  SeekerMessageKind,
  SendOrganisationMessage,
  SendSeekerReply,
  ThreadEvent,
  WithdrawDisclosure,
} from '../index';

/** The thread of the thread specs: user u1 of registration r1 (department d1) writes to seeker s1. */
export const at = new Date('2026-11-25T14:59:59.999Z');
const thread = { threadId: 't1', registrationId: 'r1', seekerId: 's1' };
const header = (messageId: string, kind: OrganisationMessageKind): OrganisationMessageHeader => ({
  ...thread,
  messageId,
  departmentId: 'd1',
  userId: 'u1',
  kind,
});

export const send = (messageId: string, over: Partial<SendOrganisationMessage['data']> = {}): SendOrganisationMessage => ({
  type: 'SendOrganisationMessage',
  data: {
    ...header(messageId, 'guidance'),
    sealedBody: 'v1.sealed',
    organisationKind: 'private-paid',
    complaintOfficerVersion: 2,
    paidServiceNotificationOnFile: false,
    seekerIsNewUniversityGraduate: false,
    at,
    ...over,
  },
});
/** The first message of a thread names the complaint officer (version 2); later ones do not. */
export const sent = (messageId: string, kind: OrganisationMessageKind = 'guidance', first = false): ThreadEvent => ({
  type: 'OrganisationMessageSent',
  data: {
    ...header(messageId, kind),
    sealedBody: 'v1.sealed',
    day: '20261125',
    sentAt: at.toISOString(),
    ...(first ? { complaintOfficer: { registrationId: 'r1', version: 2, href: '/registrations/r1/complaint-officer/2' } } : {}),
  },
});
/** The thread as its first message, m1, opened it. */
export const firstMessage = sent('m1', 'guidance', true);

export const sendReply = (seekerId: string): SendSeekerReply => ({
  type: 'SendSeekerReply',
  data: { threadId: 't1', messageId: 's1', seekerId, kind: 'reply', sealedBody: 'v1.sealed', at },
});
export const reply = (messageId: string, kind: SeekerMessageKind): ThreadEvent => ({
  type: 'SeekerReplied',
  data: { ...thread, messageId, kind, sealedBody: 'v1.sealed', sentAt: at.toISOString() },
});

export const disclose = (disclosureId: string, seekerId = 's1'): DiscloseIdentity => ({
  type: 'DiscloseIdentity',
  data: { threadId: 't1', seekerId, disclosureId, fields: ['name', 'phone'], at },
});
export const withdraw = (withdrawalId: string): WithdrawDisclosure => ({
  type: 'WithdrawDisclosure',
  data: { threadId: 't1', seekerId: 's1', withdrawalId, at },
});
export const disclosed = (disclosureId: string): ThreadEvent => ({
  type: 'IdentityDisclosed',
  data: { ...thread, disclosureId, fields: ['name', 'phone'], disclosedAt: at.toISOString() },
});
export const withdrawn = (withdrawalId: string): ThreadEvent => ({
  type: 'IdentityDisclosureWithdrawn',
  data: { ...thread, withdrawalId, withdrawnAt: at.toISOString() },
});
