import { ComplaintsServiceModule } from '@hw/complaints/application';
import { GatewayServiceModule } from '@hw/gateway/application';
import { identityMount } from '@hw/identity/application';
import { MatchingServiceModule } from '@hw/matching/application';
import { MessagingServiceModule } from '@hw/messaging/application';
import { readDbConfigOf, Revealer } from '@hw/operations/application';
import { openReadDataSource, SeekerKeyRing, SeekerKeyRow } from '@hw/platform/projections';
import { DataSource } from 'typeorm';
import { Infrastructure, PlatformConfig, ServiceDefinition, serviceDefinitionOf } from '@hw/platform/nest';
import { QuotaServiceModule } from '@hw/quota/application';
import { PersonalDataService, RegistrationServiceModule } from '@hw/registration/application';
import { ReportingServiceModule } from '@hw/reporting/application';

/**
 * Every service's definition (read models, consumers, relay), taken from the same modules the
 * services run, so the tool knows exactly their projections; nothing is started.
 */
export const allDefinitions = (infra: Infrastructure): ServiceDefinition[] =>
  [
    RegistrationServiceModule.register(infra, [identityMount]),
    MatchingServiceModule.register(infra),
    MessagingServiceModule.register(infra),
    QuotaServiceModule.register(infra),
    ComplaintsServiceModule.register(infra),
    ReportingServiceModule.register(infra),
    GatewayServiceModule.register(infra),
  ].flatMap((module) => serviceDefinitionOf(module) ?? []);

/**
 * `--reveal` opens registration's sealed personal data with registration's own key store
 * (DATA_DIR/registration.keys.sqlite, PERSONAL_DATA_KEY), and messaging's sealed bodies with
 * messaging's key ring (its read database's `seeker_keys`, the same PERSONAL_DATA_KEY): run it
 * where those live. A destroyed key (an erased seeker, R-AUD-2) opens nothing.
 */
export const platformRevealer = (config: PlatformConfig): Revealer => {
  const personalData = new PersonalDataService(config);
  // undefined: the key is destroyed (erased); an Error: the text does not open under that seeker's key.
  const bodies = new Map<string, string | undefined | Error>();
  let messagingDb: DataSource | undefined;
  return {
    open: (seekerId, sealed) => personalData.open(seekerId, sealed),
    async prepareBodies(sealed) {
      if (sealed.length === 0) return;
      messagingDb = await openReadDataSource(readDbConfigOf(config, 'messaging'), [SeekerKeyRow], []);
      const ring = new SeekerKeyRing(messagingDb, config.PERSONAL_DATA_KEY, 'messaging');
      for (const body of sealed)
        bodies.set(
          `${body.seekerId} ${body.sealed}`,
          await ring
            .open(body.seekerId, body.sealed)
            .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        );
    },
    openBody: (seekerId, sealed) => {
      const opened = bodies.get(`${seekerId} ${sealed}`);
      if (opened instanceof Error) throw opened; // shown as [unreadable]
      return opened;
    },
    async close() {
      personalData.onApplicationShutdown();
      await messagingDb?.destroy();
    },
  };
};
