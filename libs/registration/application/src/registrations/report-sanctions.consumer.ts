import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@hw/platform/core';
import { handlersByType } from '@hw/platform/bus';
import { EventLog } from '@hw/platform/event-log';
import { EVENT_LOG, READ_DB } from '@hw/platform/nest';
import { IntegrationProjection } from '@hw/platform/projections';
import { RegistrationCommand, registrationStreamId } from '@hw/registration/domain';
import { REPORTING_TOPIC, ReportingEvents, ReportingIntegrationEvent, SanctionDecidedV1 } from '@hw/reporting/contracts';
import { RegistrationsService } from './registrations.service';

/** Who carries out a decided sanction in this service (per read database: one per service instance in a process). */
const executors = new WeakMap<DataSource, ReportSanctionsExecutor>();

/**
 * R-REP-3, R-ORG-1: a bureau's sanction for a missing or false performance report
 * (`reporting.SanctionDecided.v1`) carried out through the registration's lifecycle —
 * suspension until the decided date, or termination — with a reason naming the report stream,
 * so each side links to the other. The bureau's authority is checked again by registration's
 * decider (R-ORG-2: the event's prefecture must be the registration's).
 */
@Injectable()
export class ReportSanctionsExecutor implements OnModuleDestroy {
  private readonly logger = new Logger('report-sanctions');

  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly registrations: RegistrationsService,
  ) {
    executors.set(db, this);
  }

  onModuleDestroy(): void {
    executors.delete(this.db);
  }

  async carryOut(d: SanctionDecidedV1): Promise<void> {
    if (d.decision === 'none') return;
    const reason = `performance report ${d.reportStreamId}: ${d.decision} decided by the bureau (R-REP-3)`;
    // Effectively once: a redelivery after the append finds the report named on the stream already.
    const recorded = await this.log.readStream(registrationStreamId(d.registrationId));
    if (recorded.some((e) => JSON.stringify(e.data).includes(d.reportStreamId))) return;
    const by = { kind: 'staff' as const, id: 'reporting-sanction', role: 'bureau-officer', prefecture: d.prefecture };
    const base = { registrationId: d.registrationId, at: d.decidedAt, by };
    const command: RegistrationCommand =
      d.decision === 'termination'
        ? { type: 'Terminate', data: { ...base, reason } }
        : { type: 'SuspendAsSanction', data: { ...base, reason, ...(d.until ? { until: d.until } : {}) } };
    try {
      await this.registrations.execute(command, null);
    } catch (error) {
      // A lifecycle that no longer allows it (already terminated, expired, suspended): nothing to carry out; never retried forever.
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`sanction of ${d.reportStreamId} not carried out: ${error.code}`);
    }
  }
}

export const reportSanctionsConsumer: IntegrationProjection = {
  name: 'registration-report-sanctions',
  topics: [REPORTING_TOPIC],
  handle: handlersByType<ReportingIntegrationEvent>()(
    {
      [ReportingEvents.SanctionDecided]: async (d, _event, tx) => {
        const executor = executors.get(tx.connection);
        if (!executor) throw new Error('report sanctions executor not started');
        await executor.carryOut(d);
      },
    },
    // A report's other events: no sanction to carry out.
    async () => undefined,
  ),
};
