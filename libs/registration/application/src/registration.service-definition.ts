import { ServiceDefinition } from '@hw/platform/nest';
import { translateRegistrationEvent } from './translate';
import { OrganisationRegistrations1764400000000, OrganisationRegistrationRow, organisationRegistrationsProjection } from './registrations/registration-read-model';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './identity/credential.entity';
import { SEEKER_ENTITIES, SEEKER_MIGRATIONS, seekerCountsProjection, seekerDueProjection } from './seekers/seeker-read-models';

/** What the registration service runs besides its controllers. */
export const registrationDefinition: ServiceDefinition = {
  service: 'registration',
  entities: [...SEEKER_ENTITIES, OrganisationRegistrationRow, ...IDENTITY_ENTITIES],
  migrations: [...SEEKER_MIGRATIONS, OrganisationRegistrations1764400000000, ...IDENTITY_MIGRATIONS],
  projections: [seekerDueProjection, seekerCountsProjection, organisationRegistrationsProjection],
  relay: { streamPrefixes: ['seeker-', 'registration-'], translate: translateRegistrationEvent },
};
