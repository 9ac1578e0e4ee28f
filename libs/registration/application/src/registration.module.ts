import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule, ServiceMount } from '@hw/platform/nest';
import { SeekersController } from './seekers/seekers.controller';
import { DisclosuresController } from './disclosures/disclosures.controller';
import { SeekerScheduler } from './seekers/seeker-scheduler';
import { PersonalDataService } from './personal-data/personal-data.service';
import { registrationDefinition } from './registration.service-definition';
import { OrganisationRegistrationsModule } from './registrations/organisation-registrations.module';
import { loadRegistrationConfig } from './registrations/registration.config';

@Module({})
export class RegistrationServiceModule {
  /**
   * The registration service; `mounts` are the contexts it hosts in its process — identity
   * (`identityMount` of @hw/identity/application), which its organisation users and erasure
   * need. The app composes the two, so neither context imports the other's application.
   */
  static register(infra: Infrastructure, mounts: ServiceMount[]): DynamicModule {
    // Read once, now, when the launcher builds every module: a bad setting (STAFF_ACCOUNTS…) stops
    // start-up before any service listens, in one line.
    const config = loadRegistrationConfig();
    return {
      module: RegistrationServiceModule,
      imports: [
        PlatformModule.forService(registrationDefinition(infra, mounts), infra),
        OrganisationRegistrationsModule.withConfig(config),
        ...mounts.map((m) => m.module),
      ],
      controllers: [SeekersController, DisclosuresController],
      providers: [PersonalDataService, SeekerScheduler],
    };
  }
}
