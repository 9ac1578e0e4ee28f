import { assertNever, GrowOnlySet } from '@hw/platform/core';
import { ThreadEvent } from './thread.events';

/**
 * A thread between one registration and one seeker (R-MSG-1): organisation messages and
 * seeker replies. Stream `thread-<threadId>`; the thread id is derived from
 * (registrationId, seekerId) so there is exactly one. Each message event's id is the message
 * id, so a retried append is an idempotent re-append (R-MSG-8).
 */
export const threadStreamId = (threadId: string): string => `thread-${threadId}`;

export type ThreadState =
  | { status: 'not-started' }
  | {
      status: 'open';
      threadId: string;
      registrationId: string;
      seekerId: string;
      messageIds: GrowOnlySet<string>;
      feeStated: boolean;
      paidServiceRequested: boolean;
      paidServiceConsented: boolean;
      disclosed: boolean;
      /** Disclosure and withdrawal ids recorded (a redelivered one records nothing). */
      disclosureIds: GrowOnlySet<string>;
    };

export type OpenThread = Extract<ThreadState, { status: 'open' }>;

export const initialThreadState = (): ThreadState => ({ status: 'not-started' });

const opened = (event: Extract<ThreadEvent, { type: 'OrganisationMessageSent' }>): OpenThread => ({
  status: 'open',
  threadId: event.data.threadId,
  registrationId: event.data.registrationId,
  seekerId: event.data.seekerId,
  messageIds: GrowOnlySet.empty<string>(),
  feeStated: false,
  paidServiceRequested: false,
  paidServiceConsented: false,
  disclosed: false,
  disclosureIds: GrowOnlySet.empty<string>(),
});

/** How each event moves the thread: its first organisation message opens it (R-MSG-1). */
export const evolveThread = (state: ThreadState, event: ThreadEvent): ThreadState => {
  switch (event.type) {
    case 'OrganisationMessageSent': {
      const base = state.status === 'open' ? state : opened(event);
      const feeStated = base.feeStated || event.data.kind === 'fee-statement';
      return { ...base, messageIds: base.messageIds.with(event.data.messageId), feeStated };
    }
    case 'SeekerReplied': {
      if (state.status !== 'open') return state;
      return {
        ...state,
        messageIds: state.messageIds.with(event.data.messageId),
        paidServiceRequested: state.paidServiceRequested || event.data.kind === 'paid-service-request',
        paidServiceConsented: state.paidServiceConsented || event.data.kind === 'paid-service-consent',
      };
    }
    case 'IdentityDisclosed':
      if (state.status !== 'open') return state;
      return { ...state, disclosed: true, disclosureIds: state.disclosureIds.with(event.data.disclosureId) };
    case 'IdentityDisclosureWithdrawn':
      if (state.status !== 'open') return state;
      return { ...state, disclosed: false, disclosureIds: state.disclosureIds.with(event.data.withdrawalId) };
    default:
      return assertNever(event);
  }
};
