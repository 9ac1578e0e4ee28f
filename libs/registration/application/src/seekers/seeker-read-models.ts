import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { toDomainEvent } from '@hw/platform/event-log';
import { RecordedEvent } from '@hw/platform/core';
import { Projection, tablesMigration } from '@hw/platform/projections';
import { applicationExpiresAt, jstDate, SeekerEvent } from '@hw/registration/domain';

/**
 * Due dates of the time-driven seeker changes (R-SKR-3 expiry at 00:00 JST after the last day,
 * R-SKR-1 the 30 June window closing): what the scheduler looks up on each tick. No personal data.
 */
@Entity({ name: 'registration_seeker_due' })
export class SeekerDue {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  /** UTC ISO instant the application expires; null once expired or placed. */
  @Column({ type: 'varchar', length: 32, name: 'expires_at', nullable: true })
  expiresAt!: string | null;

  /** UTC ISO instant a pending new graduate becomes eligible (1 July 00:00 JST); null otherwise. */
  @Column({ type: 'varchar', length: 32, name: 'eligible_from', nullable: true })
  eligibleFrom!: string | null;
}

/**
 * Anonymous statistics (R-AUD-2: they stay right after an erasure): seekers registered per office
 * and Japan-time month, and how many of them were erased since.
 */
@Entity({ name: 'registration_seeker_counts' })
export class SeekerCount {
  @PrimaryColumn({ type: 'varchar', length: 16, name: 'office_code' })
  officeCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'integer' })
  registered!: number;
}

export const SeekerReadModels1764300000000 = tablesMigration('SeekerReadModels1764300000000', [
  {
    name: 'registration_seeker_due',
    columns: [
      { name: 'seeker_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'expires_at', type: 'varchar', length: '32', isNullable: true },
      { name: 'eligible_from', type: 'varchar', length: '32', isNullable: true },
    ],
    indices: [
      { name: 'ix_seeker_due_expires', columnNames: ['expires_at'] },
      { name: 'ix_seeker_due_eligible', columnNames: ['eligible_from'] },
    ],
  },
  {
    name: 'registration_seeker_counts',
    columns: [
      { name: 'office_code', type: 'varchar', length: '16', isPrimary: true },
      { name: 'month', type: 'varchar', length: '7', isPrimary: true },
      { name: 'registered', type: 'integer' },
    ],
  },
]);

export const SEEKER_ENTITIES = [SeekerDue, SeekerCount];
export const SEEKER_MIGRATIONS = [SeekerReadModels1764300000000];

export const seekerDueProjection: Projection = {
  name: 'registration-seeker-due',
  streamPrefixes: ['seeker-'],
  tables: ['registration_seeker_due'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = toDomainEvent<SeekerEvent>(recorded);
    const due = tx.getRepository(SeekerDue);
    const seekerId = (event.data as { seekerId: string }).seekerId;
    switch (event.type) {
      case 'SeekerRegistered':
        await due.save({ seekerId, expiresAt: applicationExpiresAt(event.data.validUntil), eligibleFrom: event.data.eligibleFrom ?? null });
        return;
      case 'SeekerApplicationExtended':
        await due.update({ seekerId }, { expiresAt: applicationExpiresAt(event.data.validUntil) });
        return;
      case 'SeekerApplicationExpired':
      case 'SeekerPlaced':
        await due.update({ seekerId }, { expiresAt: null });
        return;
      case 'SeekerSchoolStatusChanged':
        await due.update({ seekerId }, { eligibleFrom: event.data.eligibleFrom ?? null });
        return;
      case 'SeekerNewGraduateWindowClosed':
        await due.update({ seekerId }, { eligibleFrom: null });
        return;
      case 'SeekerErased':
        await due.delete({ seekerId });
        return;
      default:
        return;
    }
  },
};

export const seekerCountsProjection: Projection = {
  name: 'registration-seeker-counts',
  streamPrefixes: ['seeker-'],
  tables: ['registration_seeker_counts'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    if (recorded.type !== 'SeekerRegistered') return;
    const data = recorded.data as Extract<SeekerEvent, { type: 'SeekerRegistered' }>['data'];
    const counts = tx.getRepository(SeekerCount);
    const key = { officeCode: data.officeCode, month: jstDate(data.registeredAt).slice(0, 7) };
    const row = await counts.findOneBy(key);
    await counts.save({ ...key, registered: (row?.registered ?? 0) + 1 });
  },
};
