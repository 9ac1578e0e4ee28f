import { assertNever, Decider, OfType } from '@hw/platform/core';
import {
  applicationValidUntil,
  eligibilityFields,
  eligibilityPolicy,
  isNewUniversityGraduate,
  jstDate,
  validityAfterActivity,
} from './eligibility';
import { SeekerCommand } from './seeker.commands';
import {
  alreadyBlocked,
  alreadyStopped,
  notBlocked,
  notDisclosed,
  notSeekersOffice,
  notStopped,
  purposeRequired,
  seekerAlreadyRegistered,
  seekerErased,
  seekerNotEligible,
} from './seeker.errors';
import { SeekerEvent } from './seeker.events';
import {
  datesPolicy,
  disclosureFieldsPolicy,
  liveSeekerPolicy,
  notBlockedPolicy,
  ownOfficePolicy,
  scopeAndTermsPolicy,
  seekerThemselfPolicy,
  staffReasonPolicy,
} from './seeker.policies';
import { evolveSeeker, initialSeekerState, LiveSeeker as Live, SeekerState } from './seeker.state';

type Command<T extends SeekerCommand['type']> = OfType<SeekerCommand, T>;
type Events = SeekerEvent[];

const uniq = <T>(values: T[]): T[] => [...new Set(values)];

export const decideRegisterSeeker = ({ data: d }: Command<'RegisterSeeker'>, state: SeekerState): Events => {
  if (state.status === 'erased') throw seekerErased();
  if (state.status !== 'unregistered') throw seekerAlreadyRegistered();
  scopeAndTermsPolicy(d.scope, d.termsVersion);
  datesPolicy(d.at, d.appliedOn, d.school);
  const validUntil = applicationValidUntil(d.appliedOn);
  const eligibility = eligibilityPolicy({ validUntil, placed: false }, d.school, d.at);
  // R-SKR-1 / R-SKR-3: refused with its reason — except a new graduate before 1 July, who is
  // registered now and becomes eligible by itself when the window closes.
  if (!eligibility.eligible && eligibility.reason !== 'NEW_GRADUATE_BEFORE_JULY')
    throw seekerNotEligible(eligibility.reason, eligibility.reason === 'APPLICATION_EXPIRED' ? 'appliedOn' : 'school');
  const registered = {
    seekerId: d.seekerId,
    officeCode: d.officeCode,
    personalData: d.personalData,
    scope: uniq(d.scope),
    termsVersion: d.termsVersion,
    profile: d.profile,
    appliedOn: d.appliedOn,
    validUntil,
    school: d.school,
    newUniversityGraduate: isNewUniversityGraduate(d.school),
    ...eligibilityFields(eligibility),
    registeredAt: d.at,
  };
  return [{ type: 'SeekerRegistered', data: registered }];
};

export const decideChangeProfile = ({ data }: Command<'ChangeProfile'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  return [{ type: 'SeekerProfileChanged', data: { seekerId: data.seekerId, profile: data.profile, changedAt: data.at } }];
};

export const decideChangePersonalData = ({ data }: Command<'ChangePersonalData'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  const { seekerId, at } = data;
  const events: Events = [{ type: 'SeekerPersonalDataChanged', data: { seekerId, personalData: data.personalData, changedAt: at } }];
  // R-SKR-5: a corrected birth date moves the age band organisations see.
  if (data.ageBand && data.ageBand !== seeker.profile.ageBand)
    events.push({ type: 'SeekerProfileChanged', data: { seekerId, profile: { ...seeker.profile, ageBand: data.ageBand }, changedAt: at } });
  return events;
};

/** R-SKR-2: made by staff, with the seeker's chosen scope and the current terms. */
export const decideChangeScope = ({ data }: Command<'ChangeScope'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  scopeAndTermsPolicy(data.scope, data.termsVersion);
  const changed = { seekerId: data.seekerId, scope: uniq(data.scope), termsVersion: data.termsVersion, changedAt: data.at };
  return [{ type: 'SeekerScopeChanged', data: changed }];
};

export const decideChangeSchoolStatus = ({ data }: Command<'ChangeSchoolStatus'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  datesPolicy(data.at, undefined, data.school);
  const eligibility = eligibilityPolicy({ validUntil: seeker.validUntil, placed: seeker.placed }, data.school, data.at);
  const newUniversityGraduate = isNewUniversityGraduate(data.school);
  const changed = { seekerId: data.seekerId, school: data.school, newUniversityGraduate, ...eligibilityFields(eligibility) };
  return [{ type: 'SeekerSchoolStatusChanged', data: { ...changed, changedAt: data.at } }];
};

/** R-SKR-4: the seeker may stop at any time, effective at once. */
export const decideStopUse = ({ data }: Command<'StopUse'>, seeker: Live): Events => {
  if (seeker.status === 'stopped') throw alreadyStopped();
  return [{ type: 'SeekerStoppedUse', data: { seekerId: data.seekerId, stoppedAt: data.at } }];
};

