import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';

/** The messaging service: platform shell (health, auth, read database); its capabilities come with their issues. */
@Module({})
export class MessagingServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: MessagingServiceModule,
      imports: [PlatformModule.forService({ service: 'messaging' }, infra)],
    };
  }
}
