import { DomainError } from '@hw/platform/core';

/** The consultation's refusals: stable codes, the rule that refuses, never personal data. */
export const ConsultationErrors = {
  notFound: () => new DomainError('CONSULTATION_NOT_FOUND', 'no such consultation', 'R-CMP-3', 'not-found'),
  alreadyOpened: () => new DomainError('CONSULTATION_ALREADY_OPENED', 'this consultation id is already used', 'R-CMP-4', 'conflict'),
  notComplaintOfficer: () =>
    new DomainError('NOT_COMPLAINT_OFFICER', "only the registration's complaint officer consults the desk", 'R-CMP-3', 'forbidden'),
  notOwnThread: () =>
    new DomainError('NO_DEALINGS_WITH_SEEKER', 'the thread named is not one of this registration', 'R-CMP-3', 'refused', 'threadId'),
  notDeskOfOffice: () =>
    new DomainError('NOT_THE_CONSULTED_DESK', 'only the desk of the consulted office handles the consultation', 'R-CMP-3', 'forbidden'),
  notVisible: () => new DomainError('CONSULTATION_NOT_VISIBLE', 'this consultation is not in your view', 'R-CMP-3', 'forbidden'),
  erased: () =>
    new DomainError('SEEKER_ERASED', 'the seeker this consultation names is erased: nothing new is sealed for it', 'R-AUD-2', 'refused'),
  alreadyAnswered: () =>
    new DomainError('CONSULTATION_ALREADY_ANSWERED', 'the desk answered this consultation; an answer is not edited', 'R-CMP-4', 'conflict'),
};
