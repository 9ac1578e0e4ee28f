import type { OrganisationKind, ProvisionScope } from '@hw/registration/contracts';

/**
 * What a send is decided on, folded from other streams (R-MSG-5): the registration's facts and
 * the seeker's consent as registration publishes them.
 */
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
  scope: ProvisionScope[];
  blockedRegistrationIds: string[];
  newUniversityGraduate: boolean;
  erased?: boolean;
}
