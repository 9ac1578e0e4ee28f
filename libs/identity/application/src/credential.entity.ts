import { Column, Entity, MigrationInterface, PrimaryColumn, QueryRunner, TableColumn } from 'typeorm';
import { tablesMigration } from '@hw/platform/projections';

/**
 * The credentials read model: one row per live credential, projected from its stream
 * (`credential-<login key>`, the store of record) for the lookups a stream id cannot answer —
 * by principal (kind + subject) and, for operators, by login. Rebuildable from the log
 * (credential-index.ts); no decision reads it alone: login, activation and password changes
 * decide on the stream. Erasure deletes the row (R-AUD-2).
 */
@Entity({ name: 'identity_credentials' })
export class Credential {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'credential_id' })
  credentialId!: string;

  /** Unique login name (case-sensitive). */
  @Column({ type: 'varchar', length: 100, unique: true })
  login!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: 'seeker' | 'organisation-user' | 'staff';

  /** The token's `sub`: seeker id, organisation user id, staff id. */
  @Column({ type: 'varchar', length: 36, name: 'subject' })
  subject!: string;

  /** registrationId/departmentId/organisationKind, or role/officeCode/prefecture. */
  @Column({ type: 'simple-json' })
  claims!: Record<string, string>;

  /** scrypt hash; null until activated (a copy of the stream's, opened). */
  @Column({ type: 'varchar', length: 200, name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  /** Before identity kept its log: the code's hash. Now always null — the pending code is on the stream only. */
  @Column({ type: 'varchar', length: 200, name: 'activation_hash', nullable: true })
  activationHash!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'activation_expires_at', nullable: true })
  activationExpiresAt!: string | null;

  /** An organisation admin may create the registration's other users. */
  @Column({ type: 'boolean', name: 'is_admin', default: false })
  isAdmin!: boolean;

  @Column({ type: 'varchar', length: 32, name: 'created_at' })
  createdAt!: string;

  /** The stream revision this row shows; -1: a row written before the log kept credentials, imported once at start. */
  @Column({ type: 'integer', default: -1 })
  revision!: number;
}

/** Failed logins per account + client address: what slows repeated guessing down (login-throttle.ts). */
@Entity({ name: 'identity_login_attempts' })
export class LoginAttempt {
  @PrimaryColumn({ type: 'varchar', length: 200, name: 'attempt_key' })
  attemptKey!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ type: 'varchar', length: 32, name: 'locked_until', nullable: true })
  lockedUntil!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'last_failure_at' })
  lastFailureAt!: string;
}

export const IdentityTables1764400000001 = tablesMigration('IdentityTables1764400000001', [
  {
    name: 'identity_credentials',
    columns: [
      { name: 'credential_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'login', type: 'varchar', length: '100', isUnique: true },
      { name: 'kind', type: 'varchar', length: '20' },
      { name: 'subject', type: 'varchar', length: '36' },
      { name: 'claims', type: 'text' },
      { name: 'password_hash', type: 'varchar', length: '200', isNullable: true },
      { name: 'activation_hash', type: 'varchar', length: '200', isNullable: true },
      { name: 'activation_expires_at', type: 'varchar', length: '32', isNullable: true },
      { name: 'is_admin', type: 'boolean', default: false },
      { name: 'created_at', type: 'varchar', length: '32' },
    ],
    indices: [{ name: 'ix_identity_subject', columnNames: ['kind', 'subject'] }],
  },
  {
    name: 'identity_login_attempts',
    columns: [
      { name: 'attempt_key', type: 'varchar', length: '200', isPrimary: true },
      { name: 'failures', type: 'integer' },
      { name: 'locked_until', type: 'varchar', length: '32', isNullable: true },
      { name: 'last_failure_at', type: 'varchar', length: '32' },
    ],
  },
]);

/**
 * Credentials move to the log: the table becomes a projection with the stream revision each row
 * shows. Existing rows get -1 — "not in the log yet" — and are imported once at start
 * (IdentityService.importLegacyCredentials), then carry their stream's revision.
 */
export class IdentityCredentialsFromLog1765600000000 implements MigrationInterface {
  name = 'IdentityCredentialsFromLog1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('identity_credentials', new TableColumn({ name: 'revision', type: 'integer', default: -1 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('identity_credentials', 'revision');
  }
}

/** Identity's tables in its host's read database (its keys are in their own file: identity-secrets.ts). */
export const IDENTITY_ENTITIES = [Credential, LoginAttempt];
export const IDENTITY_MIGRATIONS = [IdentityTables1764400000001, IdentityCredentialsFromLog1765600000000];
