import { assertNever, decideByType, Decider } from '@hw/platform/core';
import { ConsultationCommand } from './consultation.commands';
import { ConsultationErrors as E } from './consultation.errors';
import { ConsultationEvent } from './consultation.events';
import * as P from './consultation.policies';
import { ConsultationState, OpenedConsultationState } from './consultation.state';

type Cmd<T extends ConsultationCommand['type']> = Extract<ConsultationCommand, { type: T }>;
type Ev = ConsultationEvent[];

const open = (c: Cmd<'OpenConsultation'>, s: ConsultationState): Ev => {
  if (s.status !== 'none') throw E.alreadyOpened();
  const officerId = P.complaintOfficerConsultsPolicy(c.actor, c.registrationId);
  P.ownThreadPolicy(c.threadId, c.threadOfRegistration);
  const { consultationId, registrationId, officeCode, sealedText, at } = c;
  return [
    {
      type: 'ConsultationOpened',
      data: {
        consultationId,
        registrationId,
        officerId,
        officeCode,
        ...(c.threadId ? { threadId: c.threadId } : {}),
        sealedText,
        openedAt: at,
      },
    },
  ];
};

const read = (c: Cmd<'RecordConsultationRead'>, s: OpenedConsultationState): Ev => {
  const role = P.consultationStaffReadPolicy(c.actor, s);
  return [{ type: 'ConsultationRead', data: { consultationId: s.consultation.consultationId, staffId: c.actor.id, role, at: c.at } }];
};

const answer = (c: Cmd<'AnswerConsultation'>, s: OpenedConsultationState): Ev => {
  const staffId = P.consultationDeskPolicy(c.actor, s);
  if (s.status === 'answered') throw E.alreadyAnswered();
  const { consultationId, officeCode } = s.consultation;
  return [{ type: 'ConsultationAnswered', data: { consultationId, staffId, officeCode, sealedAnswer: c.sealedAnswer, at: c.at } }];
};

/** Every command but the opening acts on the opened consultation. */
const decideOnOpened = decideByType<Exclude<ConsultationCommand, Cmd<'OpenConsultation'>>, OpenedConsultationState, ConsultationEvent>({
  RecordConsultationRead: read,
  AnswerConsultation: answer,
});

const decide = (c: ConsultationCommand, state: ConsultationState): Ev =>
  c.type === 'OpenConsultation' ? open(c, state) : decideOnOpened(c, P.openedPolicy(state));

const evolve = (state: ConsultationState, event: ConsultationEvent): ConsultationState => {
  if (event.type === 'ConsultationOpened') return { status: 'open', consultation: event.data };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ConsultationAnswered':
      return { ...state, status: 'answered' };
    case 'ConsultationRead':
      return state;
    default:
      return assertNever(event);
  }
};

/** The standalone consultation decider (R-CMP-3): the officer opens, the consulted desk reads (recorded, R-STF-2) and answers once. */
export const consultationDecider: Decider<ConsultationCommand, ConsultationEvent, ConsultationState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
