/**
 * messaging's public contracts: integration events (topic `messaging`, key = the thread
 * stream id) and the daily-quota stream the quota service projects. No body text and no
 * personal data: ids, registration, department, thread, day (R-SKR-5).
 */
import { eventSchema, eventSchemas, IntegrationEventUnion, schemaTypes } from '@hw/platform/core';
export const MESSAGING_TOPIC = 'messaging';
export * from './thread-id';

export interface MessageSentV1 {
  messageId: string;
  threadId: string;
  registrationId: string;
  departmentId: string;
  kind: 'guidance' | 'follow-up' | 'fee-statement' | 'application-acceptance' | 'paid-service-offer';
  /** Japan-time day (yyyymmdd) whose quota it used (R-MSG-2). */
  day: string;
  firstInThread: boolean;
  sentAt: string;
}
export interface SeekerRepliedV1 {
  messageId: string;
  threadId: string;
  registrationId: string;
  kind: 'reply' | 'paid-service-request' | 'paid-service-consent';
  day: string;
  sentAt: string;
}
/**
 * R-SKR-5: the seeker disclosed identity/contact to this thread's registration (recorded by
 * registration, `registration.SeekerDisclosedIdentity.v1`; the content never travels).
 */
export interface IdentityDisclosedV1 {
  threadId: string;
  registrationId: string;
  disclosedAt: string;
}
/** R-SKR-5: the seeker withdrew that disclosure (`registration.SeekerWithdrewDisclosure.v1`). */
export interface IdentityDisclosureWithdrawnV1 {
  threadId: string;
  registrationId: string;
  withdrawnAt: string;
}

export const MessagingEvents = {
  MessageSent: 'messaging.MessageSent.v1',
  SeekerReplied: 'messaging.SeekerReplied.v1',
  IdentityDisclosed: 'messaging.IdentityDisclosed.v1',
  IdentityDisclosureWithdrawn: 'messaging.IdentityDisclosureWithdrawn.v1',
} as const;

export type MessagingIntegrationEvent = IntegrationEventUnion<
  typeof MessagingEvents,
  {
    MessageSent: MessageSentV1;
    SeekerReplied: SeekerRepliedV1;
    IdentityDisclosed: IdentityDisclosedV1;
    IdentityDisclosureWithdrawn: IdentityDisclosureWithdrawnV1;
  }
>;

const { uuid, id, instant, day } = schemaTypes;

export const messagingSchemas: Record<string, object> = eventSchemas(MessagingEvents, eventSchema, {
  MessageSent: {
    messageId: uuid,
    threadId: uuid,
    registrationId: id,
    departmentId: id,
    kind: { enum: ['guidance', 'follow-up', 'fee-statement', 'application-acceptance', 'paid-service-offer'] },
    day,
    firstInThread: { type: 'boolean' },
    sentAt: instant,
  },
  SeekerReplied: {
    messageId: uuid,
    threadId: uuid,
    registrationId: id,
    kind: { enum: ['reply', 'paid-service-request', 'paid-service-consent'] },
    day,
    sentAt: instant,
  },
  IdentityDisclosed: { threadId: uuid, registrationId: id, disclosedAt: instant },
  IdentityDisclosureWithdrawn: { threadId: uuid, registrationId: id, withdrawnAt: instant },
});

/**
 * The daily-quota stream (R-MSG-2) as a log-level contract: messaging writes
 * `daily-quota-<registrationId>-<yyyymmdd>` at send time; the quota service projects it into
 * its read model (sent today, remaining, history by day).
 */
export const DAILY_QUOTA_STREAM_PREFIX = 'daily-quota-';
export const MESSAGE_QUOTA_RESERVED = 'MessageQuotaReserved';
export interface MessageQuotaReservedLogV1 {
  registrationId: string;
  /** yyyymmdd, Japan time. */
  day: string;
  messageId: string;
  departmentId: string;
  userId: string;
  /** 1-based place of this message in the day's count. */
  sequence: number;
  limit: number;
  reservedAt: string;
}

/**
 * Policy DAILY_MESSAGE_LIMIT (R-MSG-2, default 1,000): the setting messaging decides with and
 * quota reports with — one description, read from the environment where each service starts
 * (`integerSetting` in @hw/platform/nest: an invalid value stops start-up naming it).
 */
export const DAILY_MESSAGE_LIMIT_SETTING = {
  name: 'DAILY_MESSAGE_LIMIT',
  defaultValue: 1000,
  min: 1,
  max: 1_000_000,
  rule: 'R-MSG-2',
} as const;
