import { ServiceDefinition } from '@hw/platform/nest';
import { translateRegistrationEvent } from './translate';
import { SEEKER_ENTITIES, SEEKER_MIGRATIONS, seekerCountsProjection, seekerDueProjection } from './seekers/seeker-read-models';

/** What the registration service runs besides its controllers. */
export const registrationDefinition: ServiceDefinition = {
  service: 'registration',
  entities: [...SEEKER_ENTITIES],
  migrations: [...SEEKER_MIGRATIONS],
  projections: [seekerDueProjection, seekerCountsProjection],
  relay: { streamPrefixes: ['seeker-', 'registration-'], translate: translateRegistrationEvent },
};
