import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';
import { SeekersController } from './seekers/seekers.controller';
import { DisclosuresController } from './disclosures/disclosures.controller';
import { SeekerScheduler } from './seekers/seeker-scheduler';
import { PersonalDataService } from './personal-data/personal-data.service';
import { registrationDefinition } from './registration.service-definition';
import { OrganisationRegistrationsModule } from './registrations/organisation-registrations.module';

@Module({})
export class RegistrationServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: RegistrationServiceModule,
      imports: [PlatformModule.forService(registrationDefinition(infra.log), infra), OrganisationRegistrationsModule],
      controllers: [SeekersController, DisclosuresController],
      providers: [PersonalDataService, SeekerScheduler],
    };
  }
}
