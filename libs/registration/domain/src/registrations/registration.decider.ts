import { decideByType, Decider, OfType } from '@hw/platform/core';
import { RegistrationCommand } from './registration.commands';
import { changePending, invalidRegistrationTransition, noSuchChange, registrationExists, registrationRefused } from './registration.errors';
import { RegistrationEvent, registrationSummary } from './registration.events';
import {
  applicationPolicy,
  changePolicy,
  nextComplaintOfficerVersionPolicy,
  ownBureauPolicy,
  ownRegistrationPolicy,
  paidServiceNotificationPolicy,
  requireStatus,
  securityDeclarationPolicy,
  usagePeriodPolicy,
} from './registration.policies';
import { applyChange, evolveRegistration, initialRegistrationState, RegistrationData, RegistrationState } from './registration.state';

type Command<T extends RegistrationCommand['type']> = OfType<RegistrationCommand, T>;
type Events = RegistrationEvent[];

/** R-ORG-2: the commands only the bureau of the main office's prefecture decides. */
const BUREAU_DECISIONS: RegistrationCommand['type'][] = [
  'ApproveApplication',
  'RejectApplication',
  'ApproveChange',
  'RejectChange',
  'ApproveRenewal',
  'RejectRenewal',
  'ApproveSuspension',
  'SuspendAsSanction',
  'Resume',
  'Terminate',
];
/** R-ORG-6: the commands an organisation user makes under the registration of its token. */
const ORGANISATION_REQUESTS: RegistrationCommand['type'][] = [
  'RequestChange',
  'RequestRenewal',
  'RequestSuspension',
  'FilePaidServiceNotification',
];

/**
 * Authority before anything else, so another bureau or registration learns nothing of the case
 * (R-ORG-2, R-ORG-6) — not even whether it exists: a bureau decision on no registration is "not found".
 */
const authorityPolicy = (command: RegistrationCommand, state: RegistrationState): void => {
  if (state.status !== 'none' && BUREAU_DECISIONS.includes(command.type)) ownBureauPolicy(command.data.by, state.prefecture);
  if (ORGANISATION_REQUESTS.includes(command.type)) ownRegistrationPolicy(command.data.by, command.data.registrationId);
};

export const decideSubmitApplication = ({ data }: Command<'SubmitApplication'>, state: RegistrationState): Events => {
  if (state.status !== 'none') throw registrationExists();
  const prefecture = applicationPolicy(data.application);
  // R-ORG-2: the bureau of the main office's prefecture receives the application.
  ownBureauPolicy(data.by, prefecture);
  const submitted = { registrationId: data.registrationId, prefecture, application: data.application, submittedAt: data.at };
  return [{ type: 'ApplicationSubmitted', data: submitted }];
};

export const decideApproveApplication = ({ data }: Command<'ApproveApplication'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'approve', 'submitted');
  // R-ORG-7: the complaint officer shown is the one approved at this revision.
  const approved = {
    registrationId: data.registrationId,
    summary: registrationSummary(s.prefecture, s.application),
    usagePeriodEndsAt: usagePeriodPolicy(data.at, data.usagePeriodYears),
    complaintOfficerVersion: nextComplaintOfficerVersionPolicy(s),
    approvedAt: data.at,
  };
  return [{ type: 'ApplicationApproved', data: approved }];
};

export const decideRejectApplication = ({ data }: Command<'RejectApplication'>, state: RegistrationState): Events => {
  requireStatus(state, 'reject', 'submitted');
  return [{ type: 'ApplicationRejected', data: { registrationId: data.registrationId, reason: data.reason, rejectedAt: data.at } }];
};

export const decideRequestChange = ({ data }: Command<'RequestChange'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'change', 'active', 'suspended');
  if (s.pendingChange) throw changePending();
  changePolicy(data.change, s);
  const requested = { registrationId: data.registrationId, changeId: data.changeId, change: data.change, requestedAt: data.at };
  return [{ type: 'ChangeRequested', data: requested }];
};

/** R-ORG-1: a bureau decision on a change names the pending change. */
const pendingChangeOf = (s: RegistrationData, changeId: string): NonNullable<RegistrationData['pendingChange']> => {
  if (s.pendingChange?.changeId !== changeId) throw noSuchChange();
  return s.pendingChange;
};

export const decideApproveChange = ({ data }: Command<'ApproveChange'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'approve a change of', 'active', 'suspended');
  const pending = pendingChangeOf(s, data.changeId);
  const officerChanged = pending.change.complaintOfficer !== undefined;
  const approved = {
    registrationId: data.registrationId,
    changeId: data.changeId,
    summary: registrationSummary(s.prefecture, applyChange(s.application, pending.change)),
    complaintOfficerVersion: officerChanged ? nextComplaintOfficerVersionPolicy(s) : (s.complaintOfficerVersion as number),
    approvedAt: data.at,
  };
  return [{ type: 'ChangeApproved', data: approved }];
};

export const decideRejectChange = ({ data }: Command<'RejectChange'>, state: RegistrationState): Events => {
  pendingChangeOf(requireStatus(state, 'reject a change of', 'active', 'suspended'), data.changeId);
  const rejected = { registrationId: data.registrationId, changeId: data.changeId, reason: data.reason, rejectedAt: data.at };
  return [{ type: 'ChangeRejected', data: rejected }];
};

export const decideRequestRenewal = ({ data }: Command<'RequestRenewal'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'renew', 'active');
  if (s.renewalRequested) throw invalidRegistrationTransition('request another renewal of', 'awaiting renewal');
  securityDeclarationPolicy(data.security, 'security');
  return [{ type: 'RenewalRequested', data: { registrationId: data.registrationId, security: data.security, requestedAt: data.at } }];
};

