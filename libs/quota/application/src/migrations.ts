import { tablesMigration } from '@hw/platform/projections';

/** Portable DDL (TypeORM Table API): one migration for SQLite and PostgreSQL. */
export const QuotaReadModels1764300000000 = tablesMigration('QuotaReadModels1764300000000', [
  {
    name: 'quota_days',
    columns: [
      { name: 'registration_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'day', type: 'varchar', length: '8', isPrimary: true },
      { name: 'sent', type: 'integer' },
      { name: 'day_limit', type: 'integer' },
      { name: 'first_reserved_at', type: 'varchar', length: '32' },
      { name: 'last_reserved_at', type: 'varchar', length: '32' },
      { name: 'last_position', type: 'bigint' },
    ],
  },
  {
    name: 'quota_registrations',
    columns: [
      { name: 'registration_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'prefecture', type: 'varchar', length: '2' },
      { name: 'organisation_kind', type: 'varchar', length: '24' },
    ],
  },
]);

/** Every migration of quota's read database, in order. */
export const QUOTA_MIGRATIONS = [QuotaReadModels1764300000000];
