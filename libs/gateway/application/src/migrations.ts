import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const text = (name: string, length: number, nullable = true): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const key = (name: string, length = 64): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isPrimary: true });
const integer = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
  default: nullable ? undefined : 0,
});
const position = (name = 'position'): TableColumnOptions => ({ name, type: 'bigint' });
const instant = (name: string, nullable = true) => text(name, 32, nullable);
const index = (table: string, ...columns: string[]) => new TableIndex({ name: `${table}_${columns.join('_')}`, columnNames: columns });

/** Every gateway migration adds tables: each created if missing, and dropped (in reverse) on the way down. */
abstract class AddTables implements MigrationInterface {
  abstract name: string;
  protected abstract tables(): Table[];

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of this.tables()) await queryRunner.createTable(table, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of this.tables().reverse()) await queryRunner.dropTable(table.name, true);
  }
}

/**
 * The gateway's read models (portable DDL, TypeORM Table API: SQLite and PostgreSQL), all
 * projected from other contexts' integration events through the inbox. Instants are ISO 8601
 * UTC strings (they sort as text); `position` is the log position of the last event applied.
 */
export class GatewayReadModels1766000000000 extends AddTables {
  name = 'GatewayReadModels1766000000000';

  protected tables(): Table[] {
    return [
      new Table({
        name: 'gateway_registrations',
        columns: [
          key('registration_id'),
          text('stream_id', 128, false),
          text('prefecture', 2, false),
          text('organisation_id', 64),
          text('organisation_name', 200),
          text('kind', 24),
          text('category', 8),
          text('permit_number', 32),
          text('local_government_code', 8),
          text('status', 16, false),
          instant('submitted_at'),
          instant('approved_at'),
          instant('decided_at'),
          instant('status_at', false),
          text('status_reason', 64),
          instant('suspended_until'),
          instant('usage_period_ends_at'),
          integer('complaint_officer_version', true),
          integer('sanctions'),
          integer('paid_service_notifications'),
          position(),
        ],
        indices: [index('gateway_registrations', 'prefecture', 'status'), index('gateway_registrations', 'usage_period_ends_at')],
      }),
      new Table({
        name: 'gateway_officer_versions',
        columns: [key('registration_id'), { name: 'version', type: 'integer', isPrimary: true }, instant('approved_at', false)],
      }),
      new Table({
        name: 'gateway_requests',
        columns: [
          key('request_id', 80),
          text('kind', 16, false),
          text('registration_id', 64, false),
          text('prefecture', 2, false),
          text('parts', 200),
          instant('requested_at', false),
          instant('due_at', false),
          text('status', 16, false),
          instant('decided_at'),
          text('decided_by', 64),
          position(),
        ],
        indices: [index('gateway_requests', 'prefecture', 'status', 'kind'), index('gateway_requests', 'registration_id')],
      }),
      new Table({
        name: 'gateway_complaints',
        columns: [
          key('complaint_id'),
          text('stream_id', 128, false),
          text('registration_id', 64, false),
          text('category', 32, false),
          text('status', 24, false),
          instant('filed_at', false),
          instant('acknowledge_by', false),
          instant('answer_by', false),
          instant('acknowledged_at'),
          instant('answered_at'),
          text('overdue_step', 16),
          instant('resolved_at'),
          instant('escalated_at'),
          text('escalation_reason', 24),
          text('office_code', 16),
          instant('desk_due_at'),
          text('outcome', 24),
          instant('outcome_at'),
          text('sanction_prefecture', 2),
          instant('sanction_requested_at'),
          instant('sanction_due_at'),
          text('sanction_decision', 16),
          instant('sanction_until'),
          instant('sanction_decided_at'),
          instant('carried_out_at'),
          text('registration_event_id', 64),
          instant('updated_at', false),
          position(),
        ],
        indices: [
          index('gateway_complaints', 'registration_id'),
          index('gateway_complaints', 'office_code', 'status'),
          index('gateway_complaints', 'sanction_prefecture', 'status'),
        ],
      }),
      new Table({
        name: 'gateway_consultations',
        columns: [
          key('consultation_id'),
          text('registration_id', 64, false),
          text('office_code', 16, false),
          instant('opened_at', false),
          instant('due_at', false),
          instant('answered_at'),
          position(),
        ],
        indices: [index('gateway_consultations', 'office_code')],
      }),
      new Table({
        name: 'gateway_reports',
        columns: [
          key('stream_id', 128),
          text('registration_id', 64, false),
          text('prefecture', 2, false),
          text('period', 6, false),
          text('due_day', 8, false),
          text('status', 16, false),
          integer('version'),
          integer('late'),
          instant('opened_at', false),
          instant('flagged_overdue_at'),
          instant('filed_at'),
          instant('marked_false_at'),
          instant('follow_up_due_at'),
          text('sanction_decision', 16),
          instant('sanction_until'),
          instant('sanction_decided_at'),
          integer('messages_sent'),
          integer('seekers_replied'),
          position(),
        ],
        indices: [index('gateway_reports', 'prefecture', 'status'), index('gateway_reports', 'registration_id')],
      }),
      new Table({
        name: 'gateway_sanctions',
        columns: [
          key('event_id'),
          text('registration_id', 64, false),
          text('prefecture', 2),
          text('source', 16, false),
          text('reference', 128),
          text('decision', 16, false),
          instant('until'),
          instant('at', false),
          position(),
        ],
        indices: [index('gateway_sanctions', 'registration_id'), index('gateway_sanctions', 'prefecture')],
      }),
      new Table({
        name: 'gateway_daily_counts',
        columns: [
          key('registration_id'),
          { name: 'day', type: 'varchar', length: '8', isPrimary: true },
          integer('messages_sent'),
          integer('replies'),
          instant('last_at', false),
          position('first_position'),
          position('last_position'),
        ],
      }),
      new Table({
        name: 'gateway_timeline',
        columns: [
          key('entry_id', 96),
          position(),
          text('registration_id', 64),
          text('subject', 128, false),
          text('source', 16, false),
          text('type', 80, false),
          instant('at', false),
          text('actor_kind', 24),
          text('actor_id', 100),
          { name: 'data', type: 'text' },
        ],
        indices: [index('gateway_timeline', 'registration_id', 'position')],
      }),
      new Table({
        name: 'gateway_streams',
        columns: [key('stream_id', 300), text('source', 16, false), position(), instant('at', false)],
      }),
      new Table({
        name: 'gateway_sources',
        columns: [key('source', 16), position(), text('last_event_id', 64, false), instant('last_event_at', false), integer('applied')],
      }),
    ];
  }
}

