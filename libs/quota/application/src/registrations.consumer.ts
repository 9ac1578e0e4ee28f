import { handlersByType } from '@hw/platform/bus';
import { IntegrationProjection } from '@hw/platform/projections';
import { REGISTRATION_TOPIC, RegistrationIntegrationEvent, RegistrationLifecycleEvents } from '@hw/registration/contracts';
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
  handle: handlersByType<RegistrationIntegrationEvent>()(
    {
      [RegistrationLifecycleEvents.RegistrationApproved]: async (d, _event, tx) => {
        await tx
          .getRepository(QuotaRegistration)
          .save({ registrationId: d.registrationId, prefecture: d.prefecture, organisationKind: d.organisationKind });
      },
    },
    // Every other registration event: the approval alone places a registration.
    async () => undefined,
  ),
};
