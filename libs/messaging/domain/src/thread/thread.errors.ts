import { DomainError, refused } from '@hw/platform/core';

/** The thread's refusals (R-MSG-1, R-MSG-4, R-MSG-6): code, rule and kind are what the HTTP answer says. */
export const complaintOfficerUnknown = (): DomainError =>
  refused('COMPLAINT_OFFICER_UNKNOWN', 'the registration has no approved complaint officer to show the seeker', 'R-MSG-4');

export const feeStatementRequired = (): DomainError =>
  refused('FEE_STATEMENT_REQUIRED', 'a fee-charging agency must state its fees to the seeker before accepting the application', 'R-MSG-6');

export const paidServiceNotRequested = (): DomainError =>
  refused('PAID_SERVICE_NOT_REQUESTED', 'paid support services may be offered only after the seeker asked for them', 'R-MSG-6');

export const paidServiceNotificationMissing = (): DomainError =>
  refused(
    'PAID_SERVICE_NOTIFICATION_MISSING',
    'offering paid services to a new university graduate needs a paid-service notification on file (R-ORG-9)',
    'R-MSG-6',
  );

export const paidServiceConsentMissing = (): DomainError =>
  refused(
    'PAID_SERVICE_CONSENT_MISSING',
    "offering paid services to a new university graduate needs the seeker's recorded consent",
    'R-MSG-6',
  );

export const threadNotFound = (): DomainError => refused('THREAD_NOT_FOUND', 'no such thread for this seeker', 'R-MSG-1', 'not-found');
