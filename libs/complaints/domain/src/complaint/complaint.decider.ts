import { assertNever, decideByType, Decider } from '@hw/platform/core';
import { ComplaintCommand } from './complaint.commands';
import { ComplaintErrors as E } from './complaint.errors';
import { ComplaintEvent } from './complaint.events';
import * as P from './complaint.policies';
import { ComplaintState, FiledComplaintState } from './complaint.state';

type Cmd<T extends ComplaintCommand['type']> = Extract<ComplaintCommand, { type: T }>;
type Ev = ComplaintEvent[];

const file = (c: Cmd<'FileComplaint'>, s: ComplaintState): Ev => {
  if (s.status !== 'none') throw E.alreadyFiled();
  if (c.actor.kind !== 'seeker') throw E.notTheSeeker();
  P.dealingsRequiredPolicy(c.sharesThread);
  const { complaintId, registrationId, category, sealedText, messageIds, officeCode, acknowledgeBy, answerBy, at } = c;
  return [
    {
      type: 'ComplaintFiled',
      data: {
        complaintId,
        seekerId: c.actor.id,
        registrationId,
        category,
        sealedText,
        messageIds,
        officeCode,
        filedAt: at,
        acknowledgeBy,
        answerBy,
      },
    },
  ];
};

const acknowledge = (c: Cmd<'AcknowledgeComplaint'>, s: FiledComplaintState): Ev => {
  const officerId = P.complaintOfficerFirstPolicy(c.actor, s);
  if (s.status !== 'filed') throw E.alreadyAcknowledged();
  return [{ type: 'ComplaintAcknowledged', data: { complaintId: s.complaint.complaintId, officerId, at: c.at } }];
};

const post = (c: Cmd<'PostComplaintMessage'>, s: FiledComplaintState): Ev => {
  const from = P.conversationPartyPolicy(c.actor, s);
  return [
    {
      type: 'ComplaintMessagePosted',
      data: {
        complaintId: s.complaint.complaintId,
        messageId: c.messageId,
        from,
        authorId: c.actor.id,
        sealedBody: c.sealedBody,
        at: c.at,
      },
    },
  ];
};

const answer = (c: Cmd<'AnswerComplaint'>, s: FiledComplaintState): Ev => {
  const officerId = P.complaintOfficerFirstPolicy(c.actor, s);
  if (s.status === 'answered') throw E.alreadyAnswered();
  // Answering implies the acknowledgement: an answer is the fuller reply (R-CMP-1).
  const ack: Ev =
    s.status === 'filed' ? [{ type: 'ComplaintAcknowledged', data: { complaintId: s.complaint.complaintId, officerId, at: c.at } }] : [];
  return [
    ...ack,
    { type: 'ComplaintAnswered', data: { complaintId: s.complaint.complaintId, officerId, sealedAnswer: c.sealedAnswer, at: c.at } },
  ];
};

const flagOverdue = (c: Cmd<'FlagOverdue'>, s: FiledComplaintState): Ev =>
  P.overdueStepsPolicy(s, c.at).map(({ step, dueAt }) => ({
    type: 'ComplaintOverdue',
    data: { complaintId: s.complaint.complaintId, step, dueAt, at: c.at },
  }));

const resolve = (c: Cmd<'ResolveComplaint'>, s: FiledComplaintState): Ev => {
  P.complainantOnlyPolicy(c.actor, s);
  if (s.status !== 'answered') throw s.status === 'filed' || s.status === 'acknowledged' ? E.notAnswered() : E.notWithOrganisation();
  return [{ type: 'ComplaintResolved', data: { complaintId: s.complaint.complaintId, at: c.at } }];
};

const escalate = (c: Cmd<'EscalateComplaint'>, s: FiledComplaintState): Ev => {
  P.complainantOnlyPolicy(c.actor, s);
  P.escalationAtAnyTimePolicy(s);
  const officeCode = c.officeCode ?? s.complaint.officeCode;
  return [
    {
      type: 'ComplaintEscalated',
      data: { complaintId: s.complaint.complaintId, reason: c.reason, sealedReason: c.sealedReason, officeCode, at: c.at },
    },
  ];
};

/** R-CMP-3: the organisation, through its complaint officer, consults a Hello Work desk while the complaint is with it. */
const consult = (c: Cmd<'ConsultDesk'>, s: FiledComplaintState): Ev => {
  const officerId = P.complaintOfficerFirstPolicy(c.actor, s);
  const officeCode = c.officeCode ?? s.complaint.officeCode;
  return [
    { type: 'DeskConsulted', data: { complaintId: s.complaint.complaintId, officerId, officeCode, sealedText: c.sealedText, at: c.at } },
  ];
};

const answerConsultation = (c: Cmd<'AnswerConsultation'>, s: FiledComplaintState): Ev => {
  const staffId = P.consultedDeskPolicy(c.actor, s);
  return [{ type: 'ConsultationAnswered', data: { complaintId: s.complaint.complaintId, staffId, sealedText: c.sealedText, at: c.at } }];
};

