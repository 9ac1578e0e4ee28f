import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';
import { MATCHING_MIGRATIONS } from './migrations';
import { MATCHING_ENTITIES } from './search-profile.entity';
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
            entities: MATCHING_ENTITIES,
            migrations: MATCHING_MIGRATIONS,
            consumers: [searchProfilesProjection],
          },
          infra,
        ),
      ],
      controllers: [SearchController],
    };
  }
}
