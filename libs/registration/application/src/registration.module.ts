import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';
import { SeekersController } from './seekers/seekers.controller';
import { DisclosuresController } from './disclosures/disclosures.controller';
import { SeekerScheduler } from './seekers/seeker-scheduler';
import { PersonalDataService } from './personal-data/personal-data.service';
import { registrationDefinition } from './registration.service-definition';
import { OrganisationRegistrationsModule } from './registrations/organisation-registrations.module';
import { loadRegistrationConfig } from './registrations/registration.config';

@Module({})
export class RegistrationServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    // Read now, when the launcher builds every module: a bad setting (STAFF_ACCOUNTS…) stops
    // start-up before any service listens, in one line (the module reads it again, unchanged).
    loadRegistrationConfig();
    return {
      module: RegistrationServiceModule,
      imports: [PlatformModule.forService(registrationDefinition(infra.log), infra), OrganisationRegistrationsModule],
      controllers: [SeekersController, DisclosuresController],
      providers: [PersonalDataService, SeekerScheduler],
    };
  }
}
