import { ComplaintsServiceModule } from '@hw/complaints/application';
import { GatewayServiceModule } from '@hw/gateway/application';
import { identityMount } from '@hw/identity/application';
import { MatchingServiceModule } from '@hw/matching/application';
import { MessagingServiceModule } from '@hw/messaging/application';
import { Revealer } from '@hw/operations/application';
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
 * (DATA_DIR/registration.keys.sqlite, PERSONAL_DATA_KEY): run it where that file lives.
 */
export const registrationRevealer = (config: PlatformConfig): Revealer => {
  const personalData = new PersonalDataService(config);
  return { open: (seekerId, sealed) => personalData.open(seekerId, sealed), close: () => personalData.onApplicationShutdown() };
};
