import { EntityManager } from 'typeorm';
import { toDomainEvent } from '@hw/platform/event-log';
import { RecordedEvent } from '@hw/platform/core';
import { Projection, runSql } from '@hw/platform/projections';
import { ThreadEvent } from '@hw/messaging/domain';
import { MessagingThread } from './entities';

/**
 * Threads, seeker inboxes and department outboxes, projected from the thread streams (R-MSG-1, R-MSG-7).
 *
 * Two plain statements per message — an upsert of the thread (count + 1) and the message insert —
 * instead of find-then-update-or-insert through repositories: the projection runs in the
 * sending process's event loop, and the repository path cost more CPU per event than the
 * whole send (bench/send.bench.ts).
 */
export const threadsProjection: Projection = {
  name: 'messaging-threads',
  streamPrefixes: ['thread-'],
  tables: ['messaging_messages', 'messaging_threads'],
  // One read-DB commit (a durable fsync, taken in the sending process's event loop) per 100 ms
  // of sends rather than one per log group commit: under load a read-DB fsync cost as much
  // loop time as the log's own group commit. The read model lags the log by ≤ 100 ms more.
  minBatchIntervalMs: 100,
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = toDomainEvent<ThreadEvent>(recorded);
    switch (event.type) {
      case 'OrganisationMessageSent':
      case 'SeekerReplied': {
        const d = event.data;
        await runSql(
          tx,
          `INSERT INTO messaging_threads (thread_id, registration_id, seeker_id, started_at, last_message_at, message_count)
           VALUES (:threadId, :registrationId, :seekerId, :sentAt, :sentAt, 1)
           ON CONFLICT (thread_id) DO UPDATE SET last_message_at = excluded.last_message_at, message_count = messaging_threads.message_count + 1`,
          { threadId: d.threadId, registrationId: d.registrationId, seekerId: d.seekerId, sentAt: d.sentAt },
        );
        const org = event.type === 'OrganisationMessageSent' ? event.data : undefined;
        await runSql(
          tx,
          `INSERT INTO messaging_messages (message_id, thread_id, registration_id, sender, department_id, user_id, kind, body, body_sealed, sent_at, complaint_officer, ${tx.connection.driver.escape('position')})
           VALUES (:messageId, :threadId, :registrationId, :sender, :departmentId, :userId, :kind, :body, :bodySealed, :sentAt, :complaintOfficer, :position)`,
          {
            messageId: d.messageId,
            threadId: d.threadId,
            registrationId: d.registrationId,
            sender: org ? 'organisation' : 'seeker',
            departmentId: org?.departmentId ?? null,
            userId: org?.userId ?? null,
            kind: d.kind,
            // R-AUD-2: the read model keeps the body sealed; it is opened per read with the seeker's key.
            body: d.sealedBody ?? d.body ?? '',
            bodySealed: d.sealedBody !== undefined,
            sentAt: d.sentAt,
            // simple-json column: the entity reads it back with JSON.parse.
            complaintOfficer: org?.complaintOfficer ? JSON.stringify(org.complaintOfficer) : null,
            position: recorded.position.toString(),
          },
        );
        return;
      }
      case 'IdentityDisclosed':
        await tx.getRepository(MessagingThread).update({ threadId: event.data.threadId }, { identityDisclosed: true });
        return;
      case 'IdentityDisclosureWithdrawn':
        await tx.getRepository(MessagingThread).update({ threadId: event.data.threadId }, { identityDisclosed: false });
        return;
      default:
        return;
    }
  },
};
