import { RecordedEvent } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import { translateSeekerEvent } from './seekers/seeker-translate';
import { translateOrganisationRegistrationEvent } from './registrations/registration-translate';

/**
 * Domain events stay in the log; this is the explicit mapping to the public, versioned
 * integration events (no personal data).
 */
export const translateRegistrationEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  if (recorded.streamId.startsWith('seeker-')) return translateSeekerEvent(recorded);
  if (recorded.streamId.startsWith('registration-')) return translateOrganisationRegistrationEvent(recorded);
  return null;
};