export const decideApproveRenewal = ({ data }: Command<'ApproveRenewal'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'renew', 'active');
  if (!s.renewalRequested) throw invalidRegistrationTransition('approve a renewal not requested of', 'active');
  // R-ORG-1: the new period follows the current one without a gap.
  const usagePeriodEndsAt = usagePeriodPolicy(s.usagePeriodEndsAt as string, data.usagePeriodYears);
  return [{ type: 'RegistrationRenewed', data: { registrationId: data.registrationId, usagePeriodEndsAt, renewedAt: data.at } }];
};

export const decideRejectRenewal = ({ data }: Command<'RejectRenewal'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'reject a renewal of', 'active');
  if (!s.renewalRequested) throw invalidRegistrationTransition('reject a renewal not requested of', 'active');
  return [{ type: 'RenewalRejected', data: { registrationId: data.registrationId, reason: data.reason, rejectedAt: data.at } }];
};

export const decideRequestSuspension = ({ data }: Command<'RequestSuspension'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'suspend', 'active');
  if (s.suspensionRequested) throw invalidRegistrationTransition('request another suspension of', 'awaiting suspension');
  return [{ type: 'SuspensionRequested', data: { registrationId: data.registrationId, reason: data.reason, requestedAt: data.at } }];
};

export const decideApproveSuspension = ({ data }: Command<'ApproveSuspension'>, state: RegistrationState): Events => {
  const s = requireStatus(state, 'suspend', 'active');
  if (!s.suspensionRequested) throw invalidRegistrationTransition('approve a suspension not requested of', 'active');
  const note = "at the organisation's request";
  const suspended = { registrationId: data.registrationId, reason: 'own-request' as const, note, suspendedAt: data.at };
  return [{ type: 'RegistrationSuspended', data: suspended }];
};

export const decideSuspendAsSanction = ({ data }: Command<'SuspendAsSanction'>, state: RegistrationState): Events => {
  requireStatus(state, 'suspend', 'active');
  const { until, reason, at } = data;
  if (until !== undefined && !(until > at))
    throw registrationRefused('SANCTION_END_IN_PAST', 'a sanction ends after it starts', 'R-ORG-1', 'until');
  const suspended = { registrationId: data.registrationId, reason: 'sanction' as const, note: reason, ...(until ? { until } : {}) };
  return [{ type: 'RegistrationSuspended', data: { ...suspended, suspendedAt: at } }];
};

export const decideResume = ({ data }: Command<'Resume'>, state: RegistrationState): Events => {
  requireStatus(state, 'resume', 'suspended');
  return [{ type: 'RegistrationResumed', data: { registrationId: data.registrationId, reason: 'bureau-decision', resumedAt: data.at } }];
};

/** The clock's command: a sanction with an end date ends by itself, no earlier. */
export const decideEndSanction = ({ data }: Command<'EndSanction'>, state: RegistrationState): Events => {
  if (state.status !== 'suspended' || state.suspension.reason !== 'sanction') return [];
  const { until } = state.suspension;
  if (!until || until > data.at) return [];
  return [{ type: 'RegistrationResumed', data: { registrationId: data.registrationId, reason: 'sanction-ended', resumedAt: until } }];
};

export const decideTerminate = ({ data }: Command<'Terminate'>, state: RegistrationState): Events => {
  requireStatus(state, 'terminate', 'active', 'suspended');
  return [{ type: 'RegistrationTerminated', data: { registrationId: data.registrationId, reason: data.reason, terminatedAt: data.at } }];
};

/** The clock's command: at the end of the usage period, unless renewed (renewal moved the end). */
export const decideExpire = ({ data }: Command<'Expire'>, state: RegistrationState): Events => {
  if (state.status !== 'active' && state.status !== 'suspended') return [];
  const endsAt = state.usagePeriodEndsAt;
  if (!endsAt || endsAt > data.at) return [];
  return [{ type: 'RegistrationExpired', data: { registrationId: data.registrationId, usagePeriodEndsAt: endsAt, expiredAt: endsAt } }];
};

export const decideFilePaidServiceNotification = ({ data }: Command<'FilePaidServiceNotification'>, state: RegistrationState): Events => {
  requireStatus(state, 'file a paid-service notification for', 'active');
  paidServiceNotificationPolicy(data.kind, data.price);
  const { registrationId, notificationId, kind, price, at } = data;
  return [{ type: 'PaidServiceNotificationFiled', data: { registrationId, notificationId, kind, price, filedAt: at } }];
};

const decideByCommand = decideByType<RegistrationCommand, RegistrationState, RegistrationEvent>({
  SubmitApplication: decideSubmitApplication,
  ApproveApplication: decideApproveApplication,
  RejectApplication: decideRejectApplication,
  RequestChange: decideRequestChange,
  ApproveChange: decideApproveChange,
  RejectChange: decideRejectChange,
  RequestRenewal: decideRequestRenewal,
  ApproveRenewal: decideApproveRenewal,
  RejectRenewal: decideRejectRenewal,
  RequestSuspension: decideRequestSuspension,
  ApproveSuspension: decideApproveSuspension,
  SuspendAsSanction: decideSuspendAsSanction,
  Resume: decideResume,
  EndSanction: decideEndSanction,
  Terminate: decideTerminate,
  Expire: decideExpire,
  FilePaidServiceNotification: decideFilePaidServiceNotification,
});

export const decideRegistration = (command: RegistrationCommand, state: RegistrationState): Events => {
  authorityPolicy(command, state);
  return decideByCommand(command, state);
};

/** The registration aggregate (stream `registration-<id>`): R-ORG-1 … R-ORG-9. */
export const registrationDecider: Decider<RegistrationCommand, RegistrationEvent, RegistrationState> = {
  initialState: initialRegistrationState,
  decide: decideRegistration,
  evolve: evolveRegistration,
};
