import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { PrincipalClaims } from '@hw/platform/nest';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { bearer, http, startProcess, Started, waitForHealth } from './support/processes';

const OFFICER = { name: '分散 太郎', department: '総務部', phone: '03-1234-5678', email: 'bunsan@example.jp' };
const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');

/**
 * The gateway across processes over Kafka (distributed mode, issue 13): registration and the
 * gateway as their own processes on one SQLite log. An application filed and approved through
 * the gateway — forwarded to registration, which decides — shows up in the gateway's queue and
 * timeline, projected from registration's integration events on Kafka, each answer stating its
 * freshness; the scoping matrix; staff sign in through identity's login, proxied. Ports 3640–3641.
 */
describeWith(['kafka'], 'the gateway across processes over Kafka (R-ORG-2, R-STF-1)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-gateway-e2e-'));
  const [REGISTRATION, GATEWAY] = [3640, 3641];
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
    // The gateway finds registration from HOST and REGISTRATION_PORT (no REGISTRATION_URL needed on one machine).
    started.push(
      startProcess('apps/gateway/src/main.ts', { ...env, GATEWAY_PORT: String(GATEWAY), REGISTRATION_PORT: String(REGISTRATION) }),
    );
    await waitForHealth(GATEWAY, started[1], 90_000);
  }, 200_000);

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-ORG-2: an application filed and approved through the gateway shows up in its queue and timeline over Kafka, with its freshness', async () => {
    const filed = await http('POST', `${gateway}/api/registrations`, tokyo, {
      organisationName: '株式会社分散試験',
      kind: 'private-paid',
      category: 'own',
      permitNumber: `13-ユ-${digits(6)}`,
      departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
      contractors: [],
      contactOfficer: OFFICER,
      complaintOfficer: OFFICER,
      security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
    });
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
});
