import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registration as reporting knows it (R-REP-1, R-ORG-2), from `registration.RegistrationApproved.v1`. */
@Entity({ name: 'reporting_registrations' })
export class ReportingRegistration {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 2 })
  prefecture!: string;

  @Column({ type: 'varchar', length: 32, name: 'approved_at' })
  approvedAt!: string;
}

/** One lifecycle change (R-ORG-1), from `registration.RegistrationStatusChanged.v1`: the activity intervals of R-REP-1. */
@Entity({ name: 'reporting_status_changes' })
export class ReportingStatusChange {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'event_id' })
  eventId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'active' | 'suspended' | 'terminated' | 'expired';

  /** registration's reason code ('sanction', 'own-request', …): R-REP-3's "repeat after resumption". */
  @Column({ type: 'varchar', length: 64 })
  reason!: string;

  @Column({ type: 'varchar', length: 32 })
  at!: string;
}

/** One organisation message (R-REP-2), from `messaging.MessageSent.v1`: ids and the Japan-time day only. */
@Entity({ name: 'reporting_messages' })
export class ReportingMessage {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'message_id' })
  messageId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 64, name: 'department_id' })
  departmentId!: string;

  @Column({ type: 'varchar', length: 64, name: 'thread_id' })
  threadId!: string;

  @Column({ type: 'varchar', length: 8 })
  day!: string;
}

/** One seeker reply (R-REP-2), from `messaging.SeekerReplied.v1`. */
@Entity({ name: 'reporting_replies' })
export class ReportingReply {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'message_id' })
  messageId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 64, name: 'thread_id' })
  threadId!: string;

  @Column({ type: 'varchar', length: 8 })
  day!: string;
}

/** One report as the views need it, projected from `report-<registrationId>-<yyyyQn>` (R-AUD-1: rebuildable). */
@Entity({ name: 'reporting_reports' })
export class ReportRow {
  @PrimaryColumn({ type: 'varchar', length: 128, name: 'stream_id' })
  streamId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 2 })
  prefecture!: string;

  @Column({ type: 'varchar', length: 6 })
  period!: string;

  /** owed · overdue · filed · false (the decider's statuses). */
  @Column({ type: 'varchar', length: 8 })
  status!: string;

  @Column({ type: 'varchar', length: 8, name: 'due_day' })
  dueDay!: string;

  @Column({ type: 'varchar', length: 32, name: 'overdue_at' })
  overdueAt!: string;

  @Column({ type: 'boolean', name: 'was_overdue' })
  wasOverdue!: boolean;

  @Column({ type: 'boolean' })
  late!: boolean;

  @Column({ type: 'integer', name: 'messages_sent' })
  messagesSent!: number;

  @Column({ type: 'integer', name: 'seekers_replied' })
  seekersReplied!: number;

  @Column({ type: 'simple-json' })
  departments!: Array<{ departmentId: string; messagesSent: number; seekersReplied: number }>;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'integer', name: 'applications_accepted', nullable: true })
  applicationsAccepted!: number | null;

  @Column({ type: 'integer', nullable: true })
  placements!: number | null;

  @Column({ type: 'integer', name: 'paid_services_provided', nullable: true })
  paidServicesProvided!: number | null;

  @Column({ type: 'varchar', length: 32, name: 'filed_at', nullable: true })
  filedAt!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  sanction!: string | null;
}

export const REPORTING_ENTITIES = [ReportingRegistration, ReportingStatusChange, ReportingMessage, ReportingReply, ReportRow];
