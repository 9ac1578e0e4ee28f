import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';

/** The gateway service: platform shell (health, auth, read database). */
@Module({})
export class GatewayServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: GatewayServiceModule,
      imports: [PlatformModule.forService({ service: 'gateway' }, infra)],
    };
  }
}
