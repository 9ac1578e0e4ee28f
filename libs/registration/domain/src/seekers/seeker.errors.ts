import { DomainError, refused } from '@hw/platform/core';
import { IneligibleReason } from './eligibility';
import { DISCLOSABLE_FIELDS } from './seeker.commands';

/** The seeker's refusals: code, rule, kind and field are what the HTTP answer says (R-SKR-1 … R-SKR-6, R-STF-1/2, R-AUD-2). */
export const seekerAlreadyRegistered = (): DomainError =>
  refused('SEEKER_ALREADY_REGISTERED', 'the seeker is already registered for the service', 'R-SKR-2', 'conflict');

export const seekerNotRegistered = (): DomainError =>
  refused('SEEKER_NOT_REGISTERED', 'no such seeker registration', 'R-SKR-2', 'not-found');

export const seekerErased = (): DomainError =>
  refused(
    'SEEKER_ERASED',
    "the seeker's personal data was erased on a lawful request; nothing more can be done with it",
    'R-AUD-2',
    'conflict',
  );

export const scopeRequired = (): DomainError =>
  refused('SCOPE_REQUIRED', 'the seeker must choose private agencies, local governments, or both', 'R-SKR-2', 'refused', 'scope');

export const termsNotAgreed = (): DomainError =>
  refused('TERMS_NOT_AGREED', 'the seeker must agree to the current version of the terms of use', 'R-SKR-2', 'refused', 'termsVersion');

export const notSeekersOffice = (): DomainError =>
  refused('NOT_SEEKERS_OFFICE', 'counter staff act only for seekers registered at their own office', 'R-STF-1', 'forbidden');

export const alreadyStopped = (): DomainError => refused('ALREADY_STOPPED', 'the seeker has already stopped use', 'R-SKR-4', 'conflict');

export const notStopped = (): DomainError =>
  refused('NOT_STOPPED', 'the seeker has not stopped use; nothing to resume', 'R-SKR-4', 'conflict');

export const alreadyBlocked = (): DomainError =>
  refused('ALREADY_BLOCKED', 'the seeker has already blocked this registration', 'R-SKR-6', 'conflict', 'registrationId');

export const notBlocked = (): DomainError =>
  refused('NOT_BLOCKED', 'the seeker has not blocked this registration', 'R-SKR-6', 'conflict', 'registrationId');

export const applicationDateInvalid = (message: string): DomainError =>
  refused('APPLICATION_DATE_INVALID', message, 'R-SKR-3', 'refused', 'appliedOn');

export const graduationDateInvalid = (): DomainError =>
  refused(
    'GRADUATION_DATE_INVALID',
    'a new graduate has a graduation date that is not in the future',
    'R-SKR-1',
    'refused',
    'school.graduationDate',
  );

export const disclosureBySeekerOnly = (): DomainError =>
  refused('DISCLOSURE_BY_SEEKER_ONLY', 'only the seeker may disclose or withdraw their own identity and contact', 'R-SKR-5', 'forbidden');

export const disclosureFieldsInvalid = (): DomainError =>
  refused('DISCLOSURE_FIELDS_INVALID', `fields name one or more of ${DISCLOSABLE_FIELDS.join(', ')}`, 'R-SKR-5', 'refused', 'fields');

export const registrationBlocked = (): DomainError =>
  refused('REGISTRATION_BLOCKED', 'the seeker has blocked this registration', 'R-SKR-6', 'refused', 'registrationId');

/** R-SKR-5: no current disclosure to this registration — `forbidden` for a read, `conflict` for a withdrawal. */
export const notDisclosed = (kind: 'forbidden' | 'conflict' = 'forbidden'): DomainError =>
  refused('NOT_DISCLOSED', 'the seeker has not disclosed identity or contact to this registration', 'R-SKR-5', kind);

export const notSeekerStaff = (): DomainError =>
  refused(
    'NOT_SEEKER_STAFF',
    'bureau officers decide organisations’ cases; seekers are served by Hello Work offices',
    'R-STF-1',
    'forbidden',
  );

export const staffReasonRequired = (): DomainError =>
  refused('STAFF_REASON_REQUIRED', 'a staff action on a seeker’s account states its reason', 'R-STF-2', 'refused', 'reason');

export const purposeRequired = (): DomainError =>
  refused('READ_PURPOSE_REQUIRED', 'a staff read of personal data states its purpose', 'R-STF-2', 'refused', 'purpose');

const INELIGIBLE: Record<IneligibleReason, string> = {
  STUDENT_OF_EXCLUDED_SCHOOL: 'a student of a school below university level (other than a college of technology) is not eligible',
  NEW_GRADUATE_BEFORE_JULY:
    'a new graduate of a school below university level is not eligible until 30 June of the graduation year has passed',
  APPLICATION_EXPIRED: 'the job application is no longer valid (end of the second month after it was made, plus extensions)',
  PLACED: 'the seeker has been placed; the job application is no longer valid',
};

/** R-SKR-1 / R-SKR-3: the refusal's code is the reason itself. */
export const seekerNotEligible = (reason: IneligibleReason, field?: string): DomainError =>
  refused(reason, INELIGIBLE[reason], reason === 'APPLICATION_EXPIRED' || reason === 'PLACED' ? 'R-SKR-3' : 'R-SKR-1', 'refused', field);
