import { RecordedEvent } from '@hw/platform/core';
import { recordedEvent, schemaErrors } from '@hw/platform/testing';
import { ReportEvent } from '@hw/reporting/domain';
import { ReportingEvents, reportingSchemas } from '@hw/reporting/contracts';
import { translateReportingEvent } from './translate';

const STREAM = 'report-reg-1-2026Q1';
const recorded = (event: ReportEvent, revision = 0): RecordedEvent =>
  recordedEvent(event, { streamId: STREAM, revision, occurredAt: '2026-04-21T00:00:00.000Z', principal: { kind: 'system', id: 'test' } });
const REASON = 'free text the bureau typed: 山田さんに電話済み';

describe('reporting relay translation (R-REP-2, R-REP-3)', () => {
  const events: ReportEvent[] = [
    {
      type: 'ReportObligationOpened',
      data: {
        registrationId: 'reg-1',
        prefecture: '13',
        period: '2026Q1',
        dueDay: '20260420',
        overdueAt: '2026-04-20T15:00:00.000Z',
        prefilled: { messagesSent: 3, seekersReplied: 2, departments: [] },
        openedAt: '2026-03-31T15:00:00.000Z',
      },
    },
    {
      type: 'ReportFiled',
      data: {
        registrationId: 'reg-1',
        period: '2026Q1',
        version: 1,
        entered: { applicationsAccepted: 2, placements: 1, paidServicesProvided: 0 },
        late: false,
        filedBy: 'u1',
        filedAt: '2026-04-02T00:00:00.000Z',
      },
    },
    {
      type: 'ReportAmended',
      data: {
        registrationId: 'reg-1',
        period: '2026Q1',
        version: 2,
        entered: { applicationsAccepted: 3, placements: 1, paidServicesProvided: 0 },
        reason: REASON,
        late: true,
        amendedBy: 'u1',
        amendedAt: '2026-04-25T00:00:00.000Z',
      },
    },
    {
      type: 'ReportPrefillCorrected',
      data: {
        registrationId: 'reg-1',
        period: '2026Q1',
        prefilled: { messagesSent: 4, seekersReplied: 2, departments: [{ departmentId: 'd1', messagesSent: 4, seekersReplied: 2 }] },
        previous: { messagesSent: 3, seekersReplied: 2, departments: [] },
        afterFiling: true,
        correctedAt: '2026-04-26T00:00:00.000Z',
      },
    },
    {
      type: 'ReportFlaggedOverdue',
      data: { registrationId: 'reg-1', period: '2026Q1', prefecture: '13', dueDay: '20260420', flaggedAt: '2026-04-20T15:00:00.000Z' },
    },
    {
      type: 'ReportMarkedFalse',
      data: {
        registrationId: 'reg-1',
        period: '2026Q1',
        version: 2,
        reason: REASON,
        markedBy: 'officer',
        markedAt: '2026-05-01T00:00:00.000Z',
      },
    },
    {
      type: 'ReportSanctionDecided',
      data: {
        registrationId: 'reg-1',
        period: '2026Q1',
        prefecture: '13',
        proposed: 'suspension',
        decision: 'suspension',
        until: '2026-11-01T00:00:00.000Z',
        reason: REASON,
        decidedBy: 'officer',
        decidedAt: '2026-05-01T00:00:00.000Z',
      },
    },
  ];

  it('R-REP-3: every report event becomes its reporting.*.v1, valid against its schema, keyed by the report stream', () => {
    const out = events.map((e, i) => translateReportingEvent(recorded(e, i)));
    expect(out.map((e) => e?.type)).toEqual(Object.values(ReportingEvents));
    for (const e of out) {
      expect(e?.key).toBe(STREAM);
      expect(schemaErrors(reportingSchemas[e!.type], e!.data)).toEqual([]);
    }
    expect(out[3]?.data).toEqual({
      registrationId: 'reg-1',
      period: '2026Q1',
      messagesSent: 4,
      seekersReplied: 2,
      afterFiling: true,
      correctedAt: '2026-04-26T00:00:00.000Z',
    });
    expect(out[6]?.data).toMatchObject({ reportStreamId: STREAM, decision: 'suspension', until: '2026-11-01T00:00:00.000Z' });
  });

  it("R-REP-2: free-text reasons and the acting users' ids never leave reporting", () => {
    for (const [i, e] of events.entries()) {
      const text = JSON.stringify(translateReportingEvent(recorded(e, i)));
      expect(text).not.toContain('山田');
      expect(text).not.toContain('"reason"');
      expect(text).not.toContain('officer');
    }
  });

  it('R-REP-2: a draft is never published (the bureau and the other contexts never see it)', () => {
    const draft: ReportEvent = {
      type: 'ReportDraftSaved',
      data: {
        registrationId: 'reg-1',
        period: '2026Q1',
        entered: { applicationsAccepted: 2, placements: 1, paidServicesProvided: 0 },
        savedBy: 'u2',
        savedAt: '2026-04-02T00:00:00.000Z',
      },
    };
    expect(translateReportingEvent(recorded(draft))).toBeNull();
  });
});
