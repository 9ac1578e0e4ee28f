import { assertNever, Decider, DomainError, GrowOnlySet, tokyoDay } from '@hw/platform/core';
import { OrganisationKind } from './send-policies';

/**
 * A thread between one registration and one seeker (R-MSG-1): organisation messages and
 * seeker replies. Stream `thread-<threadId>`; the thread id is derived from
 * (registrationId, seekerId) so there is exactly one. Each message event's id is the message
 * id, so a retried append is an idempotent re-append (R-MSG-8).
 */
export const threadStreamId = (threadId: string): string => `thread-${threadId}`;

export type OrganisationMessageKind = 'guidance' | 'follow-up' | 'fee-statement' | 'application-acceptance' | 'paid-service-offer';
export type SeekerMessageKind = 'reply' | 'paid-service-request' | 'paid-service-consent';
export const ORGANISATION_MESSAGE_KINDS: OrganisationMessageKind[] = ['guidance', 'follow-up', 'fee-statement', 'application-acceptance', 'paid-service-offer'];
export const SEEKER_MESSAGE_KINDS: SeekerMessageKind[] = ['reply', 'paid-service-request', 'paid-service-consent'];

/** R-MSG-4: the complaint officer as approved when the first message was sent (served by registration). */
export interface ComplaintOfficerReference {
  registrationId: string;
  version: number;
  /** Where the organisation's complaint officer (name, contact) is served, at that version. */
  href: string;
}

export interface OrganisationMessageSentData {
  threadId: string;
  messageId: string;
  registrationId: string;
  seekerId: string;
  departmentId: string;
  userId: string;
  kind: OrganisationMessageKind;
  /** R-AUD-2: the text, sealed under the seeker's key (erasure makes it unreadable everywhere). */
  sealedBody?: string;
  /** Plain text, in events recorded before bodies were sealed. */
  body?: string;
  /** yyyymmdd (Japan time): the day whose quota it used (R-MSG-2). */
  day: string;
  sentAt: string;
  /** R-MSG-4: only on the first message of the thread. */
  complaintOfficer?: ComplaintOfficerReference;
}

export interface SeekerRepliedData {
  threadId: string;
  messageId: string;
  registrationId: string;
  seekerId: string;
  kind: SeekerMessageKind;
  /** R-AUD-2: the seeker's own words, sealed under the seeker's key. */
  sealedBody?: string;
  /** Plain text, in events recorded before bodies were sealed. */
  body?: string;
  sentAt: string;
}

/** R-SKR-5: the seeker disclosed identity/contact to this registration; the content is sealed, never in this event. */
export interface IdentityDisclosedData {
  threadId: string;
  registrationId: string;
  seekerId: string;
  disclosureId: string;
  fields: string[];
  disclosedAt: string;
}

/** R-SKR-5: the seeker withdrew the disclosure to this registration (registration's record); the thread no longer shows it. */
export interface IdentityDisclosureWithdrawnData {
  threadId: string;
  registrationId: string;
  seekerId: string;
  withdrawalId: string;
  withdrawnAt: string;
}

export type ThreadEvent =
  | { type: 'OrganisationMessageSent'; data: OrganisationMessageSentData }
  | { type: 'SeekerReplied'; data: SeekerRepliedData }
  | { type: 'IdentityDisclosed'; data: IdentityDisclosedData }
  | { type: 'IdentityDisclosureWithdrawn'; data: IdentityDisclosureWithdrawnData };

export interface SendOrganisationMessage {
  type: 'SendOrganisationMessage';
  data: {
    threadId: string;
    messageId: string;
    registrationId: string;
    seekerId: string;
    departmentId: string;
    userId: string;
    kind: OrganisationMessageKind;
    /** The text sealed under the seeker's key (R-AUD-2); the decider never reads it. */
    sealedBody: string;
    organisationKind: OrganisationKind;
    /** The complaint officer version of the registration now (R-MSG-4). */
    complaintOfficerVersion: number | undefined;
    /** R-ORG-9: a paid-service notification is on file. */
    paidServiceNotificationOnFile: boolean;
    /** R-MSG-6c. */
    seekerIsNewUniversityGraduate: boolean;
    at: Date;
    /**
     * yyyymmdd (Japan time) of the quota reservation it used, when not the day of `at`: a retry
     * after midnight of a send reserved the day before (R-MSG-8) is counted on that day (R-MSG-2).
     */
    quotaDay?: string;
  };
}
export interface SendSeekerReply {
  type: 'SendSeekerReply';
  data: { threadId: string; messageId: string; seekerId: string; kind: SeekerMessageKind; sealedBody: string; at: Date };
}
/**
 * R-SKR-5: registration recorded the seeker's disclosure to the thread's registration; the thread
 * records it too (ids derived from registration's event, so a redelivery records nothing new).
 */
export interface DiscloseIdentity {
  type: 'DiscloseIdentity';
  data: { threadId: string; seekerId: string; disclosureId: string; fields: string[]; at: Date };
}
export interface WithdrawDisclosure {
  type: 'WithdrawDisclosure';
  data: { threadId: string; seekerId: string; withdrawalId: string; at: Date };
}
export type ThreadCommand = SendOrganisationMessage | SendSeekerReply | DiscloseIdentity | WithdrawDisclosure;

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

const refuse = (code: string, message: string, rule: string, kind: DomainError['kind'] = 'refused') =>
  new DomainError(code, message, rule, kind);

export const complaintOfficerHref = (registrationId: string, version: number): string =>
  `/registrations/${registrationId}/complaint-officer/${version}`;

