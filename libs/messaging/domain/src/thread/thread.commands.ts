import type { OrganisationKind } from '@hw/registration/contracts';

export type OrganisationMessageKind = 'guidance' | 'follow-up' | 'fee-statement' | 'application-acceptance' | 'paid-service-offer';
export type SeekerMessageKind = 'reply' | 'paid-service-request' | 'paid-service-consent';
export const ORGANISATION_MESSAGE_KINDS: OrganisationMessageKind[] = [
  'guidance',
  'follow-up',
  'fee-statement',
  'application-acceptance',
  'paid-service-offer',
];
export const SEEKER_MESSAGE_KINDS: SeekerMessageKind[] = ['reply', 'paid-service-request', 'paid-service-consent'];

/** Which message of which thread, from whom and of what kind: the send states it, the recorded message keeps it. */
export interface OrganisationMessageHeader {
  threadId: string;
  messageId: string;
  registrationId: string;
  seekerId: string;
  departmentId: string;
  userId: string;
  kind: OrganisationMessageKind;
}

export interface SendOrganisationMessage {
  type: 'SendOrganisationMessage';
  data: OrganisationMessageHeader & {
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
