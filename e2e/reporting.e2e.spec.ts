import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, tokyoDay } from '@hw/platform/core';
import { PrincipalClaims, TokenService } from '@hw/platform/nest';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { periodAt } from '@hw/reporting/domain';
import { AUTH_SECRET, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

/**
 * Performance reports across processes over Kafka (issue 11): registration, messaging and
 * reporting as their own processes on one SQLite log. Messages are sent today; reporting's clock
 * is then moved to the next quarter's first 00:00 JST and to the 21st of its first month.
 * One registration files a zero report, the other files nothing, is flagged overdue, the bureau
 * suspends it, and messaging refuses its sends. Ports 3630–3632.
 */
describeWith(['kafka'], 'performance reports across processes (R-REP-1, R-REP-2, R-REP-3, R-ORG-1)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-reporting-e2e-'));
  const shiftFile = join(dataDir, 'reporting-clock-shift');
  const [REGISTRATION, MESSAGING, REPORTING] = [3630, 3631, 3632];
  const env = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const started: Started[] = [];
  let shift = 0;
  const tokens = new TokenService(AUTH_SECRET);
  /** Tokens for reporting are signed on reporting's (shifted) clock. */
  const atReporting = (claims: PrincipalClaims) => `Bearer ${tokens.sign(claims, new Date(Date.now() + shift))}`;
  const moveReportingClockTo = (at: Date) => {
    shift = at.getTime() - Date.now();
    writeFileSync(shiftFile, String(shift));
  };
  const BUREAU = { kind: 'staff', sub: 'officer-13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' } as const;
  const reporting = `http://127.0.0.1:${REPORTING}`;

  const approve = async () => {
    const contact = { name: '連絡 花子', department: '人事部', phone: '03-1234-5678', email: 'renraku@example.jp' };
    const submitted = await http('POST', `http://127.0.0.1:${REGISTRATION}/registrations`, bearer(BUREAU), {
      organisationName: '株式会社報告試験',
      kind: 'private-paid',
      category: 'own',
      permitNumber: `13-ユ-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
      contactOfficer: contact,
      complaintOfficer: contact,
      security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
    });
    expect(submitted.status).toBe(201);
    const approved = await http(
      'POST',
      `http://127.0.0.1:${REGISTRATION}/registrations/${submitted.body.registrationId}/approve`,
      bearer(BUREAU),
      { adminLogin: `admin-${newId()}` },
    );
    expect(approved.status).toBe(200);
    return { registrationId: approved.body.registrationId as string, departmentId: approved.body.departments[0].departmentId as string };
  };
  /** A seeker registered at the counter (R-SKR-2), as registration publishes it to messaging. */
  const registerSeeker = async (): Promise<string> => {
    const run = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
    const created = await http(
      'POST',
      `http://127.0.0.1:${REGISTRATION}/seekers`,
      bearer({ kind: 'staff', sub: 'counter-1', role: 'counter', officeCode: '13010' }),
      {
        scope: ['private-agencies', 'local-governments'],
        termsVersion: '2026-04',
        personalData: {
          jobSeekerNumber: `13010-6${run}`,
          name: `報告 花子${run}`,
          nameKana: 'ホウコク ハナコ',
          birthDate: '1990-05-05',
          address: '東京都新宿区西新宿1番地',
          phone: '03-1111-2222',
          email: `report-${run}@example.jp`,
        },
        appliedOn: tokyoDay(new Date()).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'),
        school: { status: 'none' },
        profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
      },
    );
    expect(created.status).toBe(201);
    return created.body.seekerId;
  };
  const orgClaims = (r: { registrationId: string; departmentId: string }): PrincipalClaims => ({
    kind: 'organisation-user',
    sub: `admin-${r.registrationId.slice(-8)}`,
    registrationId: r.registrationId,
    departmentId: r.departmentId,
    organisationKind: 'private-paid',
    // The registration's administrator (the claim registration sets at login): only it files (R-REP-1).
    admin: true,
  });

  beforeAll(async () => {
    writeFileSync(shiftFile, '0');
    started.push(startProcess('apps/registration/src/main.ts', { ...env, REGISTRATION_PORT: String(REGISTRATION) }));
    await waitForHealth(REGISTRATION, started[0], 90_000); // creates the log file first
    started.push(startProcess('apps/messaging/src/main.ts', { ...env, MESSAGING_PORT: String(MESSAGING) }));
    started.push(
      startProcess('e2e/support/reporting-shifted-clock.ts', {
        ...env,
        REPORTING_PORT: String(REPORTING),
        REPORTING_CLOCK_SHIFT_FILE: shiftFile,
        REPORTING_CLOCK_INTERVAL_MS: '200',
      }),
    );
    await waitForHealth(MESSAGING, started[1], 90_000);
    await waitForHealth(REPORTING, started[2], 90_000);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-REP-1, R-REP-2, R-REP-3: prefilled from the messages sent, one zero report, one overdue on the 21st, the bureau suspends, sends refused', async () => {
    const silent = await approve(); // files nothing
    const diligent = await approve(); // files a zero report
    const seekers = [await registerSeeker(), await registerSeeker()];
    const send = (r: { registrationId: string; departmentId: string }, seekerId: string) =>
      http('POST', `http://127.0.0.1:${MESSAGING}/messages`, bearer(orgClaims(r)), {
        seekerRef: seekerReference(AUTH_SECRET, r.registrationId, seekerId),
        kind: 'guidance',
        body: 'ご案内です',
      });
    let threadId = '';
    await eventually(async () => {
      const answer = await send(silent, seekers[0]);
      expect(answer.status).toBe(201);
      threadId = answer.body.threadId;
    }, 60_000);
    expect((await send(silent, seekers[1])).status).toBe(201);
    expect((await send(silent, seekers[0])).status).toBe(201);
    expect(
      (
        await http('POST', `http://127.0.0.1:${MESSAGING}/threads/${threadId}/replies`, bearer({ kind: 'seeker', sub: seekers[0] }), {
          kind: 'reply',
          body: 'ありがとうございます',
        })
      ).status,
    ).toBe(201);

    // reporting has consumed both approvals, the three messages and the reply (its own read database).
    const readDb = new Database(join(dataDir, 'reporting.read.sqlite'), { readonly: true, fileMustExist: true });
    try {
      await eventually(() => {
        const count = (sql: string, id: string) => (readDb.prepare(sql).get(id) as { n: number }).n;
        expect([
          count('SELECT COUNT(*) AS n FROM reporting_registrations WHERE registration_id = ?', silent.registrationId),
          count('SELECT COUNT(*) AS n FROM reporting_registrations WHERE registration_id = ?', diligent.registrationId),
          count('SELECT COUNT(*) AS n FROM reporting_messages WHERE registration_id = ?', silent.registrationId),
          count('SELECT COUNT(*) AS n FROM reporting_replies WHERE registration_id = ?', silent.registrationId),
        ]).toEqual([1, 1, 3, 1]);
      }, 240_000); // the consumer group starts at the beginning of a broker other e2e files have filled
    } finally {
      readDb.close();
    }

    const quarter = periodAt(new Date());
    expect(tokyoDay(new Date()) <= quarter.lastDay).toBe(true);
    moveReportingClockTo(new Date(quarter.endsAt)); // 00:00 JST, first day of the next quarter
    const own = (r: typeof silent) => http('GET', `${reporting}/reports/${quarter.id}`, atReporting(orgClaims(r)));
    await eventually(async () =>
      expect((await own(silent)).body).toMatchObject({
        status: 'owed',
        dueDay: quarter.dueDay,
        prefilled: {
          messagesSent: 3,
          seekersReplied: 1,
          departments: [{ departmentId: silent.departmentId, messagesSent: 3, seekersReplied: 1 }],
        },
      }),
    );
    expect((await own(diligent)).body).toMatchObject({ status: 'owed', prefilled: { messagesSent: 0, seekersReplied: 0 } });
    const zero = await http('POST', `${reporting}/reports/${quarter.id}/filing`, atReporting(orgClaims(diligent)), {
      applicationsAccepted: 0,
      placements: 0,
      paidServicesProvided: 0,
    });
    expect(zero).toMatchObject({ status: 201, body: { status: 'filed', versions: [{ version: 1, late: false }] } });

    moveReportingClockTo(new Date(quarter.overdueAt)); // 00:00 JST the day after the due day
    // The shared broker also carries other e2e files' registrations: look at this test's two.
    const ours = (reports: Array<{ registrationId: string }>) =>
      reports.filter((r) => [silent.registrationId, diligent.registrationId].includes(r.registrationId));
    await eventually(async () =>
      expect(ours((await http('GET', `${reporting}/bureau/overdue`, atReporting(BUREAU))).body.reports)).toEqual([
        expect.objectContaining({ registrationId: silent.registrationId, status: 'overdue' }),
      ]),
    );
    const decided = await http('POST', `${reporting}/bureau/reports/${silent.registrationId}/${quarter.id}/sanction`, atReporting(BUREAU), {
      decision: 'suspension',
      reason: 'no report',
    });
    expect(decided).toMatchObject({ status: 201, body: { sanction: 'suspension' } });

    // registration carries it out (R-ORG-1); messaging learns the suspension and refuses sends.
    await eventually(
      async () =>
        expect(
          (await http('GET', `http://127.0.0.1:${REGISTRATION}/registrations/${silent.registrationId}`, bearer(BUREAU))).body,
        ).toMatchObject({ status: 'suspended', suspension: { reason: 'sanction' } }),
      60_000,
    );
    await eventually(async () => expect((await send(silent, seekers[1])).status).toBe(403), 60_000);
    expect((await send(diligent, seekers[1])).status).toBe(201);
  }, 480_000);
});
