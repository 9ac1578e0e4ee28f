import { DynamicModule, Global, Module } from '@nestjs/common';
import { SEEKER_CREDENTIAL_RECORDS, STAFF_ACCOUNT_SEEDS } from '@hw/identity/contracts';
import { SeekerCredentialRecordsAdapter } from '../seekers/seeker-credential-records';
import { REGISTRATION_CONFIG, RegistrationConfig } from './registration.config';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { ReportSanctionsExecutor } from './report-sanctions.consumer';

/**
 * Organisations' registrations, inside the registration service. Identity is mounted beside it
 * (identityMount): this module offers identity's two ports — the seeker's stream records of
 * activation (R-STF-2) and the staff accounts of STAFF_ACCOUNTS — and asks identity's
 * IDENTITY_ACCOUNTS, all named in @hw/identity/contracts (global, so the mounted module sees them).
 */
@Global()
@Module({
  controllers: [RegistrationsController],
  providers: [
    { provide: SEEKER_CREDENTIAL_RECORDS, useClass: SeekerCredentialRecordsAdapter },
    { provide: STAFF_ACCOUNT_SEEDS, inject: [REGISTRATION_CONFIG], useFactory: (config: RegistrationConfig) => config.STAFF_ACCOUNTS },
    RegistrationsService,
    ReportSanctionsExecutor,
  ],
  exports: [RegistrationsService, SEEKER_CREDENTIAL_RECORDS, STAFF_ACCOUNT_SEEDS],
})
export class OrganisationRegistrationsModule {
  /** With the registration settings its service read once, at start-up (loadRegistrationConfig). */
  static withConfig(config: RegistrationConfig): DynamicModule {
    return { module: OrganisationRegistrationsModule, providers: [{ provide: REGISTRATION_CONFIG, useValue: config }] };
  }
}
