import { EntityManager } from 'typeorm';
import { RecordedEvent } from '@hw/platform/core';
import { Projection } from '@hw/platform/projections';
import { ThreadEvent } from '@hw/messaging/domain';
import { MessagingMessage, MessagingThread } from './entities';

/** Threads, seeker inboxes and department outboxes, projected from the thread streams (R-MSG-1, R-MSG-7). */
export const threadsProjection: Projection = {
  name: 'messaging-threads',
  streamPrefixes: ['thread-'],
  tables: ['messaging_messages', 'messaging_threads'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ThreadEvent;
    const threads = tx.getRepository(MessagingThread);
    const messages = tx.getRepository(MessagingMessage);
    switch (event.type) {
      case 'OrganisationMessageSent':
      case 'SeekerReplied': {
        const d = event.data;
        const thread = await threads.findOneBy({ threadId: d.threadId });
        if (thread) await threads.update({ threadId: d.threadId }, { lastMessageAt: d.sentAt, messageCount: thread.messageCount + 1 });
        else
          await threads.insert({
            threadId: d.threadId,
            registrationId: d.registrationId,
            seekerId: d.seekerId,
            startedAt: d.sentAt,
            lastMessageAt: d.sentAt,
            messageCount: 1,
            identityDisclosed: false,
          });
        const org = event.type === 'OrganisationMessageSent' ? event.data : undefined;
        await messages.insert({
          messageId: d.messageId,
          threadId: d.threadId,
          registrationId: d.registrationId,
          sender: org ? 'organisation' : 'seeker',
          departmentId: org?.departmentId ?? null,
          userId: org?.userId ?? null,
          kind: d.kind,
          body: d.body,
          sentAt: d.sentAt,
          complaintOfficer: org?.complaintOfficer ?? null,
          position: recorded.position.toString(),
        });
        return;
      }
      case 'IdentityDisclosed':
        await threads.update({ threadId: event.data.threadId }, { identityDisclosed: true });
        return;
      default:
        return;
    }
  },
};
