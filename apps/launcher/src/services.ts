import { ComplaintsServiceModule } from '@hw/complaints/application';
import { GatewayServiceModule } from '@hw/gateway/application';
import { identityMount } from '@hw/identity/application';
import { MatchingServiceModule } from '@hw/matching/application';
import { MessagingServiceModule } from '@hw/messaging/application';
import { ServiceModule, ServiceName } from '@hw/platform/nest';
import { QuotaServiceModule } from '@hw/quota/application';
import { RegistrationServiceModule } from '@hw/registration/application';
import { ReportingServiceModule } from '@hw/reporting/application';

/** Every deployable, in start order (publishers before consumers). */
export const ALL_SERVICES: Array<[ServiceName, ServiceModule]> = [
  ['registration', (infra) => RegistrationServiceModule.register(infra, [identityMount])],
  ['matching', (infra) => MatchingServiceModule.register(infra)],
  ['messaging', (infra) => MessagingServiceModule.register(infra)],
  ['quota', (infra) => QuotaServiceModule.register(infra)],
  ['complaints', (infra) => ComplaintsServiceModule.register(infra)],
  ['reporting', (infra) => ReportingServiceModule.register(infra)],
  ['gateway', (infra) => GatewayServiceModule.register(infra)],
];
