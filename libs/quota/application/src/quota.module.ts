import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule, integerSetting } from '@hw/platform/nest';
import { DAILY_MESSAGE_LIMIT_SETTING } from '@hw/messaging/contracts';
import { dailyQuotaProjection } from './daily-quota.projection';
import { QUOTA_ENTITIES } from './entities';
import { QUOTA_MIGRATIONS } from './migrations';
import { QuotaController } from './quota.controller';
import { QUOTA_POLICY, QuotaQueries } from './quota.queries';
import { quotaRegistrationsConsumer } from './registrations.consumer';

/**
 * The quota service: the daily-count read model per registration (R-MSG-2), projected from
 * messaging's daily-quota streams in the log; registrations' prefectures from registration's
 * events (R-ORG-2). It publishes nothing. DAILY_MESSAGE_LIMIT is read as messaging reads it.
 */
@Module({})
export class QuotaServiceModule {
  static register(infra: Infrastructure, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const dailyMessageLimit = integerSetting(DAILY_MESSAGE_LIMIT_SETTING, env);
    return {
      module: QuotaServiceModule,
      imports: [
        PlatformModule.forService(
          {
            service: 'quota',
            entities: QUOTA_ENTITIES,
            migrations: QUOTA_MIGRATIONS,
            projections: [dailyQuotaProjection],
            consumers: [quotaRegistrationsConsumer],
          },
          infra,
        ),
      ],
      controllers: [QuotaController],
      providers: [{ provide: QUOTA_POLICY, useValue: { dailyMessageLimit } }, QuotaQueries],
      exports: [QuotaQueries],
    };
  }
}
