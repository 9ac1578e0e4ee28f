import { tablesMigration } from '@hw/platform/projections';

const varchar = (name: string, length: number, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});

/** Portable DDL (TypeORM Table API): one migration for SQLite and PostgreSQL. */
export const ReportingReadModels1765000000000 = tablesMigration('ReportingReadModels1765000000000', [
  {
    name: 'reporting_registrations',
    columns: [varchar('registration_id', 64, { isPrimary: true }), varchar('prefecture', 2), varchar('approved_at', 32)],
  },
  {
    name: 'reporting_status_changes',
    columns: [
      varchar('event_id', 64, { isPrimary: true }),
      varchar('registration_id', 64),
      varchar('status', 16),
      varchar('reason', 64),
      varchar('at', 32),
    ],
    indices: [{ name: 'reporting_status_changes_registration', columnNames: ['registration_id'] }],
  },
  {
    name: 'reporting_messages',
    columns: [
      varchar('message_id', 64, { isPrimary: true }),
      varchar('registration_id', 64),
      varchar('department_id', 64),
      varchar('thread_id', 64),
      varchar('day', 8),
    ],
    indices: [{ name: 'reporting_messages_registration_day', columnNames: ['registration_id', 'day'] }],
  },
  {
    name: 'reporting_replies',
    columns: [varchar('message_id', 64, { isPrimary: true }), varchar('registration_id', 64), varchar('thread_id', 64), varchar('day', 8)],
    indices: [{ name: 'reporting_replies_registration_day', columnNames: ['registration_id', 'day'] }],
  },
  {
    name: 'reporting_reports',
    columns: [
      varchar('stream_id', 128, { isPrimary: true }),
      varchar('registration_id', 64),
      varchar('prefecture', 2),
      varchar('period', 6),
      varchar('status', 8),
      varchar('due_day', 8),
      varchar('overdue_at', 32),
      { name: 'was_overdue', type: 'boolean' },
      { name: 'late', type: 'boolean' },
      { name: 'messages_sent', type: 'integer' },
      { name: 'seekers_replied', type: 'integer' },
      { name: 'departments', type: 'text' },
      { name: 'version', type: 'integer' },
      { name: 'applications_accepted', type: 'integer', isNullable: true },
      { name: 'placements', type: 'integer', isNullable: true },
      { name: 'paid_services_provided', type: 'integer', isNullable: true },
      varchar('filed_at', 32, { isNullable: true }),
      varchar('sanction', 16, { isNullable: true }),
    ],
    indices: [
      { name: 'reporting_reports_prefecture_period', columnNames: ['prefecture', 'period'] },
      { name: 'reporting_reports_registration', columnNames: ['registration_id'] },
    ],
  },
]);

/**
 * R-REP-2: the (registration, period) pairs whose facts changed since their last count; the
 * clock pass recounts each ended, opened one and deletes the mark only if no fact came since.
 */
export const ReportingPrefillChecks1766000000000 = tablesMigration('ReportingPrefillChecks1766000000000', [
  {
    name: 'reporting_prefill_checks',
    columns: [varchar('registration_id', 64, { isPrimary: true }), varchar('period', 6, { isPrimary: true }), varchar('stamp', 64)],
  },
]);

/** Every migration of reporting's read database, in order. */
export const REPORTING_MIGRATIONS = [ReportingReadModels1765000000000, ReportingPrefillChecks1766000000000];
