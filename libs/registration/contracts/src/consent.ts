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
  scope: Array<'private-agencies' | 'local-governments'>;
  /** R-SKR-6: registrations the seeker has blocked. */
  blockedRegistrationIds: string[];
  /** R-MSG-6c: a new university graduate. */
  newUniversityGraduate: boolean;
}

export const initialSeekerConsent = (): SeekerConsent => ({
  registered: false,
  stopped: false,
  eligible: false,
  scope: [],
  blockedRegistrationIds: [],
  newUniversityGraduate: false,
});

type AnyEvent = { type: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Folds the seeker stream's domain events into the consent state. Unknown events are ignored. */
export const foldSeekerConsent = (events: AnyEvent[]): SeekerConsent =>
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
      default:
        return state;
    }
  }, initialSeekerConsent());
