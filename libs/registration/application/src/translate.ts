import { RecordedEvent } from '@hw/platform/core';
import { envelopeOf, IntegrationEvent } from '@hw/platform/bus';
import { translateSeekerEvent } from './seekers/seeker-translate';
import { translateOrganisationRegistrationEvent } from './registrations/registration-translate';

/**
 * Domain events stay in the log; this is the explicit mapping to the public, versioned
 * integration events (no personal data).
 */
export const translateRegistrationEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  const envelope = envelopeOf(recorded);
  if (recorded.streamId.startsWith('seeker-')) return translateSeekerEvent(recorded, envelope);
  if (recorded.streamId.startsWith('registration-')) return translateOrganisationRegistrationEvent(recorded, envelope);
  return null;
};
