import type { OrganisationKind } from './registration-events';

/**
 * A registration's public facts as a log-level contract (like seeker consent, consent.ts).
 * A send must see a decision the moment the bureau's request has returned (R-MSG-4 "as approved
 * at that moment", R-ORG-1 suspension, termination, expiry): a read model or a cache would lag,
 * so the send path folds the registration's stream in the log with this function, reading only
 * the events after the revision it already folded. The event types and fields named here are
 * part of registration's published contract; nothing personal is read (officers' contacts stay
 * in registration and are served by it, by version).
 */
export const registrationFactsStreamId = (registrationId: string): string => `registration-${registrationId}`;

export type RegistrationFactsStatus = 'none' | 'submitted' | 'rejected' | 'active' | 'suspended' | 'terminated' | 'expired';

export interface RegistrationFacts {
  status: RegistrationFactsStatus;
  organisationKind?: OrganisationKind;
  /** R-ORG-7 / R-MSG-4: the stream revision that approved the complaint officer shown now. */
  complaintOfficerVersion?: number;
  /** R-ORG-9: paid-service notifications on file (R-MSG-6c). */
  paidServiceNotifications: number;
  /** R-ORG-1: end of the usage period; the registration is not active from this instant on, even before the clock records the expiry. */
  usagePeriodEndsAt?: string;
}

export const initialRegistrationFacts = (): RegistrationFacts => ({ status: 'none', paidServiceNotifications: 0 });

type AnyEvent = { type: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Folds the registration stream's domain events; unknown events are ignored. `from`: a state folded up to some revision. */
export const foldRegistrationFacts = (events: AnyEvent[], from: RegistrationFacts = initialRegistrationFacts()): RegistrationFacts =>
  events.reduce<RegistrationFacts>((facts, event) => {
    switch (event.type) {
      case 'ApplicationSubmitted':
        return { ...facts, status: 'submitted', organisationKind: event.data.application?.kind };
      case 'ApplicationRejected':
        return { ...facts, status: 'rejected' };
      case 'ApplicationApproved':
        return {
          ...facts,
          status: 'active',
          organisationKind: event.data.summary?.organisationKind ?? facts.organisationKind,
          complaintOfficerVersion: event.data.complaintOfficerVersion,
          usagePeriodEndsAt: event.data.usagePeriodEndsAt,
        };
      case 'ChangeApproved':
        return { ...facts, complaintOfficerVersion: event.data.complaintOfficerVersion ?? facts.complaintOfficerVersion };
      case 'RegistrationRenewed':
        return { ...facts, usagePeriodEndsAt: event.data.usagePeriodEndsAt };
      case 'RegistrationSuspended':
        return { ...facts, status: 'suspended' };
      case 'RegistrationResumed':
        return { ...facts, status: 'active' };
      case 'RegistrationTerminated':
        return { ...facts, status: 'terminated' };
      case 'RegistrationExpired':
        return { ...facts, status: 'expired' };
      case 'PaidServiceNotificationFiled':
        return { ...facts, paidServiceNotifications: facts.paidServiceNotifications + 1 };
      default:
        return facts;
    }
  }, from);

/** R-ORG-1: the status at an instant — an active registration whose usage period has ended is expired at once. */
export const registrationStatusAt = (facts: RegistrationFacts, at: Date): RegistrationFactsStatus =>
  facts.status === 'active' && facts.usagePeriodEndsAt !== undefined && at.getTime() >= Date.parse(facts.usagePeriodEndsAt)
    ? 'expired'
    : facts.status;
