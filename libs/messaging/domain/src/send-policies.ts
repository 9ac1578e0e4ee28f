import { DomainError } from '@hw/platform/core';

/**
 * R-MSG-5: why an organisation message is refused, one policy per reason, each with its own
 * code. The daily limit (the sixth reason) is `dailyLimitPolicy` in daily-quota.ts.
 */
export type OrganisationKind = 'private-paid' | 'private-free' | 'local-government';

export interface RegistrationView {
  registrationId: string;
  status: 'active' | 'suspended' | 'terminated' | 'expired';
  organisationKind: OrganisationKind;
}

/** The seeker's consent as folded from the log (registration's `SeekerConsent`, structurally). */
export interface ConsentView {
  registered: boolean;
  stopped: boolean;
  eligible: boolean;
  scope: Array<'private-agencies' | 'local-governments'>;
  blockedRegistrationIds: string[];
  newUniversityGraduate: boolean;
  erased?: boolean;
}

const refuse = (code: string, message: string, rule: string, kind: DomainError['kind'] = 'refused') =>
  new DomainError(code, message, rule, kind);

/** R-ORG-1 / R-MSG-5: only an active registration messages. */
export const registrationActivePolicy = (registration: RegistrationView | undefined): RegistrationView => {
  if (!registration) throw refuse('REGISTRATION_NOT_ACTIVE', 'the registration is not approved (or not known yet)', 'R-MSG-5', 'forbidden');
  if (registration.status !== 'active')
    throw refuse('REGISTRATION_NOT_ACTIVE', `the registration is ${registration.status}; only an active registration may send messages`, 'R-MSG-5', 'forbidden');
  return registration;
};

export const seekerKnownPolicy = (consent: ConsentView): void => {
  if (!consent.registered) throw refuse('SEEKER_NOT_FOUND', 'no seeker behind this reference', 'R-MSG-1', 'not-found');
};

/** R-AUD-2: an erased seeker is provided to no one; the refusal says so (not a stop of use). */
export const seekerErasedPolicy = (consent: ConsentView): void => {
  if (consent.erased) throw refuse('SEEKER_ERASED', "the seeker's data was erased; nothing more can be sent", 'R-AUD-2');
};

/** R-SKR-4 / R-MSG-5: a seeker who stopped use accepts no organisation message, at once. */
export const seekerStoppedUsePolicy = (consent: ConsentView): void => {
  if (consent.stopped) throw refuse('SEEKER_STOPPED_USE', 'the seeker has stopped using the service', 'R-SKR-4');
};

/** R-SKR-1 / R-SKR-3 / R-MSG-5. */
export const seekerEligiblePolicy = (consent: ConsentView): void => {
  if (!consent.eligible) throw refuse('SEEKER_NOT_ELIGIBLE', 'the seeker is not eligible for the service now', 'R-MSG-5');
};

/** R-SKR-6 / R-MSG-5. */
export const seekerBlockPolicy = (consent: ConsentView, registrationId: string): void => {
  if (consent.blockedRegistrationIds.includes(registrationId))
    throw refuse('SEEKER_BLOCKED_ORGANISATION', 'the seeker has blocked this organisation', 'R-SKR-6');
};

/** R-SKR-2 / R-MSG-5: the seeker's provision scope names the organisation's kind. */
export const seekerScopePolicy = (consent: ConsentView, kind: OrganisationKind): void => {
  const needed = kind === 'local-government' ? 'local-governments' : 'private-agencies';
  if (!consent.scope.includes(needed))
    throw refuse('SEEKER_OUTSIDE_SCOPE', `the seeker's provision scope does not include ${needed}`, 'R-MSG-5');
};

/** Every R-MSG-5 reason but the daily limit, in a stable order. */
export const mayMessagePolicy = (registration: RegistrationView | undefined, consent: ConsentView, registrationId: string): RegistrationView => {
  const active = registrationActivePolicy(registration);
  seekerKnownPolicy(consent);
  seekerErasedPolicy(consent);
  seekerStoppedUsePolicy(consent);
  seekerEligiblePolicy(consent);
  seekerBlockPolicy(consent, registrationId);
  seekerScopePolicy(consent, active.organisationKind);
  return active;
};