/** R-SKR-4: resuming is done at Hello Work (the route allows counter staff only). */
export const decideResumeUse = ({ data }: Command<'ResumeUse'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  if (seeker.status !== 'stopped') throw notStopped();
  return [{ type: 'SeekerResumedUse', data: { seekerId: data.seekerId, resumedAt: data.at } }];
};

/** R-SKR-3: activity in the last month extends the application by one month. */
export const decideRecordActivity = ({ data }: Command<'RecordActivity'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  if (seeker.placed) throw seekerNotEligible('PLACED');
  if (seeker.expired) throw seekerNotEligible('APPLICATION_EXPIRED');
  const extended = validityAfterActivity(seeker.validUntil, jstDate(data.at));
  if (!extended) return [];
  return [{ type: 'SeekerApplicationExtended', data: { seekerId: data.seekerId, validUntil: extended, extendedAt: data.at } }];
};

/** R-SKR-3: the application becomes invalid on placement. */
export const decideRecordPlacement = ({ data }: Command<'RecordPlacement'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  if (seeker.placed) return [];
  return [{ type: 'SeekerPlaced', data: { seekerId: data.seekerId, placedAt: data.at } }];
};

/** R-SKR-3: the scheduler's command; nothing happens before the application's last day has passed. */
export const decideExpireApplication = ({ data }: Command<'ExpireApplication'>, seeker: Live): Events => {
  if (seeker.placed || seeker.expired) return [];
  if (eligibilityPolicy({ validUntil: seeker.validUntil, placed: false }, { status: 'none' }, data.at).eligible) return [];
  return [{ type: 'SeekerApplicationExpired', data: { seekerId: data.seekerId, validUntil: seeker.validUntil, expiredAt: data.at } }];
};

/** R-SKR-1: on 1 July (JST) a new graduate of a school below university level becomes eligible. */
export const decideCloseNewGraduateWindow = ({ data }: Command<'CloseNewGraduateWindow'>, seeker: Live): Events => {
  if (seeker.eligibility.eligible || seeker.eligibility.reason !== 'NEW_GRADUATE_BEFORE_JULY') return [];
  const eligibility = eligibilityPolicy({ validUntil: seeker.validUntil, placed: seeker.placed }, seeker.school, data.at);
  if (!eligibility.eligible && eligibility.reason === 'NEW_GRADUATE_BEFORE_JULY') return [];
  const outcome = eligibility.eligible ? { eligible: true } : { eligible: false, ineligibleReason: eligibility.reason };
  return [{ type: 'SeekerNewGraduateWindowClosed', data: { seekerId: data.seekerId, ...outcome, closedAt: data.at } }];
};

/** R-SKR-6: the seeker blocks an organisation's registration. */
export const decideBlockRegistration = ({ data }: Command<'BlockRegistration'>, seeker: Live): Events => {
  if (seeker.blockedRegistrationIds.includes(data.registrationId)) throw alreadyBlocked();
  const { seekerId, registrationId, at } = data;
  return [{ type: 'SeekerBlockedRegistration', data: { seekerId, registrationId, blockedAt: at } }];
};

/** R-SKR-6: blocks can be lifted by the seeker. */
export const decideUnblockRegistration = ({ data }: Command<'UnblockRegistration'>, seeker: Live): Events => {
  if (!seeker.blockedRegistrationIds.includes(data.registrationId)) throw notBlocked();
  const { seekerId, registrationId, at } = data;
  return [{ type: 'SeekerUnblockedRegistration', data: { seekerId, registrationId, unblockedAt: at } }];
};

/** R-STF-2: every staff read of personal data is itself recorded (counter staff: own office only). */
export const decideRecordPersonalDataRead = ({ data }: Command<'RecordPersonalDataRead'>, seeker: Live): Events => {
  ownOfficePolicy(data.reader, seeker);
  if (!data.purpose) throw purposeRequired();
  const read = { seekerId: data.seekerId, reader: data.reader, purpose: data.purpose, route: data.route, readAt: data.at };
  return [{ type: 'PersonalDataRead', data: read }];
};

/** R-AUD-2: the log is not rewritten; the seeker's key is destroyed (application layer) and this marks it. */
export const decideEraseSeeker = ({ data }: Command<'EraseSeeker'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  return [{ type: 'SeekerErased', data: { seekerId: data.seekerId, requestReference: data.requestReference, erasedAt: data.at } }];
};

/** R-SKR-5: the seeker discloses identity/contact to one registration; R-SKR-6: never to a blocked one. */
export const decideDiscloseIdentity = ({ data }: Command<'DiscloseIdentity'>, seeker: Live): Events => {
  seekerThemselfPolicy(data.by, data.seekerId);
  const fields = disclosureFieldsPolicy(data.fields);
  notBlockedPolicy(seeker, data.registrationId);
  const { seekerId, registrationId, at } = data;
  return [{ type: 'SeekerDisclosedIdentity', data: { seekerId, registrationId, fields, disclosedAt: at } }];
};

