import { ServiceDefinition } from '@hw/platform/nest';
import { translateRegistrationEvent } from './translate';

/** What the registration service runs besides its controllers. */
export const registrationDefinition: ServiceDefinition = {
  service: 'registration',
  relay: { streamPrefixes: ['seeker-', 'registration-'], translate: translateRegistrationEvent },
};
