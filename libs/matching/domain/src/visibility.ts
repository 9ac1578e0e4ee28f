/**
 * Who may find whom in the anonymised search. One function per rule; the search read model
 * applies the same rules in SQL (see the application's search query), and its tests name them.
 */
export type OrganisationKind = 'private-paid' | 'private-free' | 'local-government';
export type ProvisionScope = 'private-agencies' | 'local-governments';
export type RegistrationStatus = 'active' | 'suspended' | 'terminated' | 'expired';

/** R-SKR-2: a seeker chooses private agencies, local governments or both; paid and free agencies are both "private". */
export const scopeForOrganisationKind = (kind: OrganisationKind): ProvisionScope =>
  kind === 'local-government' ? 'local-governments' : 'private-agencies';

/** R-ORG-1: an organisation searches only while its registration is active. */
export const registrationMaySearchPolicy = (status: RegistrationStatus): boolean => status === 'active';

export interface SeekerVisibility {
  /** R-SKR-1 / R-SKR-3: a valid job application, not an excluded student. */
  eligible: boolean;
  /** R-SKR-4: stopped use on the site. */
  stopped: boolean;
  scope: ProvisionScope[];
  /** R-SKR-6: registrations this seeker blocked. */
  blockedRegistrationIds: string[];
}

export interface Viewer {
  registrationId: string;
  organisationKind: OrganisationKind;
}

/** R-SKR-1 / R-SKR-3: an invalid seeker is provided to no one. */
export const eligibleSeekerPolicy = (seeker: SeekerVisibility): boolean => seeker.eligible;
/** R-SKR-4: a seeker who stopped use is not searchable. */
export const notStoppedPolicy = (seeker: SeekerVisibility): boolean => !seeker.stopped;
/** R-SKR-2: the seeker's scope includes the viewer's kind of organisation. */
export const scopeIncludesOrganisationPolicy = (seeker: SeekerVisibility, viewer: Viewer): boolean =>
  seeker.scope.includes(scopeForOrganisationKind(viewer.organisationKind));
/** R-SKR-6: a blocked organisation no longer finds the seeker. */
export const notBlockedPolicy = (seeker: SeekerVisibility, viewer: Viewer): boolean =>
  !seeker.blockedRegistrationIds.includes(viewer.registrationId);

export const seekerVisibleTo = (seeker: SeekerVisibility, viewer: Viewer): boolean =>
  eligibleSeekerPolicy(seeker) &&
  notStoppedPolicy(seeker) &&
  scopeIncludesOrganisationPolicy(seeker, viewer) &&
  notBlockedPolicy(seeker, viewer);
