import { RecordedEvent, tokyoDay } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { envelopeOf, IntegrationEvent } from '@hw/platform/bus';
import { ThreadEvent } from '@hw/messaging/domain';
import { MessagingEvents, MessagingIntegrationEvent } from '@hw/messaging/contracts';

/** Domain → integration events: ids, registration, department, thread, day. Never the body or personal data. */
export const translateMessagingEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  const envelope = envelopeOf(recorded);
  const event = toDomainEvent<ThreadEvent>(recorded);
  let out: MessagingIntegrationEvent;
  switch (event.type) {
    case 'OrganisationMessageSent': {
      const d = event.data;
      out = {
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
      };
      break;
    }
    case 'SeekerReplied': {
      const d = event.data;
      out = {
        type: MessagingEvents.SeekerReplied,
        data: {
          messageId: d.messageId,
          threadId: d.threadId,
          registrationId: d.registrationId,
          kind: d.kind,
          day: tokyoDay(new Date(d.sentAt)),
          sentAt: d.sentAt,
        },
      };
      break;
    }
    case 'IdentityDisclosed':
      out = {
        type: MessagingEvents.IdentityDisclosed,
        data: { threadId: event.data.threadId, registrationId: event.data.registrationId, disclosedAt: event.data.disclosedAt },
      };
      break;
    case 'IdentityDisclosureWithdrawn':
      out = {
        type: MessagingEvents.IdentityDisclosureWithdrawn,
        data: { threadId: event.data.threadId, registrationId: event.data.registrationId, withdrawnAt: event.data.withdrawnAt },
      };
      break;
    default:
      return null;
  }
  return { ...envelope, ...out };
};
