import { ComplaintsServiceModule } from '@hw/complaints/application';
import { GatewayServiceModule } from '@hw/gateway/application';
import { MatchingServiceModule } from '@hw/matching/application';
import { MessagingServiceModule } from '@hw/messaging/application';
import { Infrastructure, ServiceDefinition, serviceDefinitionOf } from '@hw/platform/nest';
import { QuotaServiceModule } from '@hw/quota/application';
import { RegistrationServiceModule } from '@hw/registration/application';
import { ReportingServiceModule } from '@hw/reporting/application';

/**
 * Every service's definition (read models, consumers, relay), taken from the same modules the
 * services run, so the tool knows exactly their projections; nothing is started.
 */
export const allDefinitions = (infra: Infrastructure): ServiceDefinition[] =>
  [
    RegistrationServiceModule.register(infra),
    MatchingServiceModule.register(infra),
    MessagingServiceModule.register(infra),
    QuotaServiceModule.register(infra),
    ComplaintsServiceModule.register(infra),
    ReportingServiceModule.register(infra),
    GatewayServiceModule.register(infra),
  ].flatMap((module) => serviceDefinitionOf(module) ?? []);
