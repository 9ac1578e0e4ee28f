import { ManualClock } from '@hw/platform/core';
import { eventually } from '@hw/platform/testing';
import { ReportingService } from '@hw/reporting/application';
import { gatewayWorld } from './testing/gateway-world';

/**
 * Following up an overdue report through the gateway (R-REP-3, R-ORG-1): registration,
 * reporting and the gateway in one process on a ManualClock. The unfiled report flagged on the
 * 21st is in the bureau's reports queue; the bureau decides a suspension through the gateway,
 * reporting records it, registration carries it out, and the gateway's case and timeline show it.
 */
describe('overdue reports through the gateway (R-REP-3)', () => {
  const clock = new ManualClock('2026-02-02T01:00:00.000Z');
  const { platform, bureau, gateway, call, file, approve } = gatewayWorld({
    label: 'gateway-reports',
    clock,
    services: ['registration', 'reporting', 'gateway'],
    startEnv: { REPORTING_CLOCK_INTERVAL_MS: '3600000' },
  });

  it('R-REP-3: the overdue report is in the reports queue; the sanction decided through the gateway is carried out and in the timeline', async () => {
    const filed = await file('13', '株式会社報告遅延');
    const registrationId: string = filed.body.registrationId;
    expect((await approve(registrationId, bureau('13'))).status).toBe(200);
    await eventually(async () =>
      expect((await call('reporting', 'GET', `/bureau/reports/${registrationId}/2026Q1`, bureau('27'))).status).toBe(403),
    );
    const reporting = platform().apps.get('reporting')!.get(ReportingService);
    clock.set('2026-03-31T15:00:00.000Z'); // 1 April 00:00 JST
    expect(await reporting.tick()).toBe(1);
    await eventually(async () => {
      const reports = await gateway('GET', `/api/reports?period=2026Q1&registrationId=${registrationId}`, bureau('13'));
      expect(reports.body.items).toEqual([expect.objectContaining({ status: 'owed', dueDay: '20260420' })]);
    });
    clock.set('2026-04-20T15:00:00.000Z'); // 21 April 00:00 JST
    expect(await reporting.tick()).toBe(1);
    const queued = await eventually(async () => {
      const queue = await gateway('GET', '/api/queues/reports', bureau('13'));
      const item = queue.body.items.find((i: { registrationId: string }) => i.registrationId === registrationId);
      expect(item).toMatchObject({ status: 'overdue', period: '2026Q1', group: 'not-due', daysLeft: 14 });
      return queue;
    });
    expect(queued.body.freshness.sources.find((s: { source: string }) => s.source === 'reporting').position).not.toBe('0');
    expect(
      (await gateway('POST', `/api/reports/${registrationId}/2026Q1/sanction`, bureau('27'), { decision: 'suspension', reason: 'x' }))
        .status,
    ).toBe(403);

    clock.set('2026-04-22T01:00:00.000Z');
    const decided = await gateway('POST', `/api/reports/${registrationId}/2026Q1/sanction`, bureau('13'), {
      decision: 'suspension',
      reason: 'no report for 2026Q1',
    });
    expect(decided).toMatchObject({ status: 201, body: { sanction: 'suspension' } });
    expect(decided.headers.get('x-forwarded-to')).toBe('reporting');
    const after = await gateway('GET', '/api/queues/reports', bureau('13'), undefined, {
      'x-log-position': decided.headers.get('x-log-position') as string,
    });
    expect(after.body.items.map((i: { registrationId: string }) => i.registrationId)).not.toContain(registrationId);
    await eventually(async () => {
      const kase = await gateway('GET', `/api/registrations/${registrationId}`, bureau('13'));
      expect(kase.body.registration).toMatchObject({ status: 'suspended', sanctions: 1 });
    });
    const timeline = await gateway('GET', `/api/registrations/${registrationId}/timeline?source=reporting`, bureau('13'));
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual([
      'reporting.ReportObligationOpened.v1',
      'reporting.ReportFlaggedOverdue.v1',
      'reporting.SanctionDecided.v1',
    ]);
  });
});
