import type { OrganisationKind, SeekerConsent } from '@hw/registration/contracts';

/**
 * What a send is decided on, folded from other streams (R-MSG-5): the registration's facts and
 * the seeker's consent as registration publishes them.
 */
export interface RegistrationView {
  registrationId: string;
  status: 'active' | 'suspended' | 'terminated' | 'expired';
  organisationKind: OrganisationKind;
}

/** The seeker's consent as folded from the log: registration's `SeekerConsent` contract itself. */
export type ConsentView = SeekerConsent;
