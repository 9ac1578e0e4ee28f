import { decideByType, Decider, OfType, tokyoDay } from '@hw/platform/core';
import { ThreadCommand } from './thread.commands';
import { OrganisationMessageSentData, ThreadEvent } from './thread.events';
import {
  feeStatementBeforeAcceptancePolicy,
  firstMessageComplaintOfficerPolicy,
  paidServiceOfferPolicy,
  replyInThreadPolicy,
} from './thread.policies';
import { evolveThread, initialThreadState, ThreadState } from './thread.state';

type Command<T extends ThreadCommand['type']> = OfType<ThreadCommand, T>;
type Events = ThreadEvent[];

export const decideSendOrganisationMessage = ({ data: c }: Command<'SendOrganisationMessage'>, state: ThreadState): Events => {
  if (state.status === 'open' && state.messageIds.has(c.messageId)) return []; // R-MSG-8
  const complaintOfficer = firstMessageComplaintOfficerPolicy(state, c.registrationId, c.complaintOfficerVersion);
  feeStatementBeforeAcceptancePolicy(state, c.kind, c.organisationKind);
  paidServiceOfferPolicy(state, c.kind, c.paidServiceNotificationOnFile, c.seekerIsNewUniversityGraduate);
  const data: OrganisationMessageSentData = {
    threadId: c.threadId,
    messageId: c.messageId,
    registrationId: c.registrationId,
    seekerId: c.seekerId,
    departmentId: c.departmentId,
    userId: c.userId,
    kind: c.kind,
    sealedBody: c.sealedBody,
    day: c.quotaDay ?? tokyoDay(c.at),
    sentAt: c.at.toISOString(),
  };
  if (complaintOfficer) data.complaintOfficer = complaintOfficer;
  return [{ type: 'OrganisationMessageSent', data }];
};

export const decideSendSeekerReply = ({ data: c }: Command<'SendSeekerReply'>, state: ThreadState): Events => {
  const open = replyInThreadPolicy(state, c.seekerId);
  if (open.messageIds.has(c.messageId)) return [];
  const { threadId, messageId, seekerId, kind, sealedBody } = c;
  const replied = { threadId, messageId, registrationId: open.registrationId, seekerId, kind, sealedBody, sentAt: c.at.toISOString() };
  return [{ type: 'SeekerReplied', data: replied }];
};

/** R-SKR-5: registration's record of the disclosure, recorded once in the thread. */
export const decideDiscloseIdentity = ({ data: c }: Command<'DiscloseIdentity'>, state: ThreadState): Events => {
  const open = replyInThreadPolicy(state, c.seekerId);
  if (open.disclosureIds.has(c.disclosureId)) return [];
  const { threadId, seekerId, disclosureId, fields } = c;
  const disclosed = { threadId, registrationId: open.registrationId, seekerId, disclosureId, fields, disclosedAt: c.at.toISOString() };
  return [{ type: 'IdentityDisclosed', data: disclosed }];
};

/** R-SKR-5: the withdrawal, recorded once, and only of a current disclosure. */
export const decideWithdrawDisclosure = ({ data: c }: Command<'WithdrawDisclosure'>, state: ThreadState): Events => {
  const open = replyInThreadPolicy(state, c.seekerId);
  if (open.disclosureIds.has(c.withdrawalId) || !open.disclosed) return [];
  const withdrawn = { threadId: c.threadId, registrationId: open.registrationId, seekerId: c.seekerId, withdrawalId: c.withdrawalId };
  return [{ type: 'IdentityDisclosureWithdrawn', data: { ...withdrawn, withdrawnAt: c.at.toISOString() } }];
};

export const decideThread = decideByType<ThreadCommand, ThreadState, ThreadEvent>({
  SendOrganisationMessage: decideSendOrganisationMessage,
  SendSeekerReply: decideSendSeekerReply,
  DiscloseIdentity: decideDiscloseIdentity,
  WithdrawDisclosure: decideWithdrawDisclosure,
});

/** The thread aggregate (stream `thread-<threadId>`): R-MSG-1, R-MSG-4, R-MSG-6, R-MSG-8, R-SKR-5. */
export const threadDecider: Decider<ThreadCommand, ThreadEvent, ThreadState> = {
  initialState: initialThreadState,
  decide: decideThread,
  evolve: evolveThread,
};
