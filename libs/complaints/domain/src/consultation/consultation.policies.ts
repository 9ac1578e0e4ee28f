import { ComplaintActor } from '../complaint/complaint.commands';
import { ConsultationErrors as E } from './consultation.errors';
import { ConsultationReaderRole } from './consultation.events';
import { ConsultationState, OpenedConsultationState } from './consultation.state';

export const openedPolicy = (state: ConsultationState): OpenedConsultationState => {
  if (state.status === 'none') throw E.notFound();
  return state;
};

/** R-CMP-3: the organisation consults through its complaint officer — no other user of it. */
export const complaintOfficerConsultsPolicy = (actor: ComplaintActor, registrationId: string): string => {
  if (actor.kind !== 'organisation-user' || actor.registrationId !== registrationId || !actor.complaintOfficer)
    throw E.notComplaintOfficer();
  return actor.id;
};

/** R-CMP-3 / R-SKR-5: a seeker is named only by a thread the registration has with them (or not at all). */
export const ownThreadPolicy = (threadId: string | undefined, threadOfRegistration: boolean): void => {
  if (threadId !== undefined && !threadOfRegistration) throw E.notOwnThread();
};

/** R-CMP-3: the desk of the consulted office — no other desk. */
export const consultationDeskPolicy = (actor: ComplaintActor, state: OpenedConsultationState): string => {
  if (actor.kind !== 'staff' || actor.role !== 'complaint-desk' || actor.officeCode !== state.consultation.officeCode)
    throw E.notDeskOfOffice();
  return actor.id;
};

/** R-STF-2 / deny by default: staff who may open a consultation — its desk, the HQ auditor (read-only); each read is an event. */
export const consultationStaffReadPolicy = (actor: ComplaintActor, state: OpenedConsultationState): ConsultationReaderRole => {
  if (actor.kind === 'staff' && actor.role === 'hq-auditor') return 'hq-auditor';
  if (actor.kind === 'staff' && actor.role === 'complaint-desk' && actor.officeCode === state.consultation.officeCode)
    return 'complaint-desk';
  throw E.notVisible();
};
