import { EventMetadata, Principal } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';

/**
 * The metadata of a command issued because of an integration event: the event's correlation (or
 * the event itself), caused by it, at the time it happened, acting as `principal`.
 */
export const causedBy = (event: IntegrationEvent, principal: Principal): EventMetadata => ({
  correlationId: event.correlationId ?? event.id,
  causationId: event.id,
  principal,
  occurredAt: event.occurredAt,
});
