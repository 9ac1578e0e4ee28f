import { handlersByType } from '@hw/platform/bus';
import { insertOnce, IntegrationProjection } from '@hw/platform/projections';
import { REGISTRATION_TOPIC, RegistrationIntegrationEvent, RegistrationLifecycleEvents } from '@hw/registration/contracts';

/**
 * Which registrations were active when (R-REP-1): approvals (with the prefecture whose bureau
 * receives the report, R-ORG-2) and every status change, through the inbox (effectively once).
 * Rows are keyed by event id, so the timeline is the same in any replay (R-AUD-1).
 */
export const reportingRegistrationsConsumer: IntegrationProjection = {
  name: 'reporting-registrations',
  topics: [REGISTRATION_TOPIC],
  tables: ['reporting_registrations', 'reporting_status_changes'],
  handle: handlersByType<RegistrationIntegrationEvent>()(
    {
      [RegistrationLifecycleEvents.RegistrationApproved]: async (d, _event, tx) => {
        await insertOnce(tx, 'reporting_registrations', 'registration_id', {
          registration_id: d.registrationId,
          prefecture: d.prefecture,
          approved_at: d.approvedAt,
        });
      },
      [RegistrationLifecycleEvents.RegistrationStatusChanged]: async (d, event, tx) => {
        await insertOnce(tx, 'reporting_status_changes', 'event_id', {
          event_id: event.id,
          registration_id: d.registrationId,
          status: d.status,
          reason: d.reason.slice(0, 64),
          at: d.at,
        });
      },
    },
    // Seekers' events and the registration's other events: not part of the active timeline.
    async () => undefined,
  ),
};
