import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { toDomainEvent } from '@hw/platform/event-log';
import { RecordedEvent } from '@hw/platform/core';
import { Projection, tablesMigration } from '@hw/platform/projections';
import { RegistrationEvent } from '@hw/registration/domain';

/**
 * The bureau's case list (R-ORG-2: filtered by prefecture) and the due dates the registration
 * clock looks up (R-ORG-1: expiry, sanction end). Public facts only — officers' names and
 * contacts stay in the log, not here.
 */
@Entity({ name: 'registration_organisations' })
export class OrganisationRegistrationRow {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 2 })
  prefecture!: string;

  @Column({ type: 'varchar', length: 20, name: 'organisation_kind' })
  organisationKind!: string;

  @Column({ type: 'varchar', length: 10 })
  category!: string;

  @Column({ type: 'varchar', length: 200, name: 'organisation_name' })
  organisationName!: string;

  @Column({ type: 'varchar', length: 20, name: 'permit_number', nullable: true })
  permitNumber!: string | null;

  @Column({ type: 'varchar', length: 6, name: 'local_government_code', nullable: true })
  localGovernmentCode!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** What awaits the bureau: 'application' | 'change' | 'renewal' | 'suspension' | null. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  pending!: string | null;

  /** UTC ISO instant; the clock expires the registration at it (unless renewed). */
  @Column({ type: 'varchar', length: 32, name: 'usage_period_ends_at', nullable: true })
  usagePeriodEndsAt!: string | null;

  /** UTC ISO instant a sanction ends by itself; null otherwise. */
  @Column({ type: 'varchar', length: 32, name: 'sanction_until', nullable: true })
  sanctionUntil!: string | null;
}

export const OrganisationRegistrations1764400000000 = tablesMigration('OrganisationRegistrations1764400000000', [
  {
    name: 'registration_organisations',
    columns: [
      { name: 'registration_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'prefecture', type: 'varchar', length: '2' },
      { name: 'organisation_kind', type: 'varchar', length: '20' },
      { name: 'category', type: 'varchar', length: '10' },
      { name: 'organisation_name', type: 'varchar', length: '200' },
      { name: 'permit_number', type: 'varchar', length: '20', isNullable: true },
      { name: 'local_government_code', type: 'varchar', length: '6', isNullable: true },
      { name: 'status', type: 'varchar', length: '20' },
      { name: 'pending', type: 'varchar', length: '20', isNullable: true },
      { name: 'usage_period_ends_at', type: 'varchar', length: '32', isNullable: true },
      { name: 'sanction_until', type: 'varchar', length: '32', isNullable: true },
    ],
    indices: [
      { name: 'ix_org_reg_prefecture', columnNames: ['prefecture', 'status'] },
      { name: 'ix_org_reg_usage_end', columnNames: ['usage_period_ends_at'] },
      { name: 'ix_org_reg_sanction_until', columnNames: ['sanction_until'] },
    ],
  },
]);

const patch = async (tx: EntityManager, registrationId: string, change: Partial<OrganisationRegistrationRow>) =>
  tx.getRepository(OrganisationRegistrationRow).update({ registrationId }, change);

export const organisationRegistrationsProjection: Projection = {
  name: 'registration-organisations',
  streamPrefixes: ['registration-'],
  tables: ['registration_organisations'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const event = toDomainEvent<RegistrationEvent>(recorded);
    const id = (event.data as { registrationId: string }).registrationId;
    switch (event.type) {
      case 'ApplicationSubmitted': {
        const a = event.data.application;
        await tx.getRepository(OrganisationRegistrationRow).save({
          registrationId: id,
          prefecture: event.data.prefecture,
          organisationKind: a.kind,
          category: a.category,
          organisationName: a.organisationName,
          permitNumber: a.permitNumber ?? null,
          localGovernmentCode: a.localGovernmentCode ?? null,
          status: 'submitted',
          pending: 'application',
          usagePeriodEndsAt: null,
          sanctionUntil: null,
        });
        return;
      }
      case 'ApplicationApproved':
        return void (await patch(tx, id, { status: 'active', pending: null, usagePeriodEndsAt: event.data.usagePeriodEndsAt }));
      case 'ApplicationRejected':
        return void (await patch(tx, id, { status: 'rejected', pending: null }));
      case 'ChangeRequested':
        return void (await patch(tx, id, { pending: 'change' }));
      case 'ChangeApproved':
        // R-ORG-5: naming contractors makes a local government's registration joint (removing them all, own again).
        return void (await patch(tx, id, { pending: null, category: event.data.summary.category }));
      case 'ChangeRejected':
      case 'RenewalRejected':
        return void (await patch(tx, id, { pending: null }));
      case 'RenewalRequested':
        return void (await patch(tx, id, { pending: 'renewal' }));
      case 'RegistrationRenewed':
        return void (await patch(tx, id, { pending: null, usagePeriodEndsAt: event.data.usagePeriodEndsAt }));
      case 'SuspensionRequested':
        return void (await patch(tx, id, { pending: 'suspension' }));
      case 'RegistrationSuspended':
        return void (await patch(tx, id, { status: 'suspended', pending: null, sanctionUntil: event.data.until ?? null }));
      case 'RegistrationResumed':
        return void (await patch(tx, id, { status: 'active', sanctionUntil: null }));
      case 'RegistrationTerminated':
        return void (await patch(tx, id, { status: 'terminated', pending: null, sanctionUntil: null }));
      case 'RegistrationExpired':
        return void (await patch(tx, id, { status: 'expired', pending: null, sanctionUntil: null }));
      case 'PaidServiceNotificationFiled':
        return;
    }
  },
};
