import { decideByType, Decider, OfType } from '@hw/platform/core';
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
  notStopped,
  seekerAlreadyRegistered,
  seekerErased,
  seekerNotEligible,
} from './seeker.errors';
import { SeekerEvent } from './seeker.events';
import { datesPolicy, liveSeekerPolicy, ownOfficePolicy, scopeAndTermsPolicy } from './seeker.policies';
import { evolveSeeker, initialSeekerState, LiveSeeker as Live, SeekerState } from './seeker.state';
import {
  decideRecordPersonalDataRead,
  decideEraseSeeker,
  decideDiscloseIdentity,
  decideWithdrawDisclosure,
  decideRecordDisclosedRead,
  decideIssueActivation,
  decideRecordCredentialActivated,
  decideRecordOwnPersonalDataRead,
} from './seeker.records.decider';

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

/** Every command but the registration acts on the live seeker. */
const decideOnLiveSeeker = decideByType<Exclude<SeekerCommand, Command<'RegisterSeeker'>>, Live, SeekerEvent>({
  ChangeProfile: decideChangeProfile,
  ChangePersonalData: decideChangePersonalData,
  ChangeScope: decideChangeScope,
  ChangeSchoolStatus: decideChangeSchoolStatus,
  StopUse: decideStopUse,
  ResumeUse: decideResumeUse,
  RecordActivity: decideRecordActivity,
  RecordPlacement: decideRecordPlacement,
  ExpireApplication: decideExpireApplication,
  CloseNewGraduateWindow: decideCloseNewGraduateWindow,
  BlockRegistration: decideBlockRegistration,
  UnblockRegistration: decideUnblockRegistration,
  RecordPersonalDataRead: decideRecordPersonalDataRead,
  EraseSeeker: decideEraseSeeker,
  DiscloseIdentity: decideDiscloseIdentity,
  WithdrawDisclosure: decideWithdrawDisclosure,
  RecordDisclosedRead: decideRecordDisclosedRead,
  IssueActivation: decideIssueActivation,
  RecordCredentialActivated: decideRecordCredentialActivated,
  RecordOwnPersonalDataRead: decideRecordOwnPersonalDataRead,
});

export const decideSeeker = (command: SeekerCommand, state: SeekerState): Events =>
  command.type === 'RegisterSeeker' ? decideRegisterSeeker(command, state) : decideOnLiveSeeker(command, liveSeekerPolicy(state));

/** The seeker aggregate (stream `seeker-<id>`): consent, eligibility, blocks, disclosures, staff reads. */
export const seekerDecider: Decider<SeekerCommand, SeekerEvent, SeekerState> = {
  initialState: initialSeekerState,
  decide: decideSeeker,
  evolve: evolveSeeker,
};
