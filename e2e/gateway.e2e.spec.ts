import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { PrincipalClaims, TokenService } from '@hw/platform/nest';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { periodAt } from '@hw/reporting/domain';
import { AUTH_SECRET, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

const OFFICER = { name: '分散 太郎', department: '総務部', phone: '03-1234-5678', email: 'bunsan@example.jp' };
const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');

/**
 * The gateway across processes over Kafka (distributed mode, issue 13): registration and the
 * gateway as their own processes on one SQLite log. An application filed and approved through
 * the gateway — forwarded to registration, which decides — shows up in the gateway's queue and
 * timeline, projected from registration's integration events on Kafka, each answer stating its
 * freshness; the scoping matrix; staff sign in through identity's login, proxied. The rest of
 * a bureau's day in distributed mode too, with complaints and reporting as processes (reporting on
 * a clock the test moves to the quarter's overdue day): a change request decided through the
 * gateway, an overdue report followed up and sanctioned through it. Ports 3640–3643.
 */
describeWith(['kafka'], 'the gateway across processes over Kafka (R-ORG-2, R-STF-1)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-gateway-e2e-'));
  const [REGISTRATION, GATEWAY, COMPLAINTS, REPORTING] = [3640, 3641, 3642, 3643];
  const shiftFile = join(dataDir, 'reporting-clock-shift');
  const env = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const started: Started[] = [];
  const gateway = `http://127.0.0.1:${GATEWAY}`;
  const tokyo = bearer({ kind: 'staff', sub: 'officer-13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' });
  const osaka = bearer({ kind: 'staff', sub: 'officer-27', role: 'bureau-officer', officeCode: '27000', prefecture: '27' });
  const hq = bearer({ kind: 'staff', sub: 'hq-1', role: 'hq-auditor' });

  beforeAll(async () => {
    started.push(
      startProcess('apps/registration/src/main.ts', {
        ...env,
        REGISTRATION_PORT: String(REGISTRATION),
        STAFF_ACCOUNTS: JSON.stringify([
          { login: 'e2e-bureau', password: 'e2e bureau password', role: 'bureau-officer', officeCode: '13000', prefecture: '13' },
        ]),
      }),
    );
    await waitForHealth(REGISTRATION, started[0], 90_000); // creates the log file first
    writeFileSync(shiftFile, '0');
    const complaints = startProcess('apps/complaints/src/main.ts', { ...env, COMPLAINTS_PORT: String(COMPLAINTS) });
    const reporting = startProcess('e2e/support/reporting-shifted-clock.ts', {
      ...env,
      REPORTING_PORT: String(REPORTING),
      REPORTING_CLOCK_SHIFT_FILE: shiftFile,
      REPORTING_CLOCK_INTERVAL_MS: '200',
    });
    // The gateway finds its owners from HOST and their ports (no *_URL needed on one machine).
    const gatewayProcess = startProcess('apps/gateway/src/main.ts', {
      ...env,
      GATEWAY_PORT: String(GATEWAY),
      REGISTRATION_PORT: String(REGISTRATION),
      COMPLAINTS_PORT: String(COMPLAINTS),
      REPORTING_PORT: String(REPORTING),
    });
    started.push(gatewayProcess, complaints, reporting);
    await waitForHealth(GATEWAY, gatewayProcess, 90_000);
    await waitForHealth(COMPLAINTS, complaints, 90_000);
    await waitForHealth(REPORTING, reporting, 90_000);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-ORG-2: an application filed and approved through the gateway shows up in its queue and timeline over Kafka, with its freshness', async () => {
    const filed = await http('POST', `${gateway}/api/registrations`, tokyo, application('株式会社分散試験'));
    expect(filed.status).toBe(201);
    const registrationId: string = filed.body.registrationId;
    const filedAt = filed.headers.get('x-log-position') as string;
    // Kafka's consumer group joins and the first fetch can take a while: the bound is generous here.
    const queued = await eventually(async () => {
      const answer = await http('GET', `${gateway}/api/queues/applications`, tokyo, undefined, { 'x-log-position': filedAt });
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((i: { registrationId: string }) => i.registrationId)).toContain(registrationId);
      return answer;
    }, 60_000);
    const source = queued.body.freshness.sources.find((s: { source: string }) => s.source === 'registration');
    expect(BigInt(source.position)).toBeGreaterThanOrEqual(BigInt(filedAt));
    expect(typeof source.behindEvents).toBe('number'); // the consumer group's lag, from Kafka

    const approved = await http('POST', `${gateway}/api/registrations/${registrationId}/approve`, tokyo, {
      adminLogin: `e2e-gw-${newId().slice(-12)}`,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ registrationId, status: 'active' });
    const approvedAt = approved.headers.get('x-log-position') as string;
    const timeline = await eventually(async () => {
      const answer = await http('GET', `${gateway}/api/registrations/${registrationId}/timeline`, tokyo, undefined, {
        'x-log-position': approvedAt,
      });
      expect(answer.status).toBe(200);
      return answer;
    }, 30_000);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual([
      'registration.ApplicationSubmitted.v1',
      'registration.RegistrationApproved.v1',
    ]);
    expect(timeline.body.items[1]).toMatchObject({ actor: { kind: 'staff', id: 'officer-13' }, position: approvedAt });
    expect(timeline.body.freshness.waitedFor).toBe(approvedAt);
    const after = await http('GET', `${gateway}/api/queues/applications`, tokyo, undefined, { 'x-log-position': approvedAt });
    expect(after.body.items.map((i: { registrationId: string }) => i.registrationId)).not.toContain(registrationId);

    // The scoping matrix across processes: deny by default.
    const cases: Array<[string, string, string | undefined, number]> = [
      ['GET', `/api/registrations/${registrationId}`, tokyo, 200],
      ['GET', `/api/registrations/${registrationId}`, osaka, 403],
      ['GET', `/api/registrations/${registrationId}`, hq, 200],
      ['POST', `/api/registrations/${registrationId}/terminate`, osaka, 403],
      ['POST', `/api/registrations/${registrationId}/terminate`, hq, 403],
      ['GET', '/api/queues', bearer({ kind: 'seeker', sub: newId() } as PrincipalClaims), 403],
      [
        'GET',
        '/api/queues',
        bearer({ kind: 'organisation-user', sub: 'u', registrationId, departmentId: 'd', organisationKind: 'private-paid' }),
        403,
      ],
      ['GET', '/api/queues', bearer({ kind: 'staff', sub: 'c', role: 'counter', officeCode: '13010' }), 403],
      ['GET', '/api/queues', undefined, 401],
    ];
    for (const [method, path, auth, status] of cases)
      expect([
        method,
        path,
        (await http(method, `${gateway}${path}`, auth, method === 'POST' ? { reason: 'e2e' } : undefined)).status,
      ]).toEqual([method, path, status]);
  });

  it("R-STF-1: staff sign in through identity's login, proxied by the gateway; the session opens the console", async () => {
    const login = await http('POST', `${gateway}/login`, undefined, { login: 'e2e-bureau', password: 'e2e bureau password' });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token: expect.any(String), claims: { kind: 'staff', role: 'bureau-officer', prefecture: '13' } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/^hw_staff=/);
    const home = await fetch(`${gateway}/`, { headers: { cookie, accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('利用申請');
    expect((await fetch(`${gateway}/`, { headers: { accept: 'text/html' } })).status).toBe(401);
    expect((await http('POST', `${gateway}/login`, undefined, { login: 'e2e-bureau', password: 'wrong password!' })).status).toBe(401);
  });

  const application = (name: string) => ({
    organisationName: name,
    kind: 'private-paid',
    category: 'own',
    permitNumber: `13-ユ-${digits(6)}`,
    departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
    contractors: [],
    contactOfficer: OFFICER,
    complaintOfficer: OFFICER,
    security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
  });
  /** Filed and approved through the gateway: the registration and its main department. */
  const activeRegistration = async (name: string) => {
    const filed = await http('POST', `${gateway}/api/registrations`, tokyo, application(name));
    expect(filed.status).toBe(201);
    const approved = await http('POST', `${gateway}/api/registrations/${filed.body.registrationId}/approve`, tokyo, {
      adminLogin: `e2e-gw-${newId().slice(-12)}`,
    });
    expect(approved.status).toBe(200);
    return { registrationId: filed.body.registrationId as string, departmentId: approved.body.departments[0].departmentId as string };
  };

  it('R-ORG-7: a change request is in the bureau’s changes queue over Kafka; approved through the gateway, registration decides it and the timeline shows it', async () => {
    const { registrationId, departmentId } = await activeRegistration('株式会社分散変更');
    const org = bearer({ kind: 'organisation-user', sub: 'org-admin', registrationId, departmentId, organisationKind: 'private-paid' });
    const change = await http('POST', `http://127.0.0.1:${REGISTRATION}/registrations/${registrationId}/changes`, org, {
      complaintOfficer: { ...OFFICER, name: '新任 花子' },
    });
    expect(change.status).toBe(201);
    const changeId: string = change.body.changeId;
    const queued = await eventually(async () => {
      const answer = await http('GET', `${gateway}/api/queues/changes?registrationId=${registrationId}`, tokyo);
      expect(answer.body.items.find((i: { requestId: string }) => i.requestId === changeId)).toMatchObject({
        kind: 'change',
        parts: ['complaint-officer'],
        group: 'not-due',
      });
      return answer;
    }, 60_000);
    expect(queued.body.freshness.sources.find((s: { source: string }) => s.source === 'registration').behindEvents).toEqual(
      expect.any(Number),
    );
    expect((await http('POST', `${gateway}/api/registrations/${registrationId}/changes/${changeId}/approve`, osaka)).status).toBe(403);
    const approved = await http('POST', `${gateway}/api/registrations/${registrationId}/changes/${changeId}/approve`, tokyo);
    expect(approved.status).toBe(200);
    expect(approved.headers.get('x-forwarded-to')).toBe('registration');
    const at = approved.headers.get('x-log-position') as string;
    const kase = await eventually(async () => {
      const answer = await http('GET', `${gateway}/api/registrations/${registrationId}`, tokyo, undefined, { 'x-log-position': at });
      expect(answer.status).toBe(200);
      return answer;
    }, 30_000);
    expect(kase.body.requests.find((r: { requestId: string }) => r.requestId === changeId)).toMatchObject({ status: 'approved' });
    expect(kase.body.officerVersions).toHaveLength(2);
    const after = await http('GET', `${gateway}/api/queues/changes?registrationId=${registrationId}`, tokyo);
    expect(after.body.items).toEqual([]);
    const timeline = await http('GET', `${gateway}/api/registrations/${registrationId}/timeline`, tokyo);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['registration.ChangeRequested.v1', 'registration.RegistrationChanged.v1']),
    );
  }, 120_000);

  it('R-REP-3: an overdue report is in the bureau’s reports queue over Kafka; the bureau sanctions it through the gateway, reporting decides and registration suspends', async () => {
    const { registrationId } = await activeRegistration('株式会社分散報告');
    const quarter = periodAt(new Date());
    // Tokens live long enough for reporting's clock, moved past the quarter's due day (at most ~4 months ahead).
    const tokens = new TokenService(AUTH_SECRET);
    const tokyoLong = `Bearer ${tokens.sign({ kind: 'staff', sub: 'officer-13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' }, new Date(), 150 * 86_400)}`;
    // reporting knows the registration first: its consumer group reads registration's topic from the start of a shared broker.
    const readDb = new Database(join(dataDir, 'reporting.read.sqlite'), { readonly: true, fileMustExist: true });
    try {
      await eventually(() => {
        const row = readDb.prepare('SELECT COUNT(*) AS n FROM reporting_registrations WHERE registration_id = ?').get(registrationId);
        expect((row as { n: number }).n).toBe(1);
      }, 240_000);
    } finally {
      readDb.close();
    }
    writeFileSync(shiftFile, String(new Date(quarter.endsAt).getTime() - Date.now())); // the quarter ends: the report is owed
    await eventually(async () => {
      const answer = await http('GET', `${gateway}/api/reports?registrationId=${registrationId}`, tokyo);
      expect(answer.body.items).toEqual([expect.objectContaining({ registrationId, period: quarter.id, status: 'owed' })]);
    }, 240_000);
    writeFileSync(shiftFile, String(new Date(quarter.overdueAt).getTime() - Date.now())); // the day after the due day
    const queued = await eventually(async () => {
      const answer = await http('GET', `${gateway}/api/queues/reports?registrationId=${registrationId}`, tokyo);
      expect(answer.body.items).toEqual([expect.objectContaining({ registrationId, period: quarter.id, status: 'overdue' })]);
      return answer;
    }, 120_000);
    expect(queued.body.freshness.sources.find((s: { source: string }) => s.source === 'reporting').position).not.toBe('0');
    const path = `/api/reports/${registrationId}/${quarter.id}/sanction`;
    expect((await http('POST', `${gateway}${path}`, osaka, { decision: 'suspension', reason: 'no report' })).status).toBe(403);
    const decided = await http('POST', `${gateway}${path}`, tokyoLong, { decision: 'suspension', reason: 'no report' });
    expect(decided).toMatchObject({ status: 201, body: { sanction: 'suspension' } });
    expect(decided.headers.get('x-forwarded-to')).toBe('reporting');
    // registration carries it out (R-ORG-1); the gateway sees the report decided and the registration suspended.
    const kase = await eventually(async () => {
      const answer = await http('GET', `${gateway}/api/registrations/${registrationId}`, tokyo);
      expect(answer.body.registration).toMatchObject({ status: 'suspended', sanctions: 1 });
      return answer;
    }, 60_000);
    expect(kase.body.reports.find((r: { period: string }) => r.period === quarter.id)).toMatchObject({ sanctionDecision: 'suspension' });
    const after = await http('GET', `${gateway}/api/queues/reports?registrationId=${registrationId}`, tokyo);
    expect(after.body.items).toEqual([]);
  }, 480_000);
});
