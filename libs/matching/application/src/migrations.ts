import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { tablesMigration } from '@hw/platform/projections';
import { NATIONAL } from './search-profile.entity';

/** Portable DDL (TypeORM Table API) so one migration serves SQLite and PostgreSQL. */
export const SearchProfiles1764100000000 = tablesMigration('SearchProfiles1764100000000', [
  {
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
  },
]);

const isPostgres = (queryRunner: QueryRunner): boolean => queryRunner.connection.driver.options.type === 'postgres';

/**
 * The full search model (replaces the first slice's table). The projection that feeds it is a
 * new consumer group (`matching-search-profiles-v2`), so it is rebuilt from the registration
 * topic's beginning. Tables are portable; the self-PR's trigram index is per driver:
 * - SQLite: an FTS5 `trigram` external-content table over search_profiles.self_pr (rowid =
 *   doc_id), kept in step by triggers;
 * - PostgreSQL: `pg_trgm` (created if missing, in `public` so no service schema owns it and a
 *   dropped schema never drops it) with a GIN index on self_pr for LIKE/ILIKE '%word%'.
 */
export class SearchModel1764200000000 implements MigrationInterface {
  name = 'SearchModel1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('search_profiles', true);
    const integer = 'integer';
    await queryRunner.createTable(
      new Table({
        name: 'search_profiles',
        columns: [
          { name: 'doc_id', type: integer, isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'seeker_id', type: 'varchar', length: '36' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'eligible', type: 'boolean' },
          { name: 'scope_private', type: 'boolean' },
          { name: 'scope_local_government', type: 'boolean' },
          { name: 'employment_type', type: 'varchar', length: '16' },
          { name: 'wage_monthly', type: integer, isNullable: true },
          { name: 'wage_hourly', type: integer, isNullable: true },
          { name: 'self_pr', type: 'text', default: "''" },
          { name: 'registered_at', type: 'varchar', length: '32' },
          { name: 'profile', type: 'text' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_search_profiles_seeker_id', columnNames: ['seeker_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_search_profiles_newest', columnNames: ['registered_at', 'doc_id'] }),
          new TableIndex({ name: 'IDX_search_profiles_wage', columnNames: ['wage_monthly', 'doc_id'] }),
        ],
      }),
    );
    const child = (name: string, columns: Array<{ name: string; length: string }>, index: TableIndex[]) =>
      queryRunner.createTable(
        new Table({
          name,
          columns: [
            { name: 'doc_id', type: integer, isPrimary: true },
            ...columns.map((c) => ({ name: c.name, type: 'varchar', length: c.length, isPrimary: true })),
          ],
          indices: index,
        }),
      );
    await child(
      'search_profile_occupations',
      [{ name: 'code', length: '16' }],
      [new TableIndex({ name: 'IDX_spo_code', columnNames: ['code', 'doc_id'] })],
    );
    await child(
      'search_profile_locations',
      [
        { name: 'prefecture', length: '2' },
        { name: 'municipality', length: '5' },
      ],
      [
        new TableIndex({ name: 'IDX_spl_prefecture', columnNames: ['prefecture', 'doc_id'] }),
        new TableIndex({ name: 'IDX_spl_municipality', columnNames: ['municipality', 'doc_id'] }),
      ],
    );
    await child(
      'search_profile_qualifications',
      [{ name: 'name', length: '100' }],
      [new TableIndex({ name: 'IDX_spq_name', columnNames: ['name', 'doc_id'] })],
    );
    await queryRunner.createTable(
      new Table({
        name: 'search_blocks',
        columns: [
          { name: 'registration_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'seeker_id', type: 'varchar', length: '36', isPrimary: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'search_registrations',
        columns: [
          { name: 'registration_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'organisation_kind', type: 'varchar', length: '32', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
        ],
      }),
    );
    if (isPostgres(queryRunner)) await this.postgresTrigram(queryRunner);
    else await this.sqliteTrigram(queryRunner);
  }

  private async sqliteTrigram(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIRTUAL TABLE search_profiles_fts USING fts5(self_pr, content='search_profiles', content_rowid='doc_id', tokenize='trigram')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER search_profiles_fts_ai AFTER INSERT ON search_profiles BEGIN
         INSERT INTO search_profiles_fts(rowid, self_pr) VALUES (new.doc_id, new.self_pr);
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER search_profiles_fts_ad AFTER DELETE ON search_profiles BEGIN
         INSERT INTO search_profiles_fts(search_profiles_fts, rowid, self_pr) VALUES ('delete', old.doc_id, old.self_pr);
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER search_profiles_fts_au AFTER UPDATE OF self_pr ON search_profiles BEGIN
         INSERT INTO search_profiles_fts(search_profiles_fts, rowid, self_pr) VALUES ('delete', old.doc_id, old.self_pr);
         INSERT INTO search_profiles_fts(rowid, self_pr) VALUES (new.doc_id, new.self_pr);
       END`,
    );
  }

  private async postgresTrigram(queryRunner: QueryRunner): Promise<void> {
    // Serialise concurrent migrations (several services / test schemas) around the extension.
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('hw:pg_trgm'))`);
    const found = async (): Promise<string | undefined> =>
      (
        await queryRunner.query(
          `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
        )
      )[0]?.schema;
    let schema = await found();
    if (!schema) {
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
      schema = (await found()) as string;
    }
    await queryRunner.query(
      `CREATE INDEX "IDX_search_profiles_self_pr_trgm" ON search_profiles USING gin (self_pr "${schema}".gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isPostgres(queryRunner)) {
      for (const t of ['search_profiles_fts_ai', 'search_profiles_fts_ad', 'search_profiles_fts_au'])
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${t}`);
      await queryRunner.query(`DROP TABLE IF EXISTS search_profiles_fts`);
    }
    for (const t of [
      'search_registrations',
      'search_blocks',
      'search_profile_qualifications',
      'search_profile_locations',
      'search_profile_occupations',
      'search_profiles',
    ])
      await queryRunner.dropTable(t, true);
  }
}

/**
 * The search key table: one row per (visible profile, desired prefecture, desired occupation
 * middle group) — plus a row with occupation '' per prefecture, for searches without an
 * occupation — carrying the sort key and every filter that lives on the profile row (scope,
 * employment type, wages). Only profiles that are active and eligible (R-SKR-1/3/4) have rows:
 * the partial index by construction. The primary key (prefecture, occupation, registered_at,
 * doc_id) is the order of the 'newest' sort, so a typical search (occupation group +
 * prefecture, + wage, + self-PR words, next page) is a walk of one key range, newest first,
 * that stops after a page: no temp sort, and no read of the ~300,000 rows of a large group.
 * - SQLite: WITHOUT ROWID, so the filters are in the key's own row (covering);
 * - PostgreSQL: PRIMARY KEY … INCLUDE (the filters), so the walk is an index-only scan.
 * Existing rows are backfilled here (`backfillSearchKeys`) and kept in step by the projection.
 */
export class SearchKeys1764300000000 implements MigrationInterface {
  name = 'SearchKeys1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = isPostgres(queryRunner);
    const columns = `prefecture varchar(2) NOT NULL, occupation varchar(2) NOT NULL, registered_at varchar(32) NOT NULL, doc_id integer NOT NULL,
      scope_private boolean NOT NULL, scope_local_government boolean NOT NULL, employment_type varchar(16) NOT NULL,
      wage_monthly integer NULL, wage_hourly integer NULL`;
    if (postgres)
      await queryRunner.query(
        `CREATE TABLE search_profile_keys (${columns},
           CONSTRAINT "PK_search_profile_keys" PRIMARY KEY (prefecture, occupation, registered_at, doc_id)
           INCLUDE (scope_private, scope_local_government, employment_type, wage_monthly, wage_hourly))`,
      );
    else
      await queryRunner.query(
        `CREATE TABLE search_profile_keys (${columns}, PRIMARY KEY (prefecture, occupation, registered_at, doc_id)) WITHOUT ROWID`,
      );
    await queryRunner.query(`CREATE INDEX "IDX_spk_doc" ON search_profile_keys (doc_id)`);
    await backfillSearchKeys((sql) => queryRunner.query(sql), postgres);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS search_profile_keys`);
  }
}

/**
 * Fills search_profile_keys from the profile tables (migration on an existing model; bulk loads).
 * One statement; rows arrive in key order so the B-tree is appended to, not split at random.
 */
export const backfillSearchKeys = async (query: (sql: string) => Promise<unknown>, postgres: boolean): Promise<void> => {
  await query(
    `INSERT INTO search_profile_keys (prefecture, occupation, registered_at, doc_id, scope_private, scope_local_government, employment_type, wage_monthly, wage_hourly)
     SELECT l.prefecture, o.occupation, p.registered_at, p.doc_id, p.scope_private, p.scope_local_government, p.employment_type, p.wage_monthly, p.wage_hourly
     FROM (SELECT DISTINCT doc_id, prefecture FROM search_profile_locations
           UNION ALL SELECT doc_id, '${NATIONAL}' FROM search_profiles) l
     JOIN (SELECT DISTINCT doc_id, substr(code, 1, 2) AS occupation FROM search_profile_occupations
           UNION ALL SELECT doc_id, '' FROM search_profiles) o ON o.doc_id = l.doc_id
     JOIN search_profiles p ON p.doc_id = l.doc_id
     WHERE p.status = 'active' AND p.eligible = ${postgres ? 'true' : '1'}
     ORDER BY 1, 2, 3, 4`,
  );
  await query('ANALYZE search_profile_keys');
};

/**
 * National search keys: every active, eligible profile also gets key rows under prefecture ''
 * (all of Japan), so a search by occupation (and wage, qualifications, …) without a place walks
 * one key range newest first and stops after a page, like a search in one prefecture — instead
 * of walking every profile (about 2 s at 2,000,000 profiles).
 */
export class NationalSearchKeys1764500000000 implements MigrationInterface {
  name = 'NationalSearchKeys1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = isPostgres(queryRunner);
    // A model created by SearchKeys1764300000000 after this change already holds them.
    await queryRunner.query(`DELETE FROM search_profile_keys WHERE prefecture = '${NATIONAL}'`);
    await queryRunner.query(
      `INSERT INTO search_profile_keys (prefecture, occupation, registered_at, doc_id, scope_private, scope_local_government, employment_type, wage_monthly, wage_hourly)
       SELECT '${NATIONAL}', o.occupation, p.registered_at, p.doc_id, p.scope_private, p.scope_local_government, p.employment_type, p.wage_monthly, p.wage_hourly
       FROM (SELECT DISTINCT doc_id, substr(code, 1, 2) AS occupation FROM search_profile_occupations
             UNION ALL SELECT doc_id, '' FROM search_profiles) o
       JOIN search_profiles p ON p.doc_id = o.doc_id
       WHERE p.status = 'active' AND p.eligible = ${postgres ? 'true' : '1'}
       ORDER BY 2, 3, 4`,
    );
    await queryRunner.query('ANALYZE search_profile_keys');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM search_profile_keys WHERE prefecture = '${NATIONAL}'`);
  }
}

export const MATCHING_MIGRATIONS = [
  SearchProfiles1764100000000,
  SearchModel1764200000000,
  SearchKeys1764300000000,
  NationalSearchKeys1764500000000,
];
