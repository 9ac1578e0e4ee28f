import { RecordedEvent } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import { RegistrationEvents } from '@hw/registration/contracts';
import { SeekerEvent } from '@hw/registration/domain';

/**
 * Domain events stay in the log; this is the explicit mapping to the public, versioned
 * integration events (no personal data).
 */
export const translateRegistrationEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  const event = { type: recorded.type, data: recorded.data } as SeekerEvent;
  const envelope = {
    id: recorded.id,
    key: recorded.streamId,
    occurredAt: recorded.metadata.occurredAt,
    correlationId: recorded.metadata.correlationId,
    causationId: recorded.metadata.causationId,
  };
  switch (event.type) {
    case 'SeekerRegistered':
      return {
        ...envelope,
        type: RegistrationEvents.SeekerRegistered,
        data: {
          seekerId: event.data.seekerId,
          scope: event.data.scope,
          profile: {
            desiredOccupations: event.data.profile.desiredOccupations,
            desiredPrefectures: event.data.profile.desiredPrefectures,
            employmentType: event.data.profile.employmentType,
          },
          registeredAt: event.data.registeredAt,
        },
      };
    case 'SeekerStoppedUse':
      return { ...envelope, type: RegistrationEvents.SeekerStoppedUse, data: event.data };
    case 'SeekerResumedUse':
      return { ...envelope, type: RegistrationEvents.SeekerResumedUse, data: event.data };
    default:
      return null;
  }
};
