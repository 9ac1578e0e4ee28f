import { assertNever } from '@hw/platform/core';
import { Eligibility, IneligibleReason } from './eligibility';
import { Actor, DisclosableField } from './seeker.commands';
import { SeekerEvent, SeekerRegistrationFacts } from './seeker.events';

/** What its SeekerRegistered stated, then what has happened to the seeker since. */
export interface RegisteredSeeker extends SeekerRegistrationFacts {
  placed: boolean;
  expired: boolean;
  eligibility: Eligibility;
  blockedRegistrationIds: string[];
  /** R-SKR-5: current disclosures, registration id → disclosed field names. */
  disclosures: Record<string, DisclosableField[]>;
  /** The staff member whose one-time code is outstanding (R-STF-2: the activation names them). */
  pendingActivationBy?: Actor;
}

/** A union of statuses; eligibility is the other dimension (a stopped seeker may be eligible). */
export type SeekerState =
  | { status: 'unregistered' }
  | ({ status: 'active' } & RegisteredSeeker)
  | ({ status: 'stopped' } & RegisteredSeeker)
  /** The office stays known (not personal data): staff of other offices learn nothing, not even the erasure (R-STF-1). */
  | { status: 'erased'; seekerId: string; officeCode?: string };

export const seekerStreamId = (seekerId: string): string => `seeker-${seekerId}`;

/** The eligibility an event states (R-SKR-1, R-SKR-3). */
const eligibilityOf = (e: { eligible: boolean; ineligibleReason?: IneligibleReason; eligibleFrom?: string }): Eligibility =>
  e.eligible ? { eligible: true } : { eligible: false, reason: e.ineligibleReason as IneligibleReason, until: e.eligibleFrom };

/** The seeker every command but the registration acts on: registered, not erased. */
export type LiveSeeker = { status: 'active' | 'stopped' } & RegisteredSeeker;

export const initialSeekerState = (): SeekerState => ({ status: 'unregistered' });

/** How each event moves the seeker (R-SKR-1 … R-SKR-6, R-AUD-2). */
export const evolveSeeker = (state: SeekerState, event: SeekerEvent): SeekerState => {
  if (event.type === 'SeekerRegistered') {
    const d = event.data;
    return {
      status: 'active',
      seekerId: d.seekerId,
      officeCode: d.officeCode,
      scope: d.scope,
      termsVersion: d.termsVersion,
      profile: d.profile,
      appliedOn: d.appliedOn,
      validUntil: d.validUntil,
      school: d.school,
      placed: false,
      expired: false,
      eligibility: eligibilityOf(d),
      blockedRegistrationIds: [],
      disclosures: {},
    };
  }
  if (event.type === 'SeekerErased') {
    const officeCode = 'officeCode' in state && state.officeCode ? { officeCode: state.officeCode } : {};
    return { status: 'erased', seekerId: event.data.seekerId, ...officeCode };
  }
  if (state.status === 'unregistered' || state.status === 'erased') return state;
  switch (event.type) {
    case 'SeekerProfileChanged':
      return { ...state, profile: event.data.profile };
    case 'SeekerPersonalDataChanged':
    case 'PersonalDataRead':
    case 'DisclosedIdentityRead':
    case 'OwnPersonalDataRead':
      return state;
    case 'SeekerActivationIssued':
      return { ...state, pendingActivationBy: event.data.by };
    case 'SeekerCredentialActivated': {
      const { pendingActivationBy: _used, ...rest } = state;
      return rest;
    }
    case 'SeekerDisclosedIdentity':
      return { ...state, disclosures: { ...state.disclosures, [event.data.registrationId]: event.data.fields } };
    case 'SeekerWithdrewDisclosure': {
      const { [event.data.registrationId]: _withdrawn, ...rest } = state.disclosures;
      return { ...state, disclosures: rest };
    }
    case 'SeekerScopeChanged':
      return { ...state, scope: event.data.scope, termsVersion: event.data.termsVersion };
    case 'SeekerSchoolStatusChanged':
      return {
        ...state,
        school: event.data.school,
        eligibility: event.data.eligible
          ? { eligible: true }
          : { eligible: false, reason: event.data.ineligibleReason as IneligibleReason, until: event.data.eligibleFrom },
      };
    case 'SeekerStoppedUse':
      return { ...state, status: 'stopped' };
    case 'SeekerResumedUse':
      return { ...state, status: 'active' };
    case 'SeekerApplicationExtended':
      return { ...state, validUntil: event.data.validUntil };
    case 'SeekerApplicationExpired':
      return { ...state, expired: true, eligibility: { eligible: false, reason: 'APPLICATION_EXPIRED' } };
    case 'SeekerPlaced':
      return { ...state, placed: true, eligibility: { eligible: false, reason: 'PLACED' } };
    case 'SeekerNewGraduateWindowClosed':
      return {
        ...state,
        eligibility: eligibilityOf({ eligible: event.data.eligible, ineligibleReason: event.data.ineligibleReason }),
      };
    case 'SeekerBlockedRegistration': {
      // R-SKR-6: a block also ends any disclosure to that registration (lifting the block does not restore it).
      const { [event.data.registrationId]: _ended, ...disclosures } = state.disclosures;
      return { ...state, blockedRegistrationIds: [...state.blockedRegistrationIds, event.data.registrationId], disclosures };
    }
    case 'SeekerUnblockedRegistration':
      return { ...state, blockedRegistrationIds: state.blockedRegistrationIds.filter((id) => id !== event.data.registrationId) };
    default:
      return assertNever(event);
  }
};
