import { EntityManager } from 'typeorm';
import { IntegrationEvent } from '@hw/platform/bus';
import { IntegrationProjection } from '@hw/platform/projections';
import { REGISTRATION_TOPIC, RegistrationApprovedV1, RegistrationLifecycleEvents } from '@hw/registration/contracts';
import { QuotaRegistration } from './entities';

/**
 * Which prefecture's bureau a registration belongs to (R-ORG-2), so bureau officers see only
 * their own registrations' counts. From `registration.RegistrationApproved.v1` through the inbox
 * (effectively once); an approval is never moved to another prefecture by later events.
 */
export const quotaRegistrationsConsumer: IntegrationProjection = {
  name: 'quota-registrations',
  topics: [REGISTRATION_TOPIC],
  tables: ['quota_registrations'],
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    if (event.type !== RegistrationLifecycleEvents.RegistrationApproved) return;
    const d = event.data as RegistrationApprovedV1;
    await tx
      .getRepository(QuotaRegistration)
      .save({ registrationId: d.registrationId, prefecture: d.prefecture, organisationKind: d.organisationKind });
  },
};
