import { Column, Entity, PrimaryColumn } from 'typeorm';
import { insertOnceConsumer, tablesMigration } from '@hw/platform/projections';
import { MESSAGING_TOPIC, MessagingEvents, MessagingIntegrationEvent } from '@hw/messaging/contracts';

/**
 * The threads in which a registration has messaged a seeker (R-MSG-1, R-MSG-4): who may read the
 * registration's complaint officer contact as a seeker. messaging's events name the thread, not
 * the seeker, so the row holds the thread id; the complaint-officer route derives
 * `threadIdOf(registrationId, seekerId)` for the calling seeker and looks it up. No personal data.
 */
@Entity({ name: 'registration_messaged_threads' })
export class RegistrationMessagedThread {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'thread_id' })
  threadId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;
}

export const RegistrationMessagedThreads1764900000000 = tablesMigration('RegistrationMessagedThreads1764900000000', [
  {
    name: 'registration_messaged_threads',
    columns: [
      { name: 'thread_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'registration_id', type: 'varchar', length: '64' },
    ],
  },
]);

/** From `messaging.MessageSent.v1` through the inbox (effectively once); a thread, once messaged, stays so. */
export const messagedThreadsConsumer = insertOnceConsumer<MessagingIntegrationEvent>()({
  name: 'registration-messaged-threads',
  topic: MESSAGING_TOPIC,
  eventType: MessagingEvents.MessageSent,
  table: 'registration_messaged_threads',
  key: 'thread_id',
  row: (d) => ({ thread_id: d.threadId, registration_id: d.registrationId }),
});