/**
 * R-STF-2: the record of staff reads of personal data — one row per read (the event id), from
 * registration's and complaints' read events: who, their role, the office and prefecture it is
 * scoped to, what kind of data (never the data), why, when.
 */
export class GatewayStaffReads1766000000001 extends AddTables {
  name = 'GatewayStaffReads1766000000001';

  protected tables(): Table[] {
    return [
      new Table({
        name: 'gateway_staff_reads',
        columns: [
          key('read_id'),
          text('source', 16, false),
          text('kind', 24, false),
          text('subject_id', 64, false),
          text('registration_id', 64),
          text('staff_id', 100, false),
          text('role', 24, false),
          text('office_code', 16),
          text('prefecture', 2),
          text('purpose', 24),
          instant('read_at', false),
          position(),
        ],
        indices: [index('gateway_staff_reads', 'prefecture'), index('gateway_staff_reads', 'office_code')],
      }),
    ];
  }
}

/** The gateway's own record of staff it served (the timeline's "who"): not projected, not rebuilt. */
export class GatewayStaffDirectory1766000000002 extends AddTables {
  name = 'GatewayStaffDirectory1766000000002';

  protected tables(): Table[] {
    return [
      new Table({
        name: 'gateway_staff',
        columns: [
          key('staff_id', 100),
          text('role', 24, false),
          text('office_code', 16),
          text('prefecture', 2),
          text('login', 100),
          instant('seen_at', false),
        ],
      }),
    ];
  }
}

/** The tables the gateway's consumers own (for rebuilds and tests). */
export const GATEWAY_TABLES = [
  'gateway_registrations',
  'gateway_officer_versions',
  'gateway_requests',
  'gateway_complaints',
  'gateway_consultations',
  'gateway_reports',
  'gateway_sanctions',
  'gateway_daily_counts',
  'gateway_staff_reads',
  'gateway_timeline',
  'gateway_streams',
  'gateway_sources',
];
