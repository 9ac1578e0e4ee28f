import { DynamicModule, Module } from '@nestjs/common';
import { Infrastructure, PlatformModule } from '@hw/platform/nest';
import { REPORT_STREAM_PREFIX } from '@hw/reporting/domain';
import { REPORTING_ENTITIES } from './entities';
import { reportingMessagesConsumer } from './messages.consumer';
import { REPORTING_MIGRATIONS } from './migrations';
import { reportingRegistrationsConsumer } from './registrations.consumer';
import { REPORTING_CONFIG, loadReportingConfig } from './reporting.config';
import { ReportingController } from './reporting.controller';
import { ReportingQueries } from './reporting.queries';
import { ReportingService } from './reporting.service';
import { reportsProjection } from './reports.projection';
import { translateReportingEvent } from './translate';

/**
 * The reporting service (R-REP-1..3): obligations opened by its clock from registration's
 * lifecycle events, prefilled from messaging's events, filed and amended by organisations,
 * flagged overdue, judged and sanctioned by the bureau; publishes `reporting.*.v1`.
 */
@Module({})
export class ReportingServiceModule {
  static register(infra: Infrastructure, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadReportingConfig(env);
    return {
      module: ReportingServiceModule,
      imports: [
        PlatformModule.forService(
          {
            service: 'reporting',
            entities: REPORTING_ENTITIES,
            migrations: REPORTING_MIGRATIONS,
            projections: [reportsProjection],
            consumers: [reportingRegistrationsConsumer, reportingMessagesConsumer],
            relay: { streamPrefixes: [REPORT_STREAM_PREFIX], translate: translateReportingEvent },
          },
          infra,
        ),
      ],
      controllers: [ReportingController],
      providers: [{ provide: REPORTING_CONFIG, useValue: config }, ReportingService, ReportingQueries],
      exports: [ReportingService, ReportingQueries],
    };
  }
}
