import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule, integerSetting } from '@hw/platform/nest';
import { DAILY_MESSAGE_LIMIT_SETTING } from '@hw/messaging/contracts';
import { MESSAGING_ENTITIES } from './entities';
import { MessagingController } from './messaging.controller';
import { MESSAGING_POLICY, MessagingService } from './messaging.service';
import { MESSAGING_MIGRATIONS } from './migrations';
import { erasureConsumer } from './erasure.consumer';
import { messagingKeysProvider } from './messaging-keys';
import { disclosuresConsumer } from './disclosures.consumer';
import { threadsProjection } from './threads.projection';
import { translateMessagingEvent } from './translate';

/** The messaging service: threads, guidance messages, seeker replies, and the daily limit at send time (R-MSG-*). */
@Module({})
export class MessagingServiceModule {
  static register(infra: Infrastructure, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const dailyMessageLimit = integerSetting(DAILY_MESSAGE_LIMIT_SETTING, env);
    return {
      module: MessagingServiceModule,
      imports: [
        PlatformModule.forService(
          {
            service: 'messaging',
            entities: MESSAGING_ENTITIES,
            migrations: MESSAGING_MIGRATIONS,
            projections: [threadsProjection],
            consumers: [disclosuresConsumer(infra.log), erasureConsumer],
            relay: { streamPrefixes: ['thread-'], translate: translateMessagingEvent },
          },
          infra,
        ),
      ],
      controllers: [MessagingController],
      providers: [{ provide: MESSAGING_POLICY, useValue: { dailyMessageLimit } }, messagingKeysProvider, MessagingService],
      exports: [MessagingService],
    };
  }
}
