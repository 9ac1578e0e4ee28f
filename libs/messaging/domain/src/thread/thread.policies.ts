import type { OrganisationKind } from '@hw/registration/contracts';
import { OrganisationMessageKind } from './thread.commands';
import {
  complaintOfficerUnknown,
  feeStatementRequired,
  paidServiceConsentMissing,
  paidServiceNotificationMissing,
  paidServiceNotRequested,
  threadNotFound,
} from './thread.errors';
import { ComplaintOfficerReference } from './thread.events';
import { OpenThread, ThreadState } from './thread.state';

/** The thread's rules, one function per rule, named after it. */

export const complaintOfficerHref = (registrationId: string, version: number): string =>
  `/registrations/${registrationId}/complaint-officer/${version}`;

/** R-MSG-4: the first message carries the complaint officer as approved at that moment. */
export const firstMessageComplaintOfficerPolicy = (
  state: ThreadState,
  registrationId: string,
  version: number | undefined,
): ComplaintOfficerReference | undefined => {
  if (state.status === 'open') return undefined;
  if (version === undefined) throw complaintOfficerUnknown();
  return { registrationId, version, href: complaintOfficerHref(registrationId, version) };
};

/** R-MSG-6a: a fee-charging agency states its fees before accepting the seeker's application. */
export const feeStatementBeforeAcceptancePolicy = (
  state: ThreadState,
  kind: OrganisationMessageKind,
  organisationKind: OrganisationKind,
): void => {
  if (kind !== 'application-acceptance' || organisationKind !== 'private-paid') return;
  if (state.status !== 'open' || !state.feeStated) throw feeStatementRequired();
};

/**
 * R-MSG-6b / R-MSG-6c: non-placement paid services only on the seeker's request; to new
 * university graduates only with the notification and consent.
 */
export const paidServiceOfferPolicy = (
  state: ThreadState,
  kind: OrganisationMessageKind,
  notificationOnFile: boolean,
  newUniversityGraduate: boolean,
): void => {
  if (kind !== 'paid-service-offer') return;
  if (state.status !== 'open' || !state.paidServiceRequested) throw paidServiceNotRequested();
  if (!newUniversityGraduate) return;
  if (!notificationOnFile) throw paidServiceNotificationMissing();
  if (!state.paidServiceConsented) throw paidServiceConsentMissing();
};

/** R-MSG-1: seekers reply in a thread an organisation started; they do not cold-message. */
export const replyInThreadPolicy = (state: ThreadState, seekerId: string): OpenThread => {
  if (state.status !== 'open' || state.seekerId !== seekerId) throw threadNotFound();
  return state;
};
