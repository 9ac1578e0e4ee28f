import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';

/** The complaints service: platform shell (health, auth, read database). */
@Module({})
export class ComplaintsServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: ComplaintsServiceModule,
      imports: [PlatformModule.forService({ service: 'complaints' }, infra)],
    };
  }
}
