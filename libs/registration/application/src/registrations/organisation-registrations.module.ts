import { Module } from '@nestjs/common';
import { IdentityController } from '../identity/identity.controller';
import { IdentityService } from '../identity/identity.service';
import { loadRegistrationConfig, REGISTRATION_CONFIG } from './registration.config';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { ReportSanctionsExecutor } from './report-sanctions.consumer';

/**
 * Organisations' registrations and the one identity model, inside the registration service.
 * Its entities, migrations and projection are in registrationDefinition (one read database).
 */
@Module({
  controllers: [RegistrationsController, IdentityController],
  providers: [
    { provide: REGISTRATION_CONFIG, useFactory: () => loadRegistrationConfig() },
    RegistrationsService,
    IdentityService,
    ReportSanctionsExecutor,
  ],
  exports: [RegistrationsService, IdentityService],
})
export class OrganisationRegistrationsModule {}
