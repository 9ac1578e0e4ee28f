import { EntityManager } from 'typeorm';
import { IntegrationEvent } from '@hw/platform/bus';
import { IntegrationProjection } from '@hw/platform/projections';
import { MessagingRegistration } from './entities';

/**
 * registration's lifecycle events, consumed by their type strings (local shapes of
 * `registration.*.v1` in libs/registration/contracts/src/registration-events.ts; only the
 * fields messaging needs). Status (R-ORG-1), organisation kind (R-MSG-5 scope), complaint
 * officer version (R-MSG-4), paid-service notifications on file (R-ORG-9 → R-MSG-6c).
 */
const T = {
  approved: 'registration.RegistrationApproved.v1',
  status: 'registration.RegistrationStatusChanged.v1',
  changed: 'registration.RegistrationChanged.v1',
  paid: 'registration.PaidServiceNotificationFiled.v1',
} as const;

interface Approved {
  registrationId: string;
  organisationKind: MessagingRegistration['organisationKind'];
  complaintOfficerVersion?: number;
}

export const registrationsConsumer: IntegrationProjection = {
  name: 'messaging-registrations',
  topics: ['registration'],
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    const repo = tx.getRepository(MessagingRegistration);
    const data = event.data as Record<string, unknown> & { registrationId: string };
    switch (event.type) {
      case T.approved: {
        const d = data as unknown as Approved;
        const existing = await repo.findOneBy({ registrationId: d.registrationId });
        await repo.save({
          registrationId: d.registrationId,
          organisationKind: d.organisationKind,
          status: 'active',
          complaintOfficerVersion: d.complaintOfficerVersion ?? null,
          paidServiceNotifications: existing?.paidServiceNotifications ?? 0,
        });
        return;
      }
      case T.status:
        await repo.update({ registrationId: data.registrationId }, { status: data.status as MessagingRegistration['status'] });
        return;
      case T.changed:
        if (typeof data.complaintOfficerVersion === 'number')
          await repo.update({ registrationId: data.registrationId }, { complaintOfficerVersion: data.complaintOfficerVersion });
        return;
      case T.paid:
        await repo.increment({ registrationId: data.registrationId }, 'paidServiceNotifications', 1);
        return;
      default:
        return;
    }
  },
};
