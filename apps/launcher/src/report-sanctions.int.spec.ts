import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityMount } from '@hw/identity/application';
import { ManualClock, newId } from '@hw/platform/core';
import { BackgroundWork, Infrastructure, loadConfig, PrincipalClaims, startService } from '@hw/platform/nest';
import { eventually, httpCall } from '@hw/platform/testing';
import { RegistrationServiceModule } from '@hw/registration/application';
import { ReportingService, ReportingServiceModule } from '@hw/reporting/application';

const SECRET = 'sanctions-secret-of-at-least-thirty-two-characters';
const OFFICER = { name: '報告 太郎', department: '総務部', phone: '03-1234-5678', email: 'report@example.jp' };

/**
 * Registration and reporting in one process (embedded default, ManualClock): an approved
 * registration owes its quarter's report, files nothing, is flagged overdue on the 21st, and the
 * bureau's sanction is carried out by registration's lifecycle with a reason naming the report.
 */
describe('report sanctions through the registration lifecycle (R-REP-3, R-ORG-1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-report-sanctions-'));
  const clock = new ManualClock('2026-02-02T01:00:00.000Z');
  let infra: Infrastructure;
  const apps: INestApplication[] = [];
  const base = (i: number) => `http://127.0.0.1:${(apps[i].getHttpServer().address() as AddressInfo).port}`;
  const sign = (c: PrincipalClaims) => `Bearer ${infra.tokens.sign(c, clock.now(), 3600)}`;
  const bureau = (prefecture: string) => sign({ kind: 'staff', sub: `bureau-${prefecture}`, role: 'bureau-officer', prefecture });

  beforeAll(async () => {
    infra = await Infrastructure.create(
      loadConfig({
        DATA_DIR: dir,
        AUTH_SECRET: SECRET,
        POLL_INTERVAL_MS: '10',
        LOG_LEVEL: 'error',
        REGISTRATION_PORT: '0',
        REPORTING_PORT: '0',
      }),
      clock,
    );
    apps.push(await startService('registration', RegistrationServiceModule.register(infra, [identityMount]), infra));
    apps.push(await startService('reporting', ReportingServiceModule.register(infra, { REPORTING_CLOCK_INTERVAL_MS: '3600000' }), infra));
    for (const app of apps) await app.get(BackgroundWork, { strict: false }).startRelay();
  });
  afterAll(async () => {
    for (const app of [...apps].reverse()) await app.close();
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-REP-3: an unfiled report is flagged on the 21st; the bureau suspends for 6 months, registration records it naming the report; a repeat after resumption is terminated', async () => {
    const submitted = await httpCall('POST', `${base(0)}/registrations`, bureau('13'), {
      organisationName: '報告テスト',
      kind: 'private-paid',
      category: 'own',
      permitNumber: `13-ユ-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
      contractors: [],
      contactOfficer: OFFICER,
      complaintOfficer: OFFICER,
      security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
    });
    expect(submitted.status).toBe(201);
    const registrationId: string = submitted.body.registrationId;
    expect(
      (
        await httpCall('POST', `${base(0)}/registrations/${registrationId}/approve`, bureau('13'), {
          adminLogin: `admin-${newId().slice(-12)}`,
        })
      ).status,
    ).toBe(200);
    const reporting = apps[1].get(ReportingService);
    const owed = `/bureau/reports/${registrationId}/2026Q1`;
    // reporting has learnt the approval (and its prefecture) from registration's events.
    await eventually(async () => expect((await httpCall('GET', `${base(1)}${owed}`, bureau('27'))).status).toBe(403));

    clock.set('2026-03-31T15:00:00.000Z'); // 1 April 00:00 JST
    expect(await reporting.tick()).toBe(1);
    clock.set('2026-04-20T15:00:00.000Z'); // 21 April 00:00 JST
    await eventually(async () =>
      expect((await httpCall('GET', `${base(1)}/bureau/reports?period=2026Q1`, bureau('13'))).body.reports).toHaveLength(1),
    );
    expect(await reporting.tick()).toBe(1);
    await eventually(async () =>
      expect((await httpCall('GET', `${base(1)}/bureau/overdue`, bureau('13'))).body.reports).toEqual([
        expect.objectContaining({ registrationId, status: 'overdue' }),
      ]),
    );
    expect((await httpCall('GET', `${base(1)}${owed}`, bureau('13'))).body).toMatchObject({
      status: 'overdue',
      proposedSanction: 'suspension',
    });

    clock.set('2026-04-22T01:00:00.000Z');
    const decided = await httpCall('POST', `${base(1)}${owed}/sanction`, bureau('13'), {
      decision: 'suspension',
      reason: 'no report for 2026Q1',
    });
    expect(decided).toMatchObject({ status: 201, body: { sanction: 'suspension' } });

    await eventually(async () =>
      expect((await httpCall('GET', `${base(0)}/registrations/${registrationId}`, bureau('13'))).body).toMatchObject({
        status: 'suspended',
        suspension: { reason: 'sanction', until: '2026-10-22T01:00:00.000Z' },
      }),
    );
    // Carried out once: the registration stream holds one sanction suspension.
    const suspensions = (await infra.log.readStream(`registration-${registrationId}`)).filter((e) => e.type === 'RegistrationSuspended');
    expect(suspensions).toHaveLength(1);
    // Linked both ways: the registration's event names the report stream, whose SanctionDecided names the registration.
    expect(suspensions[0].data).toMatchObject({
      note: `performance report report-${registrationId}-2026Q1: suspension decided by the bureau (R-REP-3)`,
    });
    // Deciding again is refused (one sanction per report).
    expect(await httpCall('POST', `${base(1)}${owed}/sanction`, bureau('13'), { decision: 'suspension', reason: 'again' })).toMatchObject({
      status: 409,
      body: { code: 'SANCTION_ALREADY_DECIDED' },
    });

    // A repeat after resumption: resumed in May, owes Q2, files nothing again → termination proposed and carried out.
    clock.set('2026-05-01T01:00:00.000Z');
    expect((await httpCall('POST', `${base(0)}/registrations/${registrationId}/resume`, bureau('13'))).status).toBe(200);
    clock.set('2026-06-30T15:00:00.000Z'); // 1 July 00:00 JST
    expect(await reporting.tick()).toBe(1); // Q2 is owed: active from 1 to 22 April, and again from May
    clock.set('2026-07-20T15:00:00.000Z'); // 21 July 00:00 JST
    const q2 = `/bureau/reports/${registrationId}/2026Q2`;
    await eventually(async () => {
      await reporting.tick();
      expect((await httpCall('GET', `${base(1)}${q2}`, bureau('13'))).body).toMatchObject({
        status: 'overdue',
        proposedSanction: 'termination',
      });
    });
    expect(
      await httpCall('POST', `${base(1)}${q2}/sanction`, bureau('13'), {
        decision: 'termination',
        reason: 'no report for 2026Q2 after a suspension',
      }),
    ).toMatchObject({
      status: 201,
      body: { sanction: 'termination' },
    });
    await eventually(async () =>
      expect((await httpCall('GET', `${base(0)}/registrations/${registrationId}`, bureau('13'))).body).toMatchObject({
        status: 'terminated',
      }),
    );
  });
});
