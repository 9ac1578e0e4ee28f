import { MigrationInterface, QueryRunner, Table, TableColumn, TableOptions } from 'typeorm';
import { SeekerKeys1764900000001, tablesMigration } from '@hw/platform/projections';

/** What messaging kept of registrations until the send path read them from the log (dropped by MessagingRegistrationsFromLog). */
const messagingRegistrationsTable: TableOptions = {
  name: 'messaging_registrations',
  columns: [
    { name: 'registration_id', type: 'varchar', length: '64', isPrimary: true },
    { name: 'organisation_kind', type: 'varchar', length: '24' },
    { name: 'status', type: 'varchar', length: '16' },
    { name: 'complaint_officer_version', type: 'integer', isNullable: true },
    { name: 'paid_service_notifications', type: 'integer', default: 0 },
  ],
};

/** Portable DDL (TypeORM Table API): one migration for SQLite and PostgreSQL. */
export const MessagingReadModels1764200000000 = tablesMigration('MessagingReadModels1764200000000', [
  messagingRegistrationsTable,
  {
    name: 'messaging_threads',
    columns: [
      { name: 'thread_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'registration_id', type: 'varchar', length: '64' },
      { name: 'seeker_id', type: 'varchar', length: '36' },
      { name: 'started_at', type: 'varchar', length: '32' },
      { name: 'last_message_at', type: 'varchar', length: '32' },
      { name: 'message_count', type: 'integer' },
      { name: 'identity_disclosed', type: 'boolean', default: false },
    ],
    indices: [
      { name: 'ix_threads_registration', columnNames: ['registration_id', 'last_message_at'] },
      { name: 'ix_threads_seeker', columnNames: ['seeker_id', 'last_message_at'] },
    ],
  },
  {
    name: 'messaging_messages',
    columns: [
      { name: 'message_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'thread_id', type: 'varchar', length: '36' },
      { name: 'registration_id', type: 'varchar', length: '64' },
      { name: 'sender', type: 'varchar', length: '16' },
      { name: 'department_id', type: 'varchar', length: '64', isNullable: true },
      { name: 'user_id', type: 'varchar', length: '64', isNullable: true },
      { name: 'kind', type: 'varchar', length: '32' },
      { name: 'body', type: 'text' },
      { name: 'sent_at', type: 'varchar', length: '32' },
      { name: 'complaint_officer', type: 'text', isNullable: true },
      { name: 'position', type: 'bigint' },
    ],
    indices: [
      { name: 'ix_messages_thread', columnNames: ['thread_id', 'position'] },
      { name: 'ix_messages_outbox', columnNames: ['registration_id', 'department_id', 'position'] },
    ],
  },
]);

/**
 * The send path reads each registration's facts from the log at send time (R-MSG-4, R-ORG-1:
 * a returned approval, suspension or termination holds for the very next send), so messaging
 * no longer keeps its own copy of registrations.
 */
export class MessagingRegistrationsFromLog1764900000000 implements MigrationInterface {
  name = 'MessagingRegistrationsFromLog1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('messaging_registrations', true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table(messagingRegistrationsTable), true);
  }
}

/** R-AUD-2: sealed bodies (a flag per row) and the erased seekers whose threads no view shows. */
export class MessagingSealedBodies1764900000002 implements MigrationInterface {
  name = 'MessagingSealedBodies1764900000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('messaging_messages', new TableColumn({ name: 'body_sealed', type: 'boolean', default: false }));
    await queryRunner.createTable(
      new Table({
        name: 'messaging_erased_seekers',
        columns: [
          { name: 'seeker_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'erased_at', type: 'varchar', length: '32' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('messaging_erased_seekers', true);
    await queryRunner.dropColumn('messaging_messages', 'body_sealed');
  }
}

/** Every migration of messaging's read database, in order. */
export const MESSAGING_MIGRATIONS = [
  MessagingReadModels1764200000000,
  MessagingRegistrationsFromLog1764900000000,
  SeekerKeys1764900000001,
  MessagingSealedBodies1764900000002,
];
