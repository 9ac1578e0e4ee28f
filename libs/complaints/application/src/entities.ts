import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SeekerKeyRow, SeekerKeys1764900000001, tablesMigration } from '@hw/platform/projections';

/**
 * complaints' read models. Free text stays sealed (R-AUD-2): the complaint row holds no text at
 * all — the text, the conversation and the desk's notes are read from the complaint's stream and
 * opened per read with the seeker's key.
 */
@Entity({ name: 'complaints' })
export class ComplaintRow {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'complaint_id' })
  complaintId!: string;

  @Column({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  /** The office named at filing (R-CMP-2's default desk). */
  @Column({ type: 'varchar', length: 16, name: 'filing_office' })
  filingOffice!: string;

  /** The office whose desk has it, once escalated. */
  @Column({ type: 'varchar', length: 16, name: 'desk_office', nullable: true })
  deskOffice!: string | null;

  /** The office whose desk the organisation consulted (R-CMP-3). */
  @Column({ type: 'varchar', length: 16, name: 'consulted_office', nullable: true })
  consultedOffice!: string | null;

  /** The bureau's prefecture, once a sanction is requested (R-ORG-2). */
  @Column({ type: 'varchar', length: 2, nullable: true })
  prefecture!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'filed_at' })
  filedAt!: string;

  @Column({ type: 'varchar', length: 32, name: 'acknowledge_by' })
  acknowledgeBy!: string;

  @Column({ type: 'varchar', length: 32, name: 'answer_by' })
  answerBy!: string;

  @Column({ type: 'boolean', name: 'acknowledgement_overdue', default: false })
  acknowledgementOverdue!: boolean;

  @Column({ type: 'boolean', name: 'answer_overdue', default: false })
  answerOverdue!: boolean;

  @Column({ type: 'varchar', length: 16, nullable: true })
  sanction!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'updated_at' })
  updatedAt!: string;
}

/** Threads messaging reported (`messaging.MessageSent.v1`): whether a seeker dealt with a registration (R-CMP-1). */
@Entity({ name: 'complaints_threads' })
export class ComplaintThreadRow {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'thread_id' })
  threadId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;
}

/** Registrations' prefectures (`registration.RegistrationApproved.v1`): the bureau that decides (R-ORG-2, R-CMP-5). */
@Entity({ name: 'complaints_registrations' })
export class ComplaintRegistrationRow {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 2 })
  prefecture!: string;
}

/**
 * Seekers erased (R-AUD-2): their texts are not opened from the moment the erasure is handled,
 * even by an instance that still holds the key unwrapped for a few seconds; nothing new is sealed for them.
 */
@Entity({ name: 'complaints_erased_seekers' })
export class ComplaintErasedSeekerRow {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  @Column({ type: 'varchar', length: 32, name: 'erased_at' })
  erasedAt!: string;
}

/**
 * Standalone consultations (R-CMP-3), projected from the `consultation-` streams (rebuildable,
 * R-AUD-1). No text: it stays sealed in the log under the consultation's own key.
 */
@Entity({ name: 'complaints_consultations' })
export class ConsultationRow {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'consultation_id' })
  consultationId!: string;

  @Column({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  /** The office whose desk is consulted. */
  @Column({ type: 'varchar', length: 16, name: 'office_code' })
  officeCode!: string;

  /** The registration's thread with the seeker concerned, if one is named (never a seeker id, R-SKR-5). */
  @Column({ type: 'varchar', length: 36, name: 'thread_id', nullable: true })
  threadId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 32, name: 'opened_at' })
  openedAt!: string;

  @Column({ type: 'varchar', length: 32, name: 'answered_at', nullable: true })
  answeredAt!: string | null;
}

/**
 * Consultations whose key was destroyed because the seeker their thread names was erased (R-AUD-2):
 * not opened from that moment, even by an instance still holding the key unwrapped.
 */
@Entity({ name: 'complaints_erased_consultations' })
export class ConsultationErasedRow {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'consultation_id' })
  consultationId!: string;

  @Column({ type: 'varchar', length: 32, name: 'erased_at' })
  erasedAt!: string;
}

export const COMPLAINTS_ENTITIES = [
  ComplaintRow,
  ComplaintThreadRow,
  ComplaintRegistrationRow,
  ComplaintErasedSeekerRow,
  ConsultationRow,
  ConsultationErasedRow,
  SeekerKeyRow,
];

const v = (length: number) => ({ type: 'varchar', length: String(length) });

export const ComplaintsTables1765000000000 = tablesMigration('ComplaintsTables1765000000000', [
  {
    name: 'complaints',
    columns: [
      { name: 'complaint_id', ...v(36), isPrimary: true },
      { name: 'seeker_id', ...v(36) },
      { name: 'registration_id', ...v(64) },
      { name: 'category', ...v(32) },
      { name: 'status', ...v(32) },
      { name: 'filing_office', ...v(16) },
      { name: 'desk_office', ...v(16), isNullable: true },
      { name: 'consulted_office', ...v(16), isNullable: true },
      { name: 'prefecture', ...v(2), isNullable: true },
      { name: 'filed_at', ...v(32) },
      { name: 'acknowledge_by', ...v(32) },
      { name: 'answer_by', ...v(32) },
      { name: 'acknowledgement_overdue', type: 'boolean', default: false },
      { name: 'answer_overdue', type: 'boolean', default: false },
      { name: 'sanction', ...v(16), isNullable: true },
      { name: 'updated_at', ...v(32) },
    ],
    indices: [
      { name: 'complaints_by_seeker', columnNames: ['seeker_id'] },
      { name: 'complaints_by_registration', columnNames: ['registration_id'] },
      { name: 'complaints_by_desk', columnNames: ['desk_office'] },
    ],
  },
  {
    name: 'complaints_threads',
    columns: [
      { name: 'thread_id', ...v(36), isPrimary: true },
      { name: 'registration_id', ...v(64) },
    ],
  },
  {
    name: 'complaints_registrations',
    columns: [
      { name: 'registration_id', ...v(64), isPrimary: true },
      { name: 'prefecture', ...v(2) },
    ],
  },
  {
    name: 'complaints_erased_seekers',
    columns: [
      { name: 'seeker_id', ...v(36), isPrimary: true },
      { name: 'erased_at', ...v(32) },
    ],
  },
]);

export const ConsultationTables1765100000000 = tablesMigration('ConsultationTables1765100000000', [
  {
    name: 'complaints_consultations',
    columns: [
      { name: 'consultation_id', ...v(36), isPrimary: true },
      { name: 'registration_id', ...v(64) },
      { name: 'office_code', ...v(16) },
      { name: 'thread_id', ...v(36), isNullable: true },
      { name: 'status', ...v(16) },
      { name: 'opened_at', ...v(32) },
      { name: 'answered_at', ...v(32), isNullable: true },
    ],
    indices: [
      { name: 'consultations_by_registration', columnNames: ['registration_id'] },
      { name: 'consultations_by_office', columnNames: ['office_code'] },
    ],
  },
  {
    name: 'complaints_erased_consultations',
    columns: [
      { name: 'consultation_id', ...v(36), isPrimary: true },
      { name: 'erased_at', ...v(32) },
    ],
  },
]);

export const COMPLAINTS_MIGRATIONS = [SeekerKeys1764900000001, ComplaintsTables1765000000000, ConsultationTables1765100000000];
