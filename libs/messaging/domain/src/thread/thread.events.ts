import { OrganisationMessageHeader, SeekerMessageKind } from './thread.commands';

/** R-MSG-4: the complaint officer as approved when the first message was sent (served by registration). */
export interface ComplaintOfficerReference {
  registrationId: string;
  version: number;
  /** Where the organisation's complaint officer (name, contact) is served, at that version. */
  href: string;
}

export interface OrganisationMessageSentData extends OrganisationMessageHeader {
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
