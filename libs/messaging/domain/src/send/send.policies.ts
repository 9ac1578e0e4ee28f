import type { OrganisationKind } from '@hw/registration/contracts';
import {
  registrationNotActive,
  seekerBlockedOrganisation,
  seekerErased,
  seekerNotEligible,
  seekerNotFound,
  seekerOutsideScope,
  seekerStoppedUse,
} from './send.errors';
import { ConsentView, RegistrationView } from './send.state';

/**
 * R-MSG-5: why an organisation message is refused, one policy per reason, each with its own
 * code. The daily limit (the sixth reason) is `dailyLimitPolicy` in daily-quota.policies.ts.
 */

/** R-ORG-1 / R-MSG-5: only an active registration messages. */
export const registrationActivePolicy = (registration: RegistrationView | undefined): RegistrationView => {
  if (!registration) throw registrationNotActive('the registration is not approved (or not known yet)');
  if (registration.status !== 'active')
    throw registrationNotActive(`the registration is ${registration.status}; only an active registration may send messages`);
  return registration;
};

/** R-MSG-1: organisations message seekers they can see — a reference resolves to a registered seeker. */
export const seekerKnownPolicy = (consent: ConsentView): void => {
  if (!consent.registered) throw seekerNotFound();
};

/** R-AUD-2: an erased seeker is provided to no one; the refusal says so (not a stop of use). */
export const seekerErasedPolicy = (consent: ConsentView): void => {
  if (consent.erased) throw seekerErased();
};

/** R-SKR-4 / R-MSG-5: a seeker who stopped use accepts no organisation message, at once. */
export const seekerStoppedUsePolicy = (consent: ConsentView): void => {
  if (consent.stopped) throw seekerStoppedUse();
};

/** R-SKR-1 / R-SKR-3 / R-MSG-5. */
export const seekerEligiblePolicy = (consent: ConsentView): void => {
  if (!consent.eligible) throw seekerNotEligible();
};

/** R-SKR-6 / R-MSG-5. */
export const seekerBlockPolicy = (consent: ConsentView, registrationId: string): void => {
  if (consent.blockedRegistrationIds.includes(registrationId)) throw seekerBlockedOrganisation();
};

/** R-SKR-2 / R-MSG-5: the seeker's provision scope names the organisation's kind. */
export const seekerScopePolicy = (consent: ConsentView, kind: OrganisationKind): void => {
  const needed = kind === 'local-government' ? 'local-governments' : 'private-agencies';
  if (!consent.scope.includes(needed)) throw seekerOutsideScope(needed);
};

/** Every R-MSG-5 reason but the daily limit, in a stable order. */
export const mayMessagePolicy = (
  registration: RegistrationView | undefined,
  consent: ConsentView,
  registrationId: string,
): RegistrationView => {
  const active = registrationActivePolicy(registration);
  seekerKnownPolicy(consent);
  seekerErasedPolicy(consent);
  seekerStoppedUsePolicy(consent);
  seekerEligiblePolicy(consent);
  seekerBlockPolicy(consent, registrationId);
  seekerScopePolicy(consent, active.organisationKind);
  return active;
};
