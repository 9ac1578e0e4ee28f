import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';

/** The quota service: platform shell (health, auth, read database); its capabilities come with their issues. */
@Module({})
export class QuotaServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: QuotaServiceModule,
      imports: [PlatformModule.forService({ service: 'quota' }, infra)],
    };
  }
}
