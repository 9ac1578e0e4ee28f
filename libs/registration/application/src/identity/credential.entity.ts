import { Column, Entity, MigrationInterface, PrimaryColumn, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * One identity model: a credential per principal — seeker, organisation user, staff.
 * Lives only in registration's read database; the log never holds a password or an activation
 * code, not even hashed. `claims` is what the token states besides kind and id.
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

  /** scrypt hash; null until activated. */
  @Column({ type: 'varchar', length: 200, name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  /** scrypt hash of the one-time activation code; null once used. */
  @Column({ type: 'varchar', length: 200, name: 'activation_hash', nullable: true })
  activationHash!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'activation_expires_at', nullable: true })
  activationExpiresAt!: string | null;

  /** An organisation admin may create the registration's other users. */
  @Column({ type: 'boolean', name: 'is_admin', default: false })
  isAdmin!: boolean;

  @Column({ type: 'varchar', length: 32, name: 'created_at' })
  createdAt!: string;
}

/** Failed logins per account + client address: what slows repeated guessing down. */
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

export class IdentityTables1764400000001 implements MigrationInterface {
  name = 'IdentityTables1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
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
      }),
      true,
    );
    await queryRunner.createIndex(
      'identity_credentials',
      new TableIndex({ name: 'ix_identity_subject', columnNames: ['kind', 'subject'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_login_attempts',
        columns: [
          { name: 'attempt_key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'failures', type: 'integer' },
          { name: 'locked_until', type: 'varchar', length: '32', isNullable: true },
          { name: 'last_failure_at', type: 'varchar', length: '32' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_login_attempts', true);
    await queryRunner.dropTable('identity_credentials', true);
  }
}

export const IDENTITY_ENTITIES = [Credential, LoginAttempt];
export const IDENTITY_MIGRATIONS = [IdentityTables1764400000001];
