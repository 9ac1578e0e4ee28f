import { jstDate, SchoolStatus } from './eligibility';
import { Actor, DISCLOSABLE_FIELDS, DisclosableField, ProvisionScope } from './seeker.commands';
import {
  applicationDateInvalid,
  disclosureBySeekerOnly,
  disclosureFieldsInvalid,
  graduationDateInvalid,
  notSeekerStaff,
  notSeekersOffice,
  registrationBlocked,
  scopeRequired,
  seekerErased,
  seekerNotRegistered,
  staffReasonRequired,
  termsNotAgreed,
} from './seeker.errors';
import { LiveSeeker, RegisteredSeeker, SeekerState } from './seeker.state';

/** The seeker's rules, one function per rule, named after it. */

/** R-SKR-2: registration and every change of scope needs a chosen scope and agreement to the terms. */
export const scopeAndTermsPolicy = (scope: ProvisionScope[], termsVersion: string): void => {
  if (scope.length === 0) throw scopeRequired();
  if (!termsVersion) throw termsNotAgreed();
};

/**
 * R-STF-1 / R-SKR-2: staff reach a seeker only where they work. Counter staff act — and read —
 * for the seekers of their own office; complaint-desk staff read only the seekers of their own
 * office too (R-CMP-2: the desk a complaint escalates to by default is the seeker's own office;
 * a complaint escalated elsewhere is not modelled yet, so fail closed); the HQ auditor reads
 * nationwide (the routes allow it reads only); bureau officers have no seeker cases. Which role
 * may do what at all is decided at the route (`@Allow`).
 */
export const ownOfficePolicy = (by: Actor | undefined, state: { officeCode?: string }): void => {
  if (by?.kind !== 'staff') return;
  if (by.role === 'bureau-officer') throw notSeekerStaff();
  const officeBound = by.role === 'counter' || by.role === 'complaint-desk';
  if (officeBound && (!by.officeCode || by.officeCode !== state.officeCode)) throw notSeekersOffice();
};

/** R-STF-2: a staff action on the seeker's account is made by a member of staff, with a reason. */
export const staffReasonPolicy = (by: Actor | undefined, reason: string): void => {
  if (by?.kind !== 'staff') throw notSeekersOffice();
  if (!reason.trim()) throw staffReasonRequired();
};

/** R-SKR-1: a new graduate's graduation date lies in the past; R-SKR-3: the application date is not in the future. */
export const datesPolicy = (at: string, appliedOn: string | undefined, school: SchoolStatus): void => {
  const today = jstDate(at);
  if (appliedOn !== undefined && appliedOn > today) throw applicationDateInvalid('the job application date is in the future');
  if (school.status === 'new-graduate' && school.graduationDate > today) throw graduationDateInvalid();
};

/** R-SKR-2 / R-AUD-2: every command but the registration needs a registered seeker whose data was not erased. */
export const liveSeekerPolicy = (state: SeekerState): LiveSeeker => {
  if (state.status === 'unregistered') throw seekerNotRegistered();
  if (state.status === 'erased') throw seekerErased();
  return state;
};

/** R-SKR-5: only the seeker discloses or withdraws; a command without an actor is the seeker's own (tests, replays). */
export const seekerThemselfPolicy = (by: Actor | undefined, seekerId: string): void => {
  if (by && (by.kind !== 'seeker' || by.id !== seekerId)) throw disclosureBySeekerOnly();
};

/** R-SKR-5: a disclosure names at least one of the disclosable fields, each once. */
export const disclosureFieldsPolicy = (fields: readonly string[]): DisclosableField[] => {
  if (fields.length === 0 || fields.some((f) => !(DISCLOSABLE_FIELDS as readonly string[]).includes(f))) throw disclosureFieldsInvalid();
  return DISCLOSABLE_FIELDS.filter((f) => fields.includes(f));
};

/** R-SKR-6: nothing passes to a registration the seeker has blocked. */
export const notBlockedPolicy = (seeker: RegisteredSeeker, registrationId: string): void => {
  if (seeker.blockedRegistrationIds.includes(registrationId)) throw registrationBlocked();
};