/** R-SKR-5: the seeker withdraws; that registration receives nothing more. */
export const decideWithdrawDisclosure = ({ data }: Command<'WithdrawDisclosure'>, seeker: Live): Events => {
  seekerThemselfPolicy(data.by, data.seekerId);
  if (!seeker.disclosures[data.registrationId]) throw notDisclosed('conflict');
  const { seekerId, registrationId, at } = data;
  return [{ type: 'SeekerWithdrewDisclosure', data: { seekerId, registrationId, withdrawnAt: at } }];
};

/** R-SKR-5: only the registration disclosed to receives it, and every read is recorded (a block ends the disclosure, R-SKR-6). */
export const decideRecordDisclosedRead = ({ data }: Command<'RecordDisclosedRead'>, seeker: Live): Events => {
  const fields = seeker.disclosures[data.registrationId];
  if (!fields) throw notDisclosed();
  const { seekerId, registrationId, userId, departmentId, at } = data;
  return [{ type: 'DisclosedIdentityRead', data: { seekerId, registrationId, userId, departmentId, fields, readAt: at } }];
};

/** R-STF-1: only counter staff of the seeker's office; R-STF-2: recorded with who and why. */
export const decideIssueActivation = ({ data }: Command<'IssueActivation'>, seeker: Live): Events => {
  ownOfficePolicy(data.by, seeker);
  staffReasonPolicy(data.by, data.reason);
  if (data.by?.role !== 'counter') throw notSeekersOffice();
  const { seekerId, by, reissue, expiresAt, at } = data;
  return [{ type: 'SeekerActivationIssued', data: { seekerId, by, reason: data.reason.trim(), reissue, expiresAt, issuedAt: at } }];
};

export const decideRecordCredentialActivated = ({ data }: Command<'RecordCredentialActivated'>, seeker: Live): Events => {
  const issuedBy = seeker.pendingActivationBy ? { issuedBy: seeker.pendingActivationBy } : {};
  return [{ type: 'SeekerCredentialActivated', data: { seekerId: data.seekerId, ...issuedBy, activatedAt: data.at } }];
};

/** R-STF-2: the seeker's own session read the personal data, recorded like a staff read. */
export const decideRecordOwnPersonalDataRead = ({ data }: Command<'RecordOwnPersonalDataRead'>): Events => {
  seekerThemselfPolicy(data.by, data.seekerId);
  return [{ type: 'OwnPersonalDataRead', data: { seekerId: data.seekerId, route: data.route, readAt: data.at } }];
};

export const decideSeeker = (command: SeekerCommand, state: SeekerState): Events => {
  if (command.type === 'RegisterSeeker') return decideRegisterSeeker(command, state);
  const seeker = liveSeekerPolicy(state);
  switch (command.type) {
    case 'ChangeProfile':
      return decideChangeProfile(command, seeker);
    case 'ChangePersonalData':
      return decideChangePersonalData(command, seeker);
    case 'ChangeScope':
      return decideChangeScope(command, seeker);
    case 'ChangeSchoolStatus':
      return decideChangeSchoolStatus(command, seeker);
    case 'StopUse':
      return decideStopUse(command, seeker);
    case 'ResumeUse':
      return decideResumeUse(command, seeker);
    case 'RecordActivity':
      return decideRecordActivity(command, seeker);
    case 'RecordPlacement':
      return decideRecordPlacement(command, seeker);
    case 'ExpireApplication':
      return decideExpireApplication(command, seeker);
    case 'CloseNewGraduateWindow':
      return decideCloseNewGraduateWindow(command, seeker);
    case 'BlockRegistration':
      return decideBlockRegistration(command, seeker);
    case 'UnblockRegistration':
      return decideUnblockRegistration(command, seeker);
    case 'RecordPersonalDataRead':
      return decideRecordPersonalDataRead(command, seeker);
    case 'EraseSeeker':
      return decideEraseSeeker(command, seeker);
    case 'DiscloseIdentity':
      return decideDiscloseIdentity(command, seeker);
    case 'WithdrawDisclosure':
      return decideWithdrawDisclosure(command, seeker);
    case 'RecordDisclosedRead':
      return decideRecordDisclosedRead(command, seeker);
    case 'IssueActivation':
      return decideIssueActivation(command, seeker);
    case 'RecordCredentialActivated':
      return decideRecordCredentialActivated(command, seeker);
    case 'RecordOwnPersonalDataRead':
      return decideRecordOwnPersonalDataRead(command);
    default:
      return assertNever(command);
  }
};

/** The seeker aggregate (stream `seeker-<id>`): consent, eligibility, blocks, disclosures, staff reads. */
export const seekerDecider: Decider<SeekerCommand, SeekerEvent, SeekerState> = {
  initialState: initialSeekerState,
  decide: decideSeeker,
  evolve: evolveSeeker,
};
