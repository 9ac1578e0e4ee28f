import { fieldCopier, translator } from '@hw/platform/bus';
import { ReportEvent } from '@hw/reporting/domain';
import { ReportingEvents, ReportingIntegrationEvent } from '@hw/reporting/contracts';

type Filed = Extract<ReportEvent, { type: 'ReportFiled' | 'ReportAmended' }>['data'];
const filed = (d: Filed, filedAt: string) => ({
  registrationId: d.registrationId,
  period: d.period,
  version: d.version,
  late: d.late,
  ...d.entered,
  filedAt,
});

const copy = fieldCopier<ReportingIntegrationEvent>();

/** Domain → integration events (`reporting.<Event>.v1`): ids, periods, figures; never the free-text reasons, never a draft. */
export const translateReportingEvent = translator<ReportEvent, ReportingIntegrationEvent>(
  {
    ReportObligationOpened: (d) => ({
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
    }),
    // A draft is the organisation's own (R-REP-2): never published, so no other context (nor the bureau) sees it.
    ReportDraftSaved: null,
    ReportFiled: (d) => ({ type: ReportingEvents.ReportFiled, data: filed(d, d.filedAt) }),
    ReportAmended: (d) => ({ type: ReportingEvents.ReportAmended, data: filed(d, d.amendedAt) }),
    ReportPrefillCorrected: ({ registrationId, period, prefilled, afterFiling, correctedAt }) => ({
      type: ReportingEvents.ReportPrefillCorrected,
      data: {
        registrationId,
        period,
        messagesSent: prefilled.messagesSent,
        seekersReplied: prefilled.seekersReplied,
        afterFiling,
        correctedAt,
      },
    }),
    ReportFlaggedOverdue: copy(ReportingEvents.ReportFlaggedOverdue, ['registrationId', 'prefecture', 'period', 'dueDay', 'flaggedAt']),
    ReportMarkedFalse: copy(ReportingEvents.ReportMarkedFalse, ['registrationId', 'period', 'version', 'markedAt']),
    ReportSanctionDecided: (d, recorded) => ({
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
    }),
  },
  // Every report event is decided above: one this version does not know is an error, not a silent skip.
  { unknown: 'throw' },
);
