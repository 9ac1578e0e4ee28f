import { assertNever, RecordedEvent } from '@hw/platform/core';
import { toDomainEvent } from '@hw/platform/event-log';
import { envelopeOf, IntegrationEvent } from '@hw/platform/bus';
import { ReportEvent } from '@hw/reporting/domain';
import { ReportingEvents, ReportingIntegrationEvent } from '@hw/reporting/contracts';

/** Domain → integration events (`reporting.<Event>.v1`): ids, periods, figures; never the free-text reasons, never a draft. */
export const translateReportingEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  const event = toDomainEvent<ReportEvent>(recorded);
  let out: ReportingIntegrationEvent;
  switch (event.type) {
    case 'ReportObligationOpened': {
      const d = event.data;
      out = {
        type: ReportingEvents.ReportObligationOpened,
        data: {
          registrationId: d.registrationId,
          prefecture: d.prefecture,
          period: d.period,
          dueDay: d.dueDay,
          messagesSent: d.prefilled.messagesSent,
          seekersReplied: d.prefilled.seekersReplied,
          openedAt: d.openedAt,
        },
      };
      break;
    }
    case 'ReportDraftSaved':
      // A draft is the organisation's own (R-REP-2): never published, so no other context (nor the bureau) sees it.
      return null;
    case 'ReportFiled':
    case 'ReportAmended': {
      const d = event.data;
      const filedAt = event.type === 'ReportFiled' ? event.data.filedAt : event.data.amendedAt;
      out = {
        type: event.type === 'ReportFiled' ? ReportingEvents.ReportFiled : ReportingEvents.ReportAmended,
        data: { registrationId: d.registrationId, period: d.period, version: d.version, late: d.late, ...d.entered, filedAt },
      };
      break;
    }
    case 'ReportPrefillCorrected': {
      const { registrationId, period, prefilled, afterFiling, correctedAt } = event.data;
      out = {
        type: ReportingEvents.ReportPrefillCorrected,
        data: {
          registrationId,
          period,
          messagesSent: prefilled.messagesSent,
          seekersReplied: prefilled.seekersReplied,
          afterFiling,
          correctedAt,
        },
      };
      break;
    }
    case 'ReportFlaggedOverdue': {
      const { registrationId, prefecture, period, dueDay, flaggedAt } = event.data;
      out = { type: ReportingEvents.ReportFlaggedOverdue, data: { registrationId, prefecture, period, dueDay, flaggedAt } };
      break;
    }
    case 'ReportMarkedFalse': {
      const { registrationId, period, version, markedAt } = event.data;
      out = { type: ReportingEvents.ReportMarkedFalse, data: { registrationId, period, version, markedAt } };
      break;
    }
    case 'ReportSanctionDecided': {
      const d = event.data;
      out = {
        type: ReportingEvents.SanctionDecided,
        data: {
          registrationId: d.registrationId,
          prefecture: d.prefecture,
          period: d.period,
          reportStreamId: recorded.streamId,
          proposed: d.proposed,
          decision: d.decision,
          ...(d.until ? { until: d.until } : {}),
          decidedAt: d.decidedAt,
        },
      };
      break;
    }
    default:
      return assertNever(event);
  }
  return { ...envelopeOf(recorded), ...out };
};
