import { DomainError, refused } from '@hw/platform/core';

/** R-MSG-5: each reason a send is refused has its own code. */
export const registrationNotActive = (message: string): DomainError => refused('REGISTRATION_NOT_ACTIVE', message, 'R-MSG-5', 'forbidden');

export const seekerNotFound = (): DomainError => refused('SEEKER_NOT_FOUND', 'no seeker behind this reference', 'R-MSG-1', 'not-found');

export const seekerErased = (): DomainError =>
  refused('SEEKER_ERASED', "the seeker's data was erased; nothing more can be sent", 'R-AUD-2');

export const seekerStoppedUse = (): DomainError => refused('SEEKER_STOPPED_USE', 'the seeker has stopped using the service', 'R-SKR-4');

export const seekerNotEligible = (): DomainError =>
  refused('SEEKER_NOT_ELIGIBLE', 'the seeker is not eligible for the service now', 'R-MSG-5');

export const seekerBlockedOrganisation = (): DomainError =>
  refused('SEEKER_BLOCKED_ORGANISATION', 'the seeker has blocked this organisation', 'R-SKR-6');

export const seekerOutsideScope = (needed: string): DomainError =>
  refused('SEEKER_OUTSIDE_SCOPE', `the seeker's provision scope does not include ${needed}`, 'R-MSG-5');
