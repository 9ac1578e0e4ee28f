import { ComplaintActor } from './complaint.commands';
import { ComplaintErrors as E } from './complaint.errors';
import { OverdueStep, SanctionDecision } from './complaint.events';
import { ComplaintState, FiledComplaintState, isWithOrganisation } from './complaint.state';

/** R-CMP-1: a seeker complains only about a registration they have dealt with (a shared thread). */
export const dealingsRequiredPolicy = (sharesThread: boolean): void => {
  if (!sharesThread) throw E.noDealings();
};

export const filedPolicy = (state: ComplaintState): FiledComplaintState => {
  if (state.status === 'none') throw E.notFound();
  return state;
};

/** R-CMP-1: the registration's complaint officer — no other user of the organisation — handles it first, while it is with the organisation. */
export const complaintOfficerFirstPolicy = (actor: ComplaintActor, state: FiledComplaintState): string => {
  if (actor.kind !== 'organisation-user' || actor.registrationId !== state.complaint.registrationId || !actor.complaintOfficer)
    throw E.notComplaintOfficer();
  if (!isWithOrganisation(state)) throw E.notWithOrganisation();
  return actor.id;
};

/** R-CMP-2: only the complainant resolves or escalates. */
export const complainantOnlyPolicy = (actor: ComplaintActor, state: FiledComplaintState): void => {
  if (actor.kind !== 'seeker' || actor.id !== state.complaint.seekerId) throw E.notTheSeeker();
};

/** R-CMP-2: escalation at any time while it is with the organisation, answered or not, with a reason. */
export const escalationAtAnyTimePolicy = (state: FiledComplaintState): void => {
  if (!isWithOrganisation(state)) throw E.notWithOrganisation();
};

/** R-CMP-2 / R-STF-1: the complaint desk of the office the escalation went to. */
export const deskOfOfficePolicy = (actor: ComplaintActor, state: FiledComplaintState): string => {
  if (actor.kind !== 'staff' || actor.role !== 'complaint-desk' || !state.deskOffice || actor.officeCode !== state.deskOffice)
    throw E.notDeskOfOffice();
  if (state.status !== 'escalated') throw E.notEscalated();
  return actor.id;
};

/** R-CMP-5 / R-ORG-2: a sanction request is decided by the bureau of the registration's prefecture. */
export const bureauOfPrefecturePolicy = (actor: ComplaintActor, state: FiledComplaintState): string => {
  if (state.status !== 'sanction-requested' || !state.prefecture) throw E.notSanctionRequested();
  if (actor.kind !== 'staff' || actor.role !== 'bureau-officer' || actor.prefecture !== state.prefecture) throw E.notBureauOfPrefecture();
  return actor.id;
};

/** R-CMP-5: suspension until a date after the decision; termination and no action have no date. */
export const sanctionTermsPolicy = (decision: SanctionDecision, until: string | undefined, at: string): void => {
  if (decision === 'suspension' && (!until || Date.parse(until) <= Date.parse(at))) throw E.untilRequired();
  if (decision !== 'suspension' && until !== undefined) throw E.untilNotAllowed();
};

/** R-CMP-1: past the acknowledgement or answer due time, not yet done, the complaint is flagged overdue (once per step). */
export const overdueStepsPolicy = (state: FiledComplaintState, at: string): Array<{ step: OverdueStep; dueAt: string }> => {
  if (!isWithOrganisation(state)) return [];
  const now = Date.parse(at);
  const due: Array<{ step: OverdueStep; dueAt: string }> = [];
  if (state.status === 'filed' && now > Date.parse(state.complaint.acknowledgeBy) && !state.overdue.includes('acknowledgement'))
    due.push({ step: 'acknowledgement', dueAt: state.complaint.acknowledgeBy });
  if (state.status !== 'answered' && now > Date.parse(state.complaint.answerBy) && !state.overdue.includes('answer'))
    due.push({ step: 'answer', dueAt: state.complaint.answerBy });
  return due;
};

/** R-CMP-3: the desk the organisation's complaint officer consulted answers the consultation. */
export const consultedDeskPolicy = (actor: ComplaintActor, state: FiledComplaintState): string => {
  if (actor.kind !== 'staff' || actor.role !== 'complaint-desk' || !state.consultedOffice || actor.officeCode !== state.consultedOffice)
    throw E.notConsultedDesk();
  return actor.id;
};

/** R-CMP-4: each party speaks in the complaint's conversation while it handles it; a closed complaint is kept, not continued. */
export const conversationPartyPolicy = (
  actor: ComplaintActor,
  state: FiledComplaintState,
): 'seeker' | 'complaint-officer' | 'complaint-desk' => {
  if (state.status === 'resolved' || state.status === 'closed-by-desk' || state.status === 'sanction-decided') throw E.closed();
  if (actor.kind === 'seeker') {
    complainantOnlyPolicy(actor, state);
    return 'seeker';
  }
  if (actor.kind === 'organisation-user') {
    complaintOfficerFirstPolicy(actor, state);
    return 'complaint-officer';
  }
  deskOfOfficePolicy(actor, state);
  return 'complaint-desk';
};

/**
 * R-STF-2 / deny by default: which staff may open a complaint's text — the desk of its office
 * once escalated, or the desk the organisation consulted (R-CMP-3), the bureau of its prefecture once escalated (the prefecture is a fact the
 * caller read), the HQ auditor always. Each such read is recorded as an event.
 */
export const staffReadPolicy = (
  actor: ComplaintActor,
  state: FiledComplaintState,
  registrationPrefecture: string | undefined,
): 'complaint-desk' | 'bureau-officer' | 'hq-auditor' => {
  if (actor.kind !== 'staff') throw E.notAllowedToRead();
  if (actor.role === 'hq-auditor') return 'hq-auditor';
  const escalated = state.deskOffice !== undefined;
  if (actor.role === 'complaint-desk' && escalated && actor.officeCode === state.deskOffice) return 'complaint-desk';
  if (actor.role === 'complaint-desk' && state.consultedOffice !== undefined && actor.officeCode === state.consultedOffice)
    return 'complaint-desk'; // R-CMP-3
  const prefecture = state.prefecture ?? registrationPrefecture;
  if (actor.role === 'bureau-officer' && escalated && prefecture !== undefined && actor.prefecture === prefecture) return 'bureau-officer';
  throw E.notAllowedToRead();
};
