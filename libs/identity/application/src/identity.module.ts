import { Global, Module } from '@nestjs/common';
import { IDENTITY_ACCOUNTS } from '@hw/identity/contracts';
import { ServiceMount } from '@hw/platform/nest';
import { credentialsProjection } from './credential-index';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './credential.entity';
import { IdentityController } from './identity.controller';
import { identitySecretsProvider } from './identity-secrets';
import { IdentityService } from './identity.service';

/**
 * Identity as a Nest module, mounted in the registration service's process (its routes under
 * /identity, its tables in that service's read database). It offers IDENTITY_ACCOUNTS and needs
 * SEEKER_CREDENTIAL_RECORDS and STAFF_ACCOUNT_SEEDS — both ports of @hw/identity/contracts, so
 * neither context imports the other's application (global: the host's modules see the port).
 */
@Global()
@Module({
  controllers: [IdentityController],
  providers: [identitySecretsProvider, IdentityService, { provide: IDENTITY_ACCOUNTS, useExisting: IdentityService }],
  exports: [IDENTITY_ACCOUNTS],
})
export class IdentityModule {}

/** What a host service mounts: the module, and the tables it brings to the host's read database. */
export const identityMount: ServiceMount = {
  module: IdentityModule,
  entities: IDENTITY_ENTITIES,
  migrations: IDENTITY_MIGRATIONS,
  projections: (infra) => [credentialsProjection(infra.log, infra.config)],
};
