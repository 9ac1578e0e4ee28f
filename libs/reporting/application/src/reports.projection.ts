import { EntityManager } from 'typeorm';
import { assertNever, RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { Projection } from '@hw/platform/projections';
import { REPORT_STREAM_PREFIX, ReportEvent } from '@hw/reporting/domain';
import { ReportRow } from './entities';

/**
 * The views' table of reports (R-REP-1..3), one row per report stream. Each event sets the row
 * from its own data (no counters), so re-applying and rebuilding give the same rows (R-AUD-1).
 */
export const reportsProjection: Projection = {
  name: 'reporting-reports',
  streamPrefixes: [REPORT_STREAM_PREFIX],
  tables: ['reporting_reports'],
  async apply(recorded: RecordedEvent, tx: EntityManager): Promise<void> {
    const repo = tx.getRepository(ReportRow);
    const streamId = recorded.streamId;
    const event = toDomainEvent<ReportEvent>(recorded);
    switch (event.type) {
      case 'ReportObligationOpened': {
        const d = event.data;
        await repo.save({
          streamId,
          registrationId: d.registrationId,
          prefecture: d.prefecture,
          period: d.period,
          status: 'owed',
          dueDay: d.dueDay,
          overdueAt: d.overdueAt,
          wasOverdue: false,
          late: false,
          messagesSent: d.prefilled.messagesSent,
          seekersReplied: d.prefilled.seekersReplied,
          departments: d.prefilled.departments,
          version: 0,
          applicationsAccepted: null,
          placements: null,
          paidServicesProvided: null,
          filedAt: null,
          sanction: null,
        });
        return;
      }
      case 'ReportDraftSaved':
        // A draft is the organisation's own (R-REP-2): not in the views' table, which the bureau's and HQ's views read.
        return;
      case 'ReportFiled': {
        const d = event.data;
        await repo.update({ streamId }, { status: 'filed', version: d.version, late: d.late, ...d.entered, filedAt: d.filedAt });
        return;
      }
      case 'ReportAmended': {
        // R-REP-1: lateness is the first filing's; an amendment after the due day does not make an on-time report late.
        const d = event.data;
        await repo.update({ streamId }, { status: 'filed', version: d.version, ...d.entered, filedAt: d.amendedAt });
        return;
      }
      case 'ReportPrefillCorrected': {
        const { prefilled } = event.data;
        await repo.update(
          { streamId },
          { messagesSent: prefilled.messagesSent, seekersReplied: prefilled.seekersReplied, departments: prefilled.departments },
        );
        return;
      }
      case 'ReportFlaggedOverdue':
        await repo.update({ streamId }, { status: 'overdue', wasOverdue: true });
        return;
      case 'ReportMarkedFalse':
        await repo.update({ streamId }, { status: 'false' });
        return;
      case 'ReportSanctionDecided':
        await repo.update({ streamId }, { sanction: event.data.decision });
        return;
      default:
        assertNever(event);
    }
  },
};
