import { Infrastructure, ServiceDefinition, ServiceMount } from '@hw/platform/nest';
import { complaintSanctionsConsumer } from './registrations/complaint-sanctions.consumer';
import { translateRegistrationEvent } from './translate';
import {
  OrganisationRegistrations1764400000000,
  OrganisationRegistrationRow,
  organisationRegistrationsProjection,
} from './registrations/registration-read-model';
import {
  messagedThreadsConsumer,
  RegistrationMessagedThread,
  RegistrationMessagedThreads1764900000000,
} from './registrations/messaged-threads.consumer';
import { reportSanctionsConsumer } from './registrations/report-sanctions.consumer';
import { SEEKER_ENTITIES, SEEKER_MIGRATIONS, seekerCountsProjection, seekerDueProjection } from './seekers/seeker-read-models';

/** What the registration service runs besides its controllers; `mounts` bring their tables (identity's credentials). */
export const registrationDefinition = (infra: Infrastructure, mounts: ServiceMount[] = []): ServiceDefinition => ({
  service: 'registration',
  entities: [...SEEKER_ENTITIES, OrganisationRegistrationRow, RegistrationMessagedThread, ...mounts.flatMap((m) => m.entities ?? [])],
  migrations: [
    ...SEEKER_MIGRATIONS,
    OrganisationRegistrations1764400000000,
    RegistrationMessagedThreads1764900000000,
    ...mounts.flatMap((m) => m.migrations ?? []),
  ],
  projections: [
    seekerDueProjection,
    seekerCountsProjection,
    organisationRegistrationsProjection,
    ...mounts.flatMap((m) => m.projections?.(infra) ?? []),
  ],
  // R-MSG-4: which seekers each registration has messaged (its complaint officer's contact).
  // R-CMP-5 / R-REP-3: sanctions decided on complaints and reports, carried out through the registration's lifecycle.
  consumers: [messagedThreadsConsumer, complaintSanctionsConsumer(infra.log), reportSanctionsConsumer],
  relay: { streamPrefixes: ['seeker-', 'registration-'], translate: translateRegistrationEvent },
});
