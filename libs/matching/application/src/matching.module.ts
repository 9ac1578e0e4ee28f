import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';
import { SearchProfiles1764100000000 } from './migrations';
import { SearchProfile } from './search-profile.entity';
import { searchProfilesProjection } from './search-profiles.projection';
import { SearchController } from './search.controller';

@Module({})
export class MatchingServiceModule {
  static register(infra: Infrastructure): DynamicModule {
    return {
      module: MatchingServiceModule,
      imports: [
        PlatformModule.forService(
          {
            service: 'matching',
            entities: [SearchProfile],
            migrations: [SearchProfiles1764100000000],
            consumers: [searchProfilesProjection],
          },
          infra,
        ),
      ],
      controllers: [SearchController],
    };
  }
}