const staffRead = (c: Cmd<'RecordStaffRead'>, s: FiledComplaintState): Ev => {
  const role = P.staffReadPolicy(c.actor, s, c.registrationPrefecture);
  return [{ type: 'ComplaintTextRead', data: { complaintId: s.complaint.complaintId, staffId: c.actor.id, role, at: c.at } }];
};

const deskStep = (c: Cmd<'RecordDeskStep'>, s: FiledComplaintState): Ev => {
  const staffId = P.deskOfOfficePolicy(c.actor, s);
  return [{ type: 'DeskStepRecorded', data: { complaintId: s.complaint.complaintId, staffId, sealedNote: c.sealedNote, at: c.at } }];
};

const deskOutcome = (c: Cmd<'RecordDeskOutcome'>, s: FiledComplaintState): Ev => {
  const staffId = P.deskOfOfficePolicy(c.actor, s);
  if (c.outcome === 'sanction-requested' && !c.prefecture) throw E.noPrefecture();
  const prefecture = c.outcome === 'sanction-requested' ? { prefecture: c.prefecture } : {};
  return [
    {
      type: 'DeskOutcomeRecorded',
      data: { complaintId: s.complaint.complaintId, staffId, outcome: c.outcome, sealedNote: c.sealedNote, ...prefecture, at: c.at },
    },
  ];
};

const decideSanction = (c: Cmd<'DecideSanction'>, s: FiledComplaintState): Ev => {
  const officerId = P.bureauOfPrefecturePolicy(c.actor, s);
  P.sanctionTermsPolicy(c.decision, c.until, c.at);
  const until = c.until !== undefined ? { until: c.until } : {};
  const { complaintId, registrationId } = s.complaint;
  return [
    {
      type: 'SanctionDecided',
      data: { complaintId, registrationId, officerId, prefecture: s.prefecture as string, decision: c.decision, ...until, at: c.at },
    },
  ];
};

const carriedOut = (c: Cmd<'RecordSanctionCarriedOut'>, s: FiledComplaintState): Ev => {
  if (!s.sanction || s.sanction.decision === 'no-action') throw E.noSanctionDecided();
  if (s.sanctionCarriedOut) return []; // redelivered: recorded once (R-CMP-5 link)
  const { complaintId, registrationId } = s.complaint;
  return [
    {
      type: 'SanctionCarriedOut',
      data: { complaintId, registrationId, registrationEventId: c.registrationEventId, status: c.status, at: c.at },
    },
  ];
};

/** Every command but the filing acts on the filed complaint. */
const decideOnFiled = decideByType<Exclude<ComplaintCommand, Cmd<'FileComplaint'>>, FiledComplaintState, ComplaintEvent>({
  AcknowledgeComplaint: acknowledge,
  PostComplaintMessage: post,
  AnswerComplaint: answer,
  FlagOverdue: flagOverdue,
  ResolveComplaint: resolve,
  EscalateComplaint: escalate,
  ConsultDesk: consult,
  AnswerConsultation: answerConsultation,
  RecordStaffRead: staffRead,
  RecordDeskStep: deskStep,
  RecordDeskOutcome: deskOutcome,
  DecideSanction: decideSanction,
  RecordSanctionCarriedOut: carriedOut,
});

const decide = (c: ComplaintCommand, state: ComplaintState): Ev =>
  c.type === 'FileComplaint' ? file(c, state) : decideOnFiled(c, P.filedPolicy(state));

const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintFiled') return { status: 'filed', complaint: event.data, overdue: [], sanctionCarriedOut: false };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ComplaintAcknowledged':
      return { ...state, status: 'acknowledged' };
    case 'ComplaintAnswered':
      return { ...state, status: 'answered' };
    case 'ComplaintOverdue':
      return { ...state, overdue: [...state.overdue, event.data.step] };
    case 'ComplaintResolved':
      return { ...state, status: 'resolved' };
    case 'ComplaintEscalated':
      return { ...state, status: 'escalated', deskOffice: event.data.officeCode };
    case 'DeskOutcomeRecorded':
      return event.data.outcome === 'sanction-requested'
        ? { ...state, status: 'sanction-requested', prefecture: event.data.prefecture }
        : { ...state, status: 'closed-by-desk' };
    case 'SanctionDecided':
      return {
        ...state,
        status: 'sanction-decided',
        sanction: { decision: event.data.decision, ...(event.data.until ? { until: event.data.until } : {}) },
      };
    case 'SanctionCarriedOut':
      return { ...state, sanctionCarriedOut: true };
    case 'DeskConsulted':
      return { ...state, consultedOffice: event.data.officeCode };
    case 'ConsultationAnswered':
    case 'ComplaintMessagePosted':
    case 'ComplaintTextRead':
    case 'DeskStepRecorded':
      return state;
    default:
      return assertNever(event);
  }
};

/** The complaint decider (R-CMP-1…5): one small function per command, the rules in complaint.policies.ts. */
export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
