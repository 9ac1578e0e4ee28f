import { EventLog } from '@hw/platform/event-log';
import { ServiceDefinition } from '@hw/platform/nest';
import { complaintSanctionsConsumer } from './registrations/complaint-sanctions.consumer';
import { translateRegistrationEvent } from './translate';
import {
  OrganisationRegistrations1764400000000,
  OrganisationRegistrationRow,
  organisationRegistrationsProjection,
} from './registrations/registration-read-model';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './identity/credential.entity';
import {
  messagedThreadsConsumer,
  RegistrationMessagedThread,
  RegistrationMessagedThreads1764900000000,
} from './registrations/messaged-threads.consumer';
import { reportSanctionsConsumer } from './registrations/report-sanctions.consumer';
import { SEEKER_ENTITIES, SEEKER_MIGRATIONS, seekerCountsProjection, seekerDueProjection } from './seekers/seeker-read-models';

/** What the registration service runs besides its controllers. */
export const registrationDefinition = (log: EventLog): ServiceDefinition => ({
  service: 'registration',
  entities: [...SEEKER_ENTITIES, OrganisationRegistrationRow, ...IDENTITY_ENTITIES, RegistrationMessagedThread],
  migrations: [
    ...SEEKER_MIGRATIONS,
    OrganisationRegistrations1764400000000,
    ...IDENTITY_MIGRATIONS,
    RegistrationMessagedThreads1764900000000,
  ],
  projections: [seekerDueProjection, seekerCountsProjection, organisationRegistrationsProjection],
  // R-MSG-4: which seekers each registration has messaged (its complaint officer's contact).
  // R-CMP-5 / R-REP-3: sanctions decided on complaints and reports, carried out through the registration's lifecycle.
  consumers: [messagedThreadsConsumer, complaintSanctionsConsumer(log), reportSanctionsConsumer],
  relay: { streamPrefixes: ['seeker-', 'registration-'], translate: translateRegistrationEvent },
});
