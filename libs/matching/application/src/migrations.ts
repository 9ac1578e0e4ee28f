import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Portable DDL (TypeORM Table API) so one migration serves SQLite and PostgreSQL. */
export class SearchProfiles1764100000000 implements MigrationInterface {
  name = 'SearchProfiles1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'search_profiles',
        columns: [
          { name: 'seeker_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'scope_private', type: 'boolean' },
          { name: 'scope_local_government', type: 'boolean' },
          { name: 'desired_occupations', type: 'text' },
          { name: 'desired_prefectures', type: 'text' },
          { name: 'employment_type', type: 'varchar', length: '16' },
          { name: 'registered_at', type: 'varchar', length: '32' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('search_profiles', true);
  }
}
