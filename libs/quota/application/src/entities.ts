import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One registration's count for one Japan-time day (R-MSG-2), projected from
 * `daily-quota-<registrationId>-<yyyymmdd>`: one row per stream, one reservation = one message.
 */
@Entity({ name: 'quota_days' })
export class QuotaDay {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  /** yyyymmdd, Japan time. */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  day!: string;

  @Column({ type: 'integer' })
  sent!: number;

  /** The limit the day's last reservation was decided under (DAILY_MESSAGE_LIMIT at send time). */
  @Column({ type: 'integer', name: 'day_limit' })
  dayLimit!: number;

  @Column({ type: 'varchar', length: 32, name: 'first_reserved_at' })
  firstReservedAt!: string;

  @Column({ type: 'varchar', length: 32, name: 'last_reserved_at' })
  lastReservedAt!: string;

  /** Log position of the last reservation counted: the idempotency guard (an event at or below it is never counted again). */
  @Column({ type: 'bigint', name: 'last_position' })
  lastPosition!: string;
}

/** Which bureau a registration belongs to (R-ORG-2), from `registration.RegistrationApproved.v1`. */
@Entity({ name: 'quota_registrations' })
export class QuotaRegistration {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  /** Two-digit prefecture code of the main office: the labour bureau that decides. */
  @Column({ type: 'varchar', length: 2 })
  prefecture!: string;

  @Column({ type: 'varchar', length: 24, name: 'organisation_kind' })
  organisationKind!: string;
}

export const QUOTA_ENTITIES = [QuotaDay, QuotaRegistration];
