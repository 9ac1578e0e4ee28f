import { tokyoDay } from '@hw/platform/core';
import { fieldCopier, translator } from '@hw/platform/bus';
import { ThreadEvent } from '@hw/messaging/domain';
import { MessagingEvents, MessagingIntegrationEvent } from '@hw/messaging/contracts';

const copy = fieldCopier<MessagingIntegrationEvent>();

/** Domain → integration events: ids, registration, department, thread, day. Never the body or personal data. */
export const translateMessagingEvent = translator<ThreadEvent, MessagingIntegrationEvent>({
  OrganisationMessageSent: (d) => ({
    type: MessagingEvents.MessageSent,
    data: {
      messageId: d.messageId,
      threadId: d.threadId,
      registrationId: d.registrationId,
      departmentId: d.departmentId,
      kind: d.kind,
      day: d.day,
      firstInThread: d.complaintOfficer !== undefined,
      sentAt: d.sentAt,
    },
  }),
  SeekerReplied: (d) => ({
    type: MessagingEvents.SeekerReplied,
    data: {
      messageId: d.messageId,
      threadId: d.threadId,
      registrationId: d.registrationId,
      kind: d.kind,
      day: tokyoDay(new Date(d.sentAt)),
      sentAt: d.sentAt,
    },
  }),
  IdentityDisclosed: copy(MessagingEvents.IdentityDisclosed, ['threadId', 'registrationId', 'disclosedAt']),
  IdentityDisclosureWithdrawn: copy(MessagingEvents.IdentityDisclosureWithdrawn, ['threadId', 'registrationId', 'withdrawnAt']),
});
