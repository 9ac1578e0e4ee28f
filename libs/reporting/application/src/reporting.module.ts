import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';

/** The reporting service: platform shell (health, auth, read database). */
@Module({})
export class ReportingServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: ReportingServiceModule,
      imports: [PlatformModule.forService({ service: 'reporting' }, infra)],
    };
  }
}