/** R-MSG-4: the first message carries the complaint officer as approved at that moment. */
export const firstMessageComplaintOfficerPolicy = (
  state: ThreadState,
  registrationId: string,
  version: number | undefined,
): ComplaintOfficerReference | undefined => {
  if (state.status === 'open') return undefined;
  if (version === undefined)
    throw refuse('COMPLAINT_OFFICER_UNKNOWN', 'the registration has no approved complaint officer to show the seeker', 'R-MSG-4');
  return { registrationId, version, href: complaintOfficerHref(registrationId, version) };
};

/** R-MSG-6a: a fee-charging agency states its fees before accepting the seeker's application. */
export const feeStatementBeforeAcceptancePolicy = (state: ThreadState, kind: OrganisationMessageKind, organisationKind: OrganisationKind): void => {
  if (kind !== 'application-acceptance' || organisationKind !== 'private-paid') return;
  if (state.status !== 'open' || !state.feeStated)
    throw refuse('FEE_STATEMENT_REQUIRED', 'a fee-charging agency must state its fees to the seeker before accepting the application', 'R-MSG-6');
};

/** R-MSG-6b / R-MSG-6c: non-placement paid services only on the seeker's request; to new university graduates only with the notification and consent. */
export const paidServiceOfferPolicy = (
  state: ThreadState,
  kind: OrganisationMessageKind,
  notificationOnFile: boolean,
  newUniversityGraduate: boolean,
): void => {
  if (kind !== 'paid-service-offer') return;
  if (state.status !== 'open' || !state.paidServiceRequested)
    throw refuse('PAID_SERVICE_NOT_REQUESTED', 'paid support services may be offered only after the seeker asked for them', 'R-MSG-6');
  if (!newUniversityGraduate) return;
  if (!notificationOnFile)
    throw refuse('PAID_SERVICE_NOTIFICATION_MISSING', 'offering paid services to a new university graduate needs a paid-service notification on file (R-ORG-9)', 'R-MSG-6');
  if (!state.paidServiceConsented)
    throw refuse('PAID_SERVICE_CONSENT_MISSING', "offering paid services to a new university graduate needs the seeker's recorded consent", 'R-MSG-6');
};

/** R-MSG-1: seekers reply in a thread an organisation started; they do not cold-message. */
export const replyInThreadPolicy = (state: ThreadState, seekerId: string): Extract<ThreadState, { status: 'open' }> => {
  if (state.status !== 'open' || state.seekerId !== seekerId) throw refuse('THREAD_NOT_FOUND', 'no such thread for this seeker', 'R-MSG-1', 'not-found');
  return state;
};

export const threadDecider: Decider<ThreadCommand, ThreadEvent, ThreadState> = {
  initialState: () => ({ status: 'not-started' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'SendOrganisationMessage': {
        const c = command.data;
        if (state.status === 'open' && state.messageIds.has(c.messageId)) return []; // R-MSG-8
        const complaintOfficer = firstMessageComplaintOfficerPolicy(state, c.registrationId, c.complaintOfficerVersion);
        feeStatementBeforeAcceptancePolicy(state, c.kind, c.organisationKind);
        paidServiceOfferPolicy(state, c.kind, c.paidServiceNotificationOnFile, c.seekerIsNewUniversityGraduate);
        const data: OrganisationMessageSentData = {
          threadId: c.threadId,
          messageId: c.messageId,
          registrationId: c.registrationId,
          seekerId: c.seekerId,
          departmentId: c.departmentId,
          userId: c.userId,
          kind: c.kind,
          sealedBody: c.sealedBody,
          day: c.quotaDay ?? tokyoDay(c.at),
          sentAt: c.at.toISOString(),
        };
        if (complaintOfficer) data.complaintOfficer = complaintOfficer;
        return [{ type: 'OrganisationMessageSent', data }];
      }
      case 'SendSeekerReply': {
        const c = command.data;
        const open = replyInThreadPolicy(state, c.seekerId);
        if (open.messageIds.has(c.messageId)) return [];
        return [
          {
            type: 'SeekerReplied',
            data: { threadId: c.threadId, messageId: c.messageId, registrationId: open.registrationId, seekerId: c.seekerId, kind: c.kind, sealedBody: c.sealedBody, sentAt: c.at.toISOString() },
          },
        ];
      }
      case 'DiscloseIdentity': {
        const c = command.data;
        const open = replyInThreadPolicy(state, c.seekerId);
        if (open.disclosureIds.has(c.disclosureId)) return [];
        return [
          {
            type: 'IdentityDisclosed',
            data: { threadId: c.threadId, registrationId: open.registrationId, seekerId: c.seekerId, disclosureId: c.disclosureId, fields: c.fields, disclosedAt: c.at.toISOString() },
          },
        ];
      }
      case 'WithdrawDisclosure': {
        const c = command.data;
        const open = replyInThreadPolicy(state, c.seekerId);
        if (open.disclosureIds.has(c.withdrawalId) || !open.disclosed) return [];
        return [
          {
            type: 'IdentityDisclosureWithdrawn',
            data: { threadId: c.threadId, registrationId: open.registrationId, seekerId: c.seekerId, withdrawalId: c.withdrawalId, withdrawnAt: c.at.toISOString() },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'OrganisationMessageSent': {
        const base: Extract<ThreadState, { status: 'open' }> =
          state.status === 'open'
            ? state
            : {
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
              };
        return {
          ...base,
          messageIds: base.messageIds.with(event.data.messageId),
          feeStated: base.feeStated || event.data.kind === 'fee-statement',
        };
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
        return state.status === 'open' ? { ...state, disclosed: true, disclosureIds: state.disclosureIds.with(event.data.disclosureId) } : state;
      case 'IdentityDisclosureWithdrawn':
        return state.status === 'open' ? { ...state, disclosed: false, disclosureIds: state.disclosureIds.with(event.data.withdrawalId) } : state;
      default:
        return assertNever(event);
    }
  },
};
