import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Portable DDL (TypeORM Table API): one migration for SQLite and PostgreSQL. */
export class QuotaReadModels1764300000000 implements MigrationInterface {
  name = 'QuotaReadModels1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
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
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'quota_registrations',
        columns: [
          { name: 'registration_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'prefecture', type: 'varchar', length: '2' },
          { name: 'organisation_kind', type: 'varchar', length: '24' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['quota_registrations', 'quota_days']) await queryRunner.dropTable(table, true);
  }
}

/** Every migration of quota's read database, in order. */
export const QUOTA_MIGRATIONS = [QuotaReadModels1764300000000];
