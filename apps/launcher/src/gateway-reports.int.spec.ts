import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId } from '@hw/platform/core';
import { PrincipalClaims } from '@hw/platform/nest';
import { eventually, httpCall } from '@hw/platform/testing';
import { ReportingService } from '@hw/reporting/application';
import { InProcessPlatform, startInProcess } from './in-process';

const SECRET = 'gateway-reports-secret-of-at-least-thirty-two-characters';
const OFFICER = { name: '報告 花子', department: '総務部', phone: '03-1234-5678', email: 'hokoku@example.jp' };

/**
 * Following up an overdue report through the gateway (R-REP-3, R-ORG-1): registration,
 * reporting and the gateway in one process on a ManualClock. The unfiled report flagged on the
 * 21st is in the bureau's reports queue; the bureau decides a suspension through the gateway,
 * reporting records it, registration carries it out, and the gateway's case and timeline show it.
 */
describe('overdue reports through the gateway (R-REP-3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-gateway-reports-'));
  const clock = new ManualClock('2026-02-02T01:00:00.000Z');
  let platform: InProcessPlatform;
  const sign = (c: PrincipalClaims) => `Bearer ${platform.infra.tokens.sign(c, clock.now(), 3600)}`;
  const bureau = (prefecture: string) => sign({ kind: 'staff', sub: `bureau-${prefecture}`, role: 'bureau-officer', prefecture });
  const gateway = (method: string, path: string, auth?: string, body?: unknown, headers?: Record<string, string>) =>
    httpCall(method, `${platform.base('gateway')}${path}`, auth, body, headers);

  beforeAll(async () => {
    process.env.REPORTING_CLOCK_INTERVAL_MS = '3600000';
    try {
      platform = await startInProcess(
        { DATA_DIR: dir, AUTH_SECRET: SECRET, POLL_INTERVAL_MS: '10', LOG_LEVEL: 'error' },
        { clock, services: ['registration', 'reporting', 'gateway'] },
      );
    } finally {
      delete process.env.REPORTING_CLOCK_INTERVAL_MS;
    }
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-REP-3: the overdue report is in the reports queue; the sanction decided through the gateway is carried out and in the timeline', async () => {
    const filed = await gateway('POST', '/api/registrations', bureau('13'), {
      organisationName: '株式会社報告遅延',
      kind: 'private-paid',
      category: 'own',
      permitNumber: `13-ユ-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
      contractors: [],
      contactOfficer: OFFICER,
      complaintOfficer: OFFICER,
      security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
    });
    const registrationId: string = filed.body.registrationId;
    expect(
      (await gateway('POST', `/api/registrations/${registrationId}/approve`, bureau('13'), { adminLogin: `gw-r-${newId().slice(-12)}` }))
        .status,
    ).toBe(200);
    const reportingBase = platform.base('reporting');
    await eventually(async () =>
      expect((await httpCall('GET', `${reportingBase}/bureau/reports/${registrationId}/2026Q1`, bureau('27'))).status).toBe(403),
    );
    const reporting = platform.apps.get('reporting')!.get(ReportingService);
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
