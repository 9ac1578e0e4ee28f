import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SeekerKeyRow } from '@hw/platform/projections';

@Entity({ name: 'messaging_threads' })
@Index('ix_threads_registration', ['registrationId', 'lastMessageAt'])
@Index('ix_threads_seeker', ['seekerId', 'lastMessageAt'])
export class MessagingThread {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'thread_id' })
  threadId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  @Column({ type: 'varchar', length: 32, name: 'started_at' })
  startedAt!: string;

  @Column({ type: 'varchar', length: 32, name: 'last_message_at' })
  lastMessageAt!: string;

  @Column({ type: 'integer', name: 'message_count' })
  messageCount!: number;

  @Column({ type: 'boolean', name: 'identity_disclosed', default: false })
  identityDisclosed!: boolean;
}

@Entity({ name: 'messaging_messages' })
@Index('ix_messages_thread', ['threadId', 'position'])
@Index('ix_messages_outbox', ['registrationId', 'departmentId', 'position'])
export class MessagingMessage {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'message_id' })
  messageId!: string;

  @Column({ type: 'varchar', length: 36, name: 'thread_id' })
  threadId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 16 })
  sender!: 'organisation' | 'seeker';

  @Column({ type: 'varchar', length: 64, name: 'department_id', nullable: true })
  departmentId!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'user_id', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  /** Sealed under the seeker's key when `bodySealed` (R-AUD-2); plain only in rows of events recorded before sealing. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'boolean', name: 'body_sealed', default: false })
  bodySealed!: boolean;

  @Column({ type: 'varchar', length: 32, name: 'sent_at' })
  sentAt!: string;

  @Column({ type: 'simple-json', name: 'complaint_officer', nullable: true })
  complaintOfficer!: { registrationId: string; version: number; href: string } | null;

  /** The log position: a stable order across processes. */
  @Column({ type: 'bigint' })
  position!: string;
}

/** R-AUD-2: seekers whose data was erased — their threads are in no one's view, also after a rebuild. Owned by no projection. */
@Entity({ name: 'messaging_erased_seekers' })
export class MessagingErasedSeeker {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  @Column({ type: 'varchar', length: 32, name: 'erased_at' })
  erasedAt!: string;
}

export const MESSAGING_ENTITIES = [MessagingThread, MessagingMessage, MessagingErasedSeeker, SeekerKeyRow];
