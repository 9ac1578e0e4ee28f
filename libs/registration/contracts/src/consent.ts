import type { ProvisionScope } from './seeker-events';

/**
 * Seeker consent as a log-level contract. Messaging must honour a stop or a block "at once"
 * (R-SKR-4, R-SKR-6, R-MSG-5): once the request has returned, no send that starts after it is
 * accepted. A projection would lag, so the send path reads the seeker's stream in the log
 * (the source of truth) and folds it with this function. The event types named here are
 * part of registration's published contract; registration extends the fold when it adds
 * consent events. Nothing personal is read: personal data is not in these events.
 */
export const seekerConsentStreamId = (seekerId: string): string => `seeker-${seekerId}`;

export interface SeekerConsent {
  registered: boolean;
  /** R-SKR-4: stopped use — not searchable, no organisation message accepted. */
  stopped: boolean;
  /** R-SKR-1 / R-SKR-3: eligible (valid application, not an excluded student). */
  eligible: boolean;
  /** R-SKR-2: which kinds of organisation may see the seeker. */
  scope: ProvisionScope[];
  /** R-SKR-6: registrations the seeker has blocked. */
  blockedRegistrationIds: string[];
  /** R-MSG-6c: a new university graduate. */
  newUniversityGraduate: boolean;
  /** R-AUD-2: the seeker's personal data was erased; nothing is provided any more. */
  erased?: boolean;
}

export const initialSeekerConsent = (): SeekerConsent => ({
  registered: false,
  stopped: false,
  eligible: false,
  scope: [],
  blockedRegistrationIds: [],
  newUniversityGraduate: false,
  erased: false,
});

type AnyEvent = { type: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Folds the seeker stream's domain events into the consent state. Unknown events are ignored.
 * `from`: a state already folded up to some revision, to fold only the events after it.
 */
export const foldSeekerConsent = (events: AnyEvent[], from: SeekerConsent = initialSeekerConsent()): SeekerConsent =>
  events.reduce<SeekerConsent>((state, event) => {
    switch (event.type) {
      case 'SeekerRegistered':
        return {
          ...state,
          registered: true,
          eligible: event.data.eligible ?? true,
          scope: event.data.scope,
          newUniversityGraduate: Boolean(event.data.newUniversityGraduate),
        };
      case 'SeekerStoppedUse':
        return { ...state, stopped: true };
      case 'SeekerResumedUse':
        return { ...state, stopped: false };
      case 'SeekerScopeChanged':
        return { ...state, scope: event.data.scope };
      // R-SKR-1 / R-SKR-3: eligibility moves with school status, the 30 June window, expiry and placement.
      case 'SeekerSchoolStatusChanged':
        return { ...state, eligible: Boolean(event.data.eligible), newUniversityGraduate: Boolean(event.data.newUniversityGraduate) };
      case 'SeekerNewGraduateWindowClosed':
        return { ...state, eligible: Boolean(event.data.eligible) };
      case 'SeekerApplicationExpired':
      case 'SeekerPlaced':
        return { ...state, eligible: false };
      // R-SKR-6: blocks and their lifting.
      case 'SeekerBlockedRegistration':
        return state.blockedRegistrationIds.includes(event.data.registrationId)
          ? state
          : { ...state, blockedRegistrationIds: [...state.blockedRegistrationIds, event.data.registrationId] };
      case 'SeekerUnblockedRegistration':
        return { ...state, blockedRegistrationIds: state.blockedRegistrationIds.filter((id) => id !== event.data.registrationId) };
      // R-AUD-2: an erased seeker is provided to no one.
      case 'SeekerErased':
        return { ...state, eligible: false, stopped: true, erased: true };
      default:
        return state;
    }
  }, from);
