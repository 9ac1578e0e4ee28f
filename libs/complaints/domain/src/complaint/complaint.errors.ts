import { DomainError } from '@hw/platform/core';

/** The complaint's refusals: stable codes, the rule that refuses, never personal data. */
export const ComplaintErrors = {
  notFound: () => new DomainError('COMPLAINT_NOT_FOUND', 'no such complaint', 'R-CMP-1', 'not-found'),
  alreadyFiled: () => new DomainError('COMPLAINT_ALREADY_FILED', 'this complaint id is already filed', 'R-CMP-4', 'conflict'),
  noDealings: () =>
    new DomainError(
      'NO_DEALINGS_WITH_REGISTRATION',
      'the seeker shares no thread with this registration',
      'R-CMP-1',
      'refused',
      'registrationId',
    ),
  notTheSeeker: () => new DomainError('NOT_THE_COMPLAINANT', 'only the seeker who filed the complaint may do this', 'R-CMP-2', 'forbidden'),
  notComplaintOfficer: () =>
    new DomainError('NOT_COMPLAINT_OFFICER', "only the registration's complaint officer handles it first", 'R-CMP-1', 'forbidden'),
  notWithOrganisation: () =>
    new DomainError('COMPLAINT_NOT_WITH_ORGANISATION', 'the complaint is no longer with the organisation', 'R-CMP-1', 'conflict'),
  alreadyAcknowledged: () =>
    new DomainError('COMPLAINT_ALREADY_ACKNOWLEDGED', 'the complaint is already acknowledged', 'R-CMP-4', 'conflict'),
  alreadyAnswered: () =>
    new DomainError(
      'COMPLAINT_ALREADY_ANSWERED',
      'an answer is recorded and is not edited; reply in the conversation',
      'R-CMP-4',
      'conflict',
    ),
  notAnswered: () => new DomainError('COMPLAINT_NOT_ANSWERED', 'the complaint can be resolved once answered', 'R-CMP-1', 'conflict'),
  closed: () => new DomainError('COMPLAINT_CLOSED', 'the complaint is closed', 'R-CMP-4', 'conflict'),
  notEscalated: () => new DomainError('COMPLAINT_NOT_ESCALATED', 'the complaint is not with a complaint desk', 'R-CMP-2', 'conflict'),
  notDeskOfOffice: () =>
    new DomainError('NOT_THIS_OFFICE_DESK', "only the complaint desk of the escalation's office handles it", 'R-CMP-2', 'forbidden'),
  noPrefecture: () =>
    new DomainError('REGISTRATION_PREFECTURE_UNKNOWN', "the registration's prefecture is not known yet", 'R-CMP-5', 'conflict'),
  notSanctionRequested: () =>
    new DomainError('NO_SANCTION_REQUEST', 'no sanction request is open on this complaint', 'R-CMP-5', 'conflict'),
  notBureauOfPrefecture: () =>
    new DomainError('NOT_THIS_PREFECTURE_BUREAU', "only the bureau of the registration's prefecture decides", 'R-CMP-5', 'forbidden'),
  untilRequired: () =>
    new DomainError('SUSPENSION_UNTIL_REQUIRED', 'a suspension names the date it ends, after the decision', 'R-CMP-5', 'refused', 'until'),
  untilNotAllowed: () => new DomainError('UNTIL_ONLY_FOR_SUSPENSION', 'only a suspension has an end date', 'R-CMP-5', 'refused', 'until'),
  notConsultedDesk: () =>
    new DomainError('NOT_THE_CONSULTED_DESK', 'only the desk the organisation consulted answers the consultation', 'R-CMP-3', 'forbidden'),
  notAllowedToRead: () => new DomainError('COMPLAINT_NOT_VISIBLE', 'this complaint is not in your view', 'R-STF-2', 'forbidden'),
  noSanctionDecided: () => new DomainError('NO_SANCTION_DECIDED', 'no sanction was decided on this complaint', 'R-CMP-5', 'conflict'),
};
