import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';
import { COMPLAINTS_ENTITIES, COMPLAINTS_MIGRATIONS } from './entities';
import { complaintsProjection, consultationsProjection } from './complaints.projection';
import {
  complaintRegistrationsConsumer,
  complaintsErasureConsumer,
  complaintThreadsConsumer,
  sanctionCarriedOutConsumer,
} from './consumers';
import { translateComplaintEvent } from './translate';
import { COMPLAINTS_POLICY, complaintDueDaysFromEnv, complaintsClockIntervalFromEnv, complaintsKeysProvider } from './complaints-keys';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import { ConsultationsController } from './consultations.controller';
import { ConsultationsService } from './consultations.service';

/** The complaints service (R-CMP-1…5): the organisation's complaint officer first, then a Hello Work desk, then the bureau. */
@Module({})
export class ComplaintsServiceModule {
  static register(infra: Infrastructure, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const policy = { ...complaintDueDaysFromEnv(env), clockIntervalMs: complaintsClockIntervalFromEnv(env) };
    return {
      module: ComplaintsServiceModule,
      imports: [
        PlatformModule.forService(
          {
            service: 'complaints',
            entities: COMPLAINTS_ENTITIES,
            migrations: COMPLAINTS_MIGRATIONS,
            projections: [complaintsProjection, consultationsProjection],
            consumers: [
              complaintThreadsConsumer,
              complaintRegistrationsConsumer,
              sanctionCarriedOutConsumer(infra.log),
              complaintsErasureConsumer,
            ],
            relay: { streamPrefixes: ['complaint-', 'consultation-'], translate: translateComplaintEvent },
          },
          infra,
        ),
      ],
      controllers: [ComplaintsController, ConsultationsController],
      providers: [{ provide: COMPLAINTS_POLICY, useValue: policy }, complaintsKeysProvider, ComplaintsService, ConsultationsService],
      exports: [ComplaintsService, ConsultationsService],
    };
  }
}
