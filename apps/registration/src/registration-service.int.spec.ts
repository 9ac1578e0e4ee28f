import { INestApplication, Module } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId } from '@hw/platform/core';
import { Infrastructure, loadConfig, PlatformModule, PrincipalClaims, createHttpApp, baseUrlOf, READ_DB } from '@hw/platform/nest';
import { eventually, httpClient } from '@hw/platform/testing';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS, IdentityModule } from '@hw/identity/application';
import { EntityManager } from 'typeorm';
import { MessagingEvents, threadIdOf } from '@hw/messaging/contracts';
import {
  complaintSanctionsConsumer,
  loadRegistrationConfig,
  messagedThreadsConsumer,
  OrganisationRegistrationRow,
  OrganisationRegistrations1764400000000,
  organisationRegistrationsProjection,
  OrganisationRegistrationsModule,
  RegistrationMessagedThread,
  RegistrationMessagedThreads1764900000000,
  RegistrationsService,
  translateRegistrationEvent,
} from '@hw/registration/application';

/**
 * Organisations' registrations and identity over HTTP, on a real SQLite log and read database,
 * with a ManualClock: R-ORG-2 authorisation, R-ORG-6 one registration per token, R-ORG-3
 * uniqueness, login throttling, token claims, the clock-driven lifecycle (R-ORG-1).
 */
describe('registration service: organisations and identity (SQLite, HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-org-reg-'));
  const clock = new ManualClock('2026-04-01T00:00:00.000Z');
  let infra: Infrastructure;
  let app: INestApplication;
  let base: string;

  const officer13 = { kind: 'staff', sub: 'bo-13', role: 'bureau-officer', prefecture: '13' } as const;
  const officer27 = { kind: 'staff', sub: 'bo-27', role: 'bureau-officer', prefecture: '27' } as const;
  const auditor = { kind: 'staff', sub: 'hq-1', role: 'hq-auditor' } as const;
  const counter = { kind: 'staff', sub: 'c-1', role: 'counter', officeCode: '13010' } as const;
  const bearer = (claims: PrincipalClaims) => `Bearer ${infra.tokens.sign(claims, clock.now(), 10 * 365 * 86400)}`;

  const request = httpClient(() => base);
  const call = (method: string, path: string, auth?: string | PrincipalClaims, body?: unknown) =>
    request(method, path, auth === undefined ? undefined : typeof auth === 'string' ? auth : bearer(auth), body);

  const officer = { name: '佐藤花子', department: '総務部', phone: '03-1234-5678', email: 'sato@example.jp' };
  const security = { antivirusDefinitionsCurrent: true, automaticScanEnabled: true };
  const agency = (permitNumber: string) => ({
    organisationName: '株式会社テスト人材',
    kind: 'private-paid',
    category: 'own',
    permitNumber,
    departments: [
      { name: '本社', branchNumber: '0', mainOffice: true },
      { name: '大阪支店', branchNumber: '1' },
    ],
    contractors: [],
    contactOfficer: officer,
    complaintOfficer: officer,
    security,
  });
  const permit = () => `13-ユ-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  /** A valid code per call: 6 digits with the JIS X 0402 check digit, prefecture 13. */
  const localGovernmentCode = (): string => {
    for (;;) {
      const five = `13${String(100 + Math.floor(Math.random() * 900))}`;
      const sum = [...five].reduce((acc, d, i) => acc + Number(d) * (6 - i), 0);
      const check = (11 - (sum % 11)) % 10;
      if (sum % 11 !== 1 && sum % 11 !== 0) return `${five}${check}`;
    }
  };

  /** Submits and approves an agency; returns its id and its admin user's token. */
  const approvedAgency = async (permitNumber = permit()) => {
    const submitted = await call('POST', '/registrations', officer13, agency(permitNumber));
    expect(submitted.status).toBe(201);
    const { registrationId } = submitted.body;
    const login = `admin-${registrationId.slice(-8)}`;
    const approved = await call('POST', `/registrations/${registrationId}/approve`, officer13, { adminLogin: login });
    expect(approved.status).toBe(200);
    const password = 'a long enough password';
    expect(
      (await call('POST', '/identity/activate', undefined, { login, activationCode: approved.body.admin.activationCode, password })).status,
    ).toBe(204);
    const loggedIn = await call('POST', '/identity/login', undefined, { login, password });
    expect(loggedIn.status).toBe(200);
    return { registrationId, token: `Bearer ${loggedIn.body.token}`, claims: loggedIn.body.claims, approved: approved.body };
  };

  beforeAll(async () => {
    process.env.STAFF_ACCOUNTS = JSON.stringify([
      { login: 'tokyo-officer', password: 'staff password 123', role: 'bureau-officer', officeCode: '13000', prefecture: '13' },
      { login: 'hq-auditor-1', password: 'auditor password 1', role: 'hq-auditor' },
    ]);
    process.env.REGISTRATION_CLOCK_INTERVAL_MS = '3600000';
    const config = loadConfig({ DATA_DIR: dir, AUTH_SECRET: 'test-secret-of-at-least-thirty-two-characters', POLL_INTERVAL_MS: '10' });
    infra = await Infrastructure.create(config, clock);
    @Module({
      imports: [
        PlatformModule.forService(
          {
            service: 'registration',
            entities: [OrganisationRegistrationRow, ...IDENTITY_ENTITIES, RegistrationMessagedThread],
            migrations: [OrganisationRegistrations1764400000000, ...IDENTITY_MIGRATIONS, RegistrationMessagedThreads1764900000000],
            projections: [organisationRegistrationsProjection],
          },
          infra,
        ),
        OrganisationRegistrationsModule.withConfig(loadRegistrationConfig()),
        IdentityModule,
      ],
    })
    class TestModule {}
    app = await createHttpApp(TestModule, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    base = baseUrlOf(app);
  });

  afterAll(async () => {
    await app?.close();
    await infra?.close();
    delete process.env.STAFF_ACCOUNTS;
    delete process.env.REGISTRATION_CLOCK_INTERVAL_MS;
    rmSync(dir, { recursive: true, force: true });
  });

  it("R-ORG-2: an officer of another prefecture gets 403 on deciding and on reading, and does not see the case in the bureau's list; the HQ auditor reads all and decides nothing", async () => {
    const submitted = await call('POST', '/registrations', officer13, agency(permit()));
    const id = submitted.body.registrationId;
    expect(await call('POST', '/registrations', officer27, agency(permit()))).toMatchObject({ status: 403, body: { rule: 'R-ORG-2' } });
    expect(await call('POST', `/registrations/${id}/approve`, officer27, { adminLogin: 'x-admin' })).toMatchObject({
      status: 403,
      body: { rule: 'R-ORG-2' },
    });
    expect(await call('POST', `/registrations/${id}/reject`, officer27, { reason: 'x' })).toMatchObject({
      status: 403,
      body: { rule: 'R-ORG-2' },
    });
    const read = await call('GET', `/registrations/${id}`, officer27);
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.body)).not.toContain('テスト人材');
    await eventually(async () =>
      expect(
        (await call('GET', '/registrations', officer13)).body.items.map((r: { registrationId: string }) => r.registrationId),
      ).toContain(id),
    );
    const osakaList = await call('GET', '/registrations', officer27);
    expect(osakaList.body.items.map((r: { registrationId: string }) => r.registrationId)).not.toContain(id);
    expect(osakaList.body.items.every((r: { prefecture: string }) => r.prefecture === '27')).toBe(true);

    expect((await call('GET', `/registrations/${id}`, auditor)).status).toBe(200);
    expect((await call('GET', '/registrations', auditor)).body.items.map((r: { registrationId: string }) => r.registrationId)).toContain(
      id,
    );
    expect((await call('POST', `/registrations/${id}/approve`, auditor, { adminLogin: 'x-admin' })).status).toBe(403);
    expect((await call('GET', `/registrations/${id}`, officer13)).body.status).toBe('submitted');
  });

  it("identity: the approved applicant's admin activates, logs in, and its token states kind, id, registration, department and organisation kind", async () => {
    const { registrationId, claims, approved, token } = await approvedAgency();
    const main = approved.departments.find((d: { mainOffice?: boolean }) => d.mainOffice);
    expect(claims).toEqual({
      kind: 'organisation-user',
      sub: approved.admin.userId,
      registrationId,
      departmentId: main.departmentId,
      organisationKind: 'private-paid',
      admin: true,
    });
    const verified = infra.tokens.verify(token.slice('Bearer '.length), clock.now());
    expect(verified).toMatchObject({ kind: 'organisation-user', registrationId, departmentId: main.departmentId });
    expect(JSON.stringify(approved)).not.toContain('a long enough password');
  });

  it('R-ORG-6: an organisation user cannot read, change or act on another registration', async () => {
    const a = await approvedAgency();
    const b = await approvedAgency();
    expect((await call('GET', `/registrations/${a.registrationId}`, a.token)).status).toBe(200);
    expect(await call('GET', `/registrations/${b.registrationId}`, a.token)).toMatchObject({ status: 403, body: { rule: 'R-ORG-6' } });
    expect((await call('POST', `/registrations/${b.registrationId}/changes`, a.token, { contactOfficer: officer })).status).toBe(403);
    expect(
      (await call('POST', `/registrations/${b.registrationId}/paid-service-notifications`, a.token, { kind: 'coaching', price: 100 }))
        .status,
    ).toBe(403);
    expect((await call('GET', `/registrations/${b.registrationId}/complaint-officer/1`, a.token)).status).toBe(403);
    expect(
      (await call('POST', `/registrations/${b.registrationId}/users`, a.token, { login: 'intruder', departmentId: newId() })).status,
    ).toBe(403);
  });

  it('R-ORG-3: a second live registration for the same permit number is refused with 409', async () => {
    const number = permit();
    await approvedAgency(number);
    expect(await call('POST', '/registrations', officer13, agency(number))).toMatchObject({
      status: 409,
      body: { code: 'PERMIT_NUMBER_TAKEN', rule: 'R-ORG-3', field: 'application.permitNumber' },
    });
  });

  it('R-ORG-3: of concurrent applications for one permit number exactly one is accepted', async () => {
    const number = permit();
    const results = await Promise.all([1, 2, 3, 4].map(() => call('POST', '/registrations', officer13, agency(number))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('refusals are 4xx naming the field and the rule (R-ORG-3 validation, R-ORG-8 declaration)', async () => {
    expect(await call('POST', '/registrations', officer13, agency('99-ユ-123456'))).toMatchObject({
      status: 400,
      body: { field: 'permitNumber', rule: 'R-ORG-3' },
    });
    expect(
      await call('POST', '/registrations', officer13, { ...agency(permit()), security: { ...security, automaticScanEnabled: false } }),
    ).toMatchObject({
      status: 422,
      body: { rule: 'R-ORG-8', field: 'application.security.automaticScanEnabled' },
    });
  });

  it('R-ORG-7 / R-MSG-4: the complaint officer approved at a version is served to the seekers the registration messaged, its own users, its bureau and the HQ auditor — nobody else', async () => {
    const { registrationId, approved, token } = await approvedAgency();
    const other = await approvedAgency();
    const version = approved.complaintOfficerVersion;
    const path = `/registrations/${registrationId}/complaint-officer/${version}`;
    const messaged = newId();
    const stranger = newId();
    // Not messaged yet: the seeker cannot look the officer up.
    expect(await call('GET', path, { kind: 'seeker', sub: messaged })).toMatchObject({
      status: 403,
      body: { code: 'NOT_MESSAGED_BY_REGISTRATION', rule: 'R-MSG-4' },
    });
    // messaging.MessageSent.v1 (the thread id is derived from registration + seeker; the event names no seeker).
    await app.get(READ_DB).transaction((tx: EntityManager) =>
      messagedThreadsConsumer.handle(
        {
          id: newId(),
          type: MessagingEvents.MessageSent,
          key: 'k',
          occurredAt: clock.now().toISOString(),
          correlationId: 'c',
          data: {
            messageId: newId(),
            threadId: threadIdOf(registrationId, messaged),
            registrationId,
            departmentId: 'd',
            kind: 'guidance',
            day: '20260401',
            firstInThread: true,
            sentAt: clock.now().toISOString(),
          },
        } as never,
        tx,
      ),
    );
    expect(await call('GET', path, { kind: 'seeker', sub: messaged })).toMatchObject({ status: 200, body: { version, ...officer } });
    expect(
      (
        await call('GET', `/registrations/${other.registrationId}/complaint-officer/${other.approved.complaintOfficerVersion}`, {
          kind: 'seeker',
          sub: messaged,
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', path, token)).status).toBe(200);
    expect((await call('GET', path, officer13)).status).toBe(200);
    expect((await call('GET', path, auditor)).status).toBe(200);
    for (const who of [
      { kind: 'seeker', sub: stranger },
      other.token,
      officer27,
      counter,
      { kind: 'staff', sub: 'desk-1', role: 'complaint-desk', officeCode: '13010' },
    ] as const) {
      const refused = await call('GET', path, who);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain(officer.email);
    }
    expect((await call('GET', `/registrations/${registrationId}/complaint-officer/${version + 5}`, officer13)).status).toBe(404);
  });

  it('login throttling: after 3 failures each further one locks the account for this address, doubling; the right password waits too', async () => {
    const login = 'tokyo-officer';
    for (let i = 0; i < 4; i++)
      expect((await call('POST', '/identity/login', undefined, { login, password: 'wrong password' })).status).toBe(401);
    const locked = await call('POST', '/identity/login', undefined, { login, password: 'staff password 123' });
    expect(locked).toMatchObject({ status: 429, body: { code: 'LOGIN_THROTTLED', retryAfterSeconds: 2 } });
    clock.advance(2000);
    expect((await call('POST', '/identity/login', undefined, { login, password: 'wrong password' })).status).toBe(401);
    expect((await call('POST', '/identity/login', undefined, { login, password: 'staff password 123' })).body.retryAfterSeconds).toBe(4);
    clock.advance(4000);
    const ok = await call('POST', '/identity/login', undefined, { login, password: 'staff password 123' });
    expect(ok.status).toBe(200);
    // Token claims of staff: role, office, prefecture (R-STF-1).
    expect(ok.body.claims).toMatchObject({ kind: 'staff', role: 'bureau-officer', officeCode: '13000', prefecture: '13' });
    // A success clears the count.
    expect((await call('POST', '/identity/login', undefined, { login, password: 'wrong password' })).status).toBe(401);
    expect((await call('POST', '/identity/login', undefined, { login, password: 'staff password 123' })).status).toBe(200);
  });

  it('login throttling holds under concurrency: 40 wrong passwords at once lock the account (≥ 35 answers 429, none 500), and the right password is refused while locked', async () => {
    const { approved } = await approvedAgency();
    const login = approved.admin.login as string;
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => call('POST', '/identity/login', undefined, { login, password: 'wrong password' })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    expect(await call('POST', '/identity/login', undefined, { login, password: 'a long enough password' })).toMatchObject({
      status: 429,
      body: { code: 'LOGIN_THROTTLED' },
    });
    clock.advance(2000);
    expect((await call('POST', '/identity/login', undefined, { login, password: 'a long enough password' })).status).toBe(200);
  });

  it('identity: counter staff issue a seeker activation; the seeker sets a password and logs in as that seeker', async () => {
    const seekerId = newId();
    await infra.log.append(
      `seeker-${seekerId}`,
      [
        {
          id: newId(),
          type: 'SeekerRegistered',
          schemaVersion: 1,
          data: { seekerId, officeCode: '13010', scope: ['private-agencies'] },
          metadata: { correlationId: 'c', principal: { kind: 'staff', id: 'c-1' }, occurredAt: clock.now().toISOString() },
        },
      ],
      'no_stream',
    );
    expect((await call('POST', `/identity/seekers/${seekerId}/activation`, officer13, { reason: 'forgotten password' })).status).toBe(403);
    const issued = await call('POST', `/identity/seekers/${seekerId}/activation`, counter, { reason: 'first login' });
    expect(issued.status).toBe(201);
    const password = 'seeker chosen password';
    expect(
      (
        await call('POST', '/identity/seekers/activate', undefined, {
          login: issued.body.login,
          activationCode: issued.body.activationCode,
          password,
        })
      ).status,
    ).toBe(204);
    // The code is spent.
    expect(
      (
        await call('POST', '/identity/seekers/activate', undefined, {
          login: issued.body.login,
          activationCode: issued.body.activationCode,
          password,
        })
      ).status,
    ).toBe(401);
    const loggedIn = await call('POST', '/identity/login', undefined, { login: issued.body.login, password });
    expect(loggedIn.body.claims).toEqual({ kind: 'seeker', sub: seekerId });
    expect((await call('POST', `/identity/seekers/${newId()}/activation`, counter, { reason: 'first login' })).status).toBe(404);
  });

  it("R-STF-1 / R-STF-2: another office's counter staff cannot reissue a seeker's activation; the own office's reissue is recorded with who and why, and the seeker's password works until the new code is used", async () => {
    const seekerId = newId();
    await infra.log.append(
      `seeker-${seekerId}`,
      [
        {
          id: newId(),
          type: 'SeekerRegistered',
          schemaVersion: 1,
          data: { seekerId, officeCode: '13010', scope: ['private-agencies'] },
          metadata: { correlationId: 'c', principal: { kind: 'staff', id: 'c-1' }, occurredAt: clock.now().toISOString() },
        },
      ],
      'no_stream',
    );
    const first = await call('POST', `/identity/seekers/${seekerId}/activation`, counter, { reason: 'registered today' });
    const login = first.body.login as string;
    await call('POST', '/identity/seekers/activate', undefined, {
      login,
      activationCode: first.body.activationCode,
      password: 'the seeker own password',
    });
    const otherOffice = { kind: 'staff', sub: 'c-27', role: 'counter', officeCode: '27010' } as const;
    const types = async () => (await infra.log.readStream(`seeker-${seekerId}`)).map((e) => e.type);
    const before = await types();

    expect(await call('POST', `/identity/seekers/${seekerId}/activation`, otherOffice, { reason: 'take over' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1' },
    });
    expect(await call('POST', `/identity/seekers/${seekerId}/activation`, counter, {})).toMatchObject({
      status: 400,
      body: { field: 'reason' },
    });
    expect(await types()).toEqual(before);

    const reissued = await call('POST', `/identity/seekers/${seekerId}/activation`, counter, {
      reason: 'forgot the password at the counter',
    });
    expect(reissued).toMatchObject({ status: 201, body: { login } });
    const issuedEvent = (await infra.log.readStream(`seeker-${seekerId}`)).at(-1);
    expect(issuedEvent).toMatchObject({
      type: 'SeekerActivationIssued',
      data: {
        seekerId,
        by: { kind: 'staff', id: 'c-1', role: 'counter', officeCode: '13010' },
        reason: 'forgot the password at the counter',
        reissue: true,
        issuedAt: clock.now().toISOString(),
      },
    });
    expect(JSON.stringify({ data: issuedEvent?.data, metadata: issuedEvent?.metadata })).not.toContain(reissued.body.activationCode);
    // Not silently killed: the seeker's own password still works until the new code is used.
    expect((await call('POST', '/identity/login', undefined, { login, password: 'the seeker own password' })).status).toBe(200);
    expect(
      (
        await call('POST', '/identity/seekers/activate', undefined, {
          login,
          activationCode: reissued.body.activationCode,
          password: 'a password set at the counter',
        })
      ).status,
    ).toBe(204);
    expect((await infra.log.readStream(`seeker-${seekerId}`)).at(-1)).toMatchObject({
      type: 'SeekerCredentialActivated',
      data: { seekerId, issuedBy: { id: 'c-1', officeCode: '13010' }, activatedAt: clock.now().toISOString() },
    });
    expect((await call('POST', '/identity/login', undefined, { login, password: 'the seeker own password' })).status).toBe(401);
    expect((await call('POST', '/identity/login', undefined, { login, password: 'a password set at the counter' })).status).toBe(200);

    // One code, used concurrently: exactly one use sets a password, and one activation is recorded.
    const third = await call('POST', `/identity/seekers/${seekerId}/activation`, counter, { reason: 'forgot the password again' });
    const uses = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        call('POST', '/identity/seekers/activate', undefined, {
          login,
          activationCode: third.body.activationCode,
          password: `concurrent password ${i}`,
        }),
      ),
    );
    expect(uses.map((u) => u.status).sort()).toEqual([204, 401, 401, 401]);
    const events = (await infra.log.readStream(`seeker-${seekerId}`)).map((e) => e.type);
    expect(events.slice(events.lastIndexOf('SeekerActivationIssued'))).toEqual(['SeekerActivationIssued', 'SeekerCredentialActivated']);
  });

  it('R-ORG-1: a sanction with an end date ends by itself, and the usage period expires by itself — as events in the log', async () => {
    const { registrationId } = await approvedAgency();
    const service = app.get(RegistrationsService);
    const until = new Date(clock.now().getTime() + 30 * 86400_000).toISOString();
    expect(
      (await call('POST', `/registrations/${registrationId}/sanctions`, officer13, { reason: 'false report', until })).body.status,
    ).toBe('suspended');
    await eventually(async () => expect((await call('GET', `/registrations/${registrationId}`, auditor)).body.status).toBe('suspended'));
    await eventually(async () => {
      const rows = await service.list({ kind: 'staff', sub: 'x', role: 'hq-auditor', iat: 0, exp: 0 }, 'suspended');
      expect(rows.map((r) => r.registrationId)).toContain(registrationId);
    });
    clock.set(until);
    await service.tick();
    expect((await call('GET', `/registrations/${registrationId}`, auditor)).body.status).toBe('active');
    const period = (await call('GET', `/registrations/${registrationId}`, auditor)).body.usagePeriodEndsAt;
    await eventually(async () => {
      const rows = await service.list({ kind: 'staff', sub: 'x', role: 'hq-auditor', iat: 0, exp: 0 }, 'active');
      expect(rows.find((r) => r.registrationId === registrationId)?.sanctionUntil).toBeNull();
    });
    clock.set(period);
    await service.tick();
    const events = await infra.log.readStream(`registration-${registrationId}`);
    expect(events.map((e) => e.type)).toEqual([
      'ApplicationSubmitted',
      'ApplicationApproved',
      'RegistrationSuspended',
      'RegistrationResumed',
      'RegistrationExpired',
    ]);
    expect((await call('GET', `/registrations/${registrationId}`, auditor)).body.status).toBe('expired');
    clock.set('2026-04-01T00:00:00.000Z');
  });
  it('R-ORG-1: logins are refused once the registration is terminated or expired (a suspended one still signs in to read), and no user is created under it', async () => {
    const terminated = await approvedAgency();
    const adminLogin = terminated.approved.admin.login as string;
    const password = 'a long enough password';
    expect(
      (await call('POST', `/registrations/${terminated.registrationId}/sanctions`, officer13, { reason: 'false report' })).body.status,
    ).toBe('suspended');
    expect((await call('POST', '/identity/login', undefined, { login: adminLogin, password })).status).toBe(200);
    expect(
      (
        await call('POST', `/registrations/${terminated.registrationId}/users`, terminated.token, {
          login: `s-${terminated.registrationId.slice(-8)}`,
          departmentId: terminated.claims.departmentId,
        })
      ).body,
    ).toMatchObject({
      code: 'REGISTRATION_NOT_ACTIVE',
      rule: 'R-ORG-1',
    });
    expect(
      (await call('POST', `/registrations/${terminated.registrationId}/terminate`, officer13, { reason: 'repeated false reports' })).body
        .status,
    ).toBe('terminated');
    expect(await call('POST', '/identity/login', undefined, { login: adminLogin, password })).toMatchObject({
      status: 422,
      body: { code: 'REGISTRATION_NOT_ACTIVE', rule: 'R-ORG-1', status: 'terminated' },
    });
    expect(
      (
        await call('POST', `/registrations/${terminated.registrationId}/users`, terminated.token, {
          login: `t-${terminated.registrationId.slice(-8)}`,
          departmentId: terminated.claims.departmentId,
        })
      ).status,
    ).toBe(422);

    const expired = await approvedAgency();
    const period = (await call('GET', `/registrations/${expired.registrationId}`, auditor)).body.usagePeriodEndsAt;
    const service = app.get(RegistrationsService);
    await eventually(async () => {
      const rows = await service.list({ kind: 'staff', sub: 'x', role: 'hq-auditor', iat: 0, exp: 0 }, 'active');
      expect(rows.map((r) => r.registrationId)).toContain(expired.registrationId);
    });
    try {
      clock.set(period);
      await service.tick();
      expect((await call('GET', `/registrations/${expired.registrationId}`, auditor)).body.status).toBe('expired');
      expect(await call('POST', '/identity/login', undefined, { login: expired.approved.admin.login, password })).toMatchObject({
        status: 422,
        body: { code: 'REGISTRATION_NOT_ACTIVE', rule: 'R-ORG-1', status: 'expired' },
      });
    } finally {
      clock.set('2026-04-01T00:00:00.000Z');
    }
  });

  it("R-ORG-5: an approved change naming contractors makes a local government's registration joint in the case list, and removing them all makes it its own again", async () => {
    const code = localGovernmentCode();
    const submitted = await call('POST', '/registrations', officer13, {
      organisationName: '試験市',
      kind: 'local-government',
      category: 'own',
      localGovernmentCode: code,
      departments: [{ name: '産業振興課' }],
      contactOfficer: officer,
      complaintOfficer: officer,
      security,
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.registrationId;
    const login = `lg-${id.slice(-8)}`;
    const approved = await call('POST', `/registrations/${id}/approve`, officer13, { adminLogin: login });
    expect(
      (
        await call('POST', '/identity/activate', undefined, {
          login,
          activationCode: approved.body.admin.activationCode,
          password: 'a long enough password',
        })
      ).status,
    ).toBe(204);
    const token = `Bearer ${(await call('POST', '/identity/login', undefined, { login, password: 'a long enough password' })).body.token}`;
    const row = async () =>
      (await call('GET', '/registrations', officer13)).body.items.find((r: { registrationId: string }) => r.registrationId === id);
    await eventually(async () => expect(await row()).toMatchObject({ category: 'own', status: 'active' }));

    const added = await call('POST', `/registrations/${id}/changes`, token, {
      addContractors: [{ name: '受託人材株式会社', permitNumber: permit() }],
    });
    expect(added.status).toBe(201);
    await eventually(async () => expect(await row()).toMatchObject({ category: 'own', pending: 'change' }));
    const joint = await call('POST', `/registrations/${id}/changes/${added.body.changeId}/approve`, officer13);
    expect(joint.body).toMatchObject({ category: 'joint' });
    await eventually(async () => expect(await row()).toMatchObject({ category: 'joint', pending: null }));

    const removed = await call('POST', `/registrations/${id}/changes`, token, {
      removeContractorIds: joint.body.contractors.map((c: { contractorId: string }) => c.contractorId),
    });
    await call('POST', `/registrations/${id}/changes/${removed.body.changeId}/approve`, officer13);
    await eventually(async () => expect(await row()).toMatchObject({ category: 'own', pending: null }));
  });

  it('R-ORG-4 over HTTP: a local government registers once with its departments under it; a department filing separately is refused (409), a code without its check digit is refused naming the field', async () => {
    const code = localGovernmentCode();
    const city = (departments: Array<{ name: string }>, localGovernmentCode = code) => ({
      organisationName: '試験区',
      kind: 'local-government',
      category: 'own',
      localGovernmentCode,
      departments,
      contactOfficer: officer,
      complaintOfficer: officer,
      security,
    });
    const submitted = await call('POST', '/registrations', officer13, city([{ name: '産業振興課' }, { name: '福祉課' }]));
    expect(submitted.status).toBe(201);
    const approved = await call('POST', `/registrations/${submitted.body.registrationId}/approve`, officer13, {
      adminLogin: `city-${submitted.body.registrationId.slice(-8)}`,
    });
    expect(approved.body.departments).toHaveLength(2);
    expect(await call('POST', '/registrations', officer13, city([{ name: '福祉課' }]))).toMatchObject({
      status: 409,
      body: { code: 'LOCAL_GOVERNMENT_REGISTERED', rule: 'R-ORG-4', field: 'application.localGovernmentCode' },
    });
    const wrongDigit = `${code.slice(0, 5)}${(Number(code[5]) + 1) % 10}`;
    const refused = await call('POST', '/registrations', officer13, city([{ name: '産業振興課' }], wrongDigit));
    expect(refused).toMatchObject({
      status: 422,
      body: { code: 'LOCAL_GOVERNMENT_CODE_INVALID', rule: 'R-ORG-4', field: 'application.localGovernmentCode' },
    });
  });

  it("R-ORG-9 over HTTP: the organisation files a paid-service notification (kind, price) in its registration's log; a price that is not whole yen is refused naming the field; another registration cannot file for it", async () => {
    const { registrationId, token } = await approvedAgency();
    const filed = await call('POST', `/registrations/${registrationId}/paid-service-notifications`, token, {
      kind: '履歴書添削サービス',
      price: 5000,
    });
    expect(filed).toMatchObject({ status: 201, body: { registrationId, notificationId: expect.any(String) } });
    const recorded = (await infra.log.readStream(`registration-${registrationId}`)).filter(
      (e) => e.type === 'PaidServiceNotificationFiled',
    );
    expect(recorded.map((e) => e.data)).toEqual([
      expect.objectContaining({ notificationId: filed.body.notificationId, kind: '履歴書添削サービス', price: 5000 }),
    ]);
    const badPrice = await call('POST', `/registrations/${registrationId}/paid-service-notifications`, token, {
      kind: '面接対策',
      price: 12.5,
    });
    expect(badPrice).toMatchObject({ status: 400 });
    expect(JSON.stringify(badPrice.body)).toContain('price');
    expect(JSON.stringify(badPrice.body)).toContain('R-ORG-9');
    const other = await approvedAgency();
    expect(
      (await call('POST', `/registrations/${registrationId}/paid-service-notifications`, other.token, { kind: '面接対策', price: 1000 }))
        .status,
    ).toBe(403);
  });

  it('identity: every principal — organisation user, staff, seeker — changes its own password with the old one; a wrong old password is refused and throttled', async () => {
    const { token, approved } = await approvedAgency();
    const login = approved.admin.login as string;
    const old = 'a long enough password';
    expect(await call('POST', '/identity/password', undefined, { oldPassword: old, newPassword: 'the next password' })).toMatchObject({
      status: 401,
    });
    expect(
      await call('POST', '/identity/password', token, { oldPassword: 'not the password', newPassword: 'the next password' }),
    ).toMatchObject({
      status: 401,
      body: { code: 'INVALID_CREDENTIALS', field: 'oldPassword' },
    });
    expect(await call('POST', '/identity/password', token, { oldPassword: old, newPassword: 'short' })).toMatchObject({
      status: 400,
      body: { field: 'newPassword' },
    });
    expect(await call('POST', '/identity/password', token, { oldPassword: old, newPassword: old })).toMatchObject({
      status: 422,
      body: { code: 'PASSWORD_UNCHANGED', field: 'newPassword' },
    });
    expect((await call('POST', '/identity/password', token, { oldPassword: old, newPassword: 'the next password' })).status).toBe(204);
    expect((await call('POST', '/identity/login', undefined, { login, password: old })).status).toBe(401);
    expect((await call('POST', '/identity/login', undefined, { login, password: 'the next password' })).status).toBe(200);

    // Staff: the read-only auditor changes its own credential too (not case data).
    const auditorToken = `Bearer ${(await call('POST', '/identity/login', undefined, { login: 'hq-auditor-1', password: 'auditor password 1' })).body.token}`;
    expect(
      (await call('POST', '/identity/password', auditorToken, { oldPassword: 'auditor password 1', newPassword: 'auditor password 2' }))
        .status,
    ).toBe(204);
    expect(
      (await call('POST', '/identity/login', undefined, { login: 'hq-auditor-1', password: 'auditor password 2' })).body.claims,
    ).toMatchObject({ kind: 'staff', role: 'hq-auditor' });

    // A seeker.
    const seekerId = newId();
    await infra.log.append(
      `seeker-${seekerId}`,
      [
        {
          id: newId(),
          type: 'SeekerRegistered',
          schemaVersion: 1,
          data: { seekerId, officeCode: '13010', scope: ['private-agencies'] },
          metadata: { correlationId: 'c', principal: { kind: 'staff', id: 'c-1' }, occurredAt: clock.now().toISOString() },
        },
      ],
      'no_stream',
    );
    const issued = await call('POST', `/identity/seekers/${seekerId}/activation`, counter, { reason: 'first login' });
    await call('POST', '/identity/seekers/activate', undefined, {
      login: issued.body.login,
      activationCode: issued.body.activationCode,
      password: 'seeker first password',
    });
    const seekerToken = `Bearer ${(await call('POST', '/identity/login', undefined, { login: issued.body.login, password: 'seeker first password' })).body.token}`;
    expect(
      (
        await call('POST', '/identity/password', seekerToken, {
          oldPassword: 'seeker first password',
          newPassword: 'seeker second password',
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('POST', '/identity/login', undefined, { login: issued.body.login, password: 'seeker second password' })).body.claims,
    ).toEqual({ kind: 'seeker', sub: seekerId });

    // A principal without a credential (a token minted elsewhere) changes nothing.
    expect(
      (await call('POST', '/identity/password', { kind: 'seeker', sub: newId() }, { oldPassword: 'x', newPassword: 'whatever password' }))
        .status,
    ).toBe(401);
    // Wrong old passwords are throttled like failed logins.
    for (let i = 0; i < 4; i++)
      expect(
        (await call('POST', '/identity/password', seekerToken, { oldPassword: 'wrong', newPassword: 'seeker third password' })).status,
      ).toBe(401);
    expect(
      await call('POST', '/identity/password', seekerToken, {
        oldPassword: 'seeker second password',
        newPassword: 'seeker third password',
      }),
    ).toMatchObject({
      status: 429,
      body: { code: 'LOGIN_THROTTLED' },
    });
  });

  it('R-STF-1: the headquarters auditor is read-only — every decision and request on a registration is 403, reads are 200', async () => {
    const { registrationId, approved } = await approvedAgency();
    const change = newId();
    const refused = [
      ['POST', '/registrations', agency(permit())],
      ['POST', `/registrations/${registrationId}/approve`, { adminLogin: 'audit-admin' }],
      ['POST', `/registrations/${registrationId}/reject`, { reason: 'x' }],
      ['POST', `/registrations/${registrationId}/changes`, { contactOfficer: officer }],
      ['POST', `/registrations/${registrationId}/changes/${change}/approve`, undefined],
      ['POST', `/registrations/${registrationId}/changes/${change}/reject`, { reason: 'x' }],
      ['POST', `/registrations/${registrationId}/renewal`, { security }],
      ['POST', `/registrations/${registrationId}/renewal/approve`, undefined],
      ['POST', `/registrations/${registrationId}/renewal/reject`, { reason: 'x' }],
      ['POST', `/registrations/${registrationId}/suspension`, { reason: 'x' }],
      ['POST', `/registrations/${registrationId}/suspension/approve`, undefined],
      ['POST', `/registrations/${registrationId}/sanctions`, { reason: 'x' }],
      ['POST', `/registrations/${registrationId}/resume`, undefined],
      ['POST', `/registrations/${registrationId}/terminate`, { reason: 'x' }],
      ['POST', `/registrations/${registrationId}/paid-service-notifications`, { kind: 'coaching', price: 100 }],
      ['POST', `/registrations/${registrationId}/users`, { login: 'audit-user', departmentId: approved.departments[0].departmentId }],
      ['POST', `/identity/seekers/${newId()}/activation`, { reason: 'audit' }],
    ] as const;
    for (const [method, path, body] of refused) expect([path, (await call(method, path, auditor, body)).status]).toEqual([path, 403]);
    expect((await call('GET', `/registrations/${registrationId}`, auditor)).status).toBe(200);
    expect(
      (await call('GET', `/registrations/${registrationId}/complaint-officer/${approved.complaintOfficerVersion}`, auditor)).status,
    ).toBe(200);
    expect((await call('GET', '/registrations', auditor)).status).toBe(200);
    expect((await infra.log.readStream(`registration-${registrationId}`)).map((e) => e.type)).toEqual([
      'ApplicationSubmitted',
      'ApplicationApproved',
    ]);
  });
  it('R-CMP-1: a user created as the complaint officer gets the complaintOfficer claim; other users do not', async () => {
    const { registrationId, token, claims } = await approvedAgency();
    const password = 'a long enough password';
    const claimsOf = async (login: string, complaintOfficer?: boolean) => {
      const created = await call('POST', `/registrations/${registrationId}/users`, token, {
        login,
        departmentId: claims.departmentId,
        ...(complaintOfficer !== undefined ? { complaintOfficer } : {}),
      });
      expect(created.status).toBe(201);
      expect(
        (await call('POST', '/identity/activate', undefined, { login, activationCode: created.body.activationCode, password })).status,
      ).toBe(204);
      return (await call('POST', '/identity/login', undefined, { login, password })).body.claims;
    };
    expect(await claimsOf(`co-${registrationId.slice(-8)}`, true)).toMatchObject({
      kind: 'organisation-user',
      registrationId,
      complaintOfficer: true,
    });
    expect(await claimsOf(`st-${registrationId.slice(-8)}`)).not.toHaveProperty('complaintOfficer');
    expect(
      (
        await call('POST', `/registrations/${registrationId}/users`, token, {
          login: `bad-${registrationId.slice(-8)}`,
          departmentId: claims.departmentId,
          complaintOfficer: 'yes',
        })
      ).body,
    ).toMatchObject({ field: 'complaintOfficer' });
  });

  it('R-REP-1 / R-REP-2: the administrator created at approval gets the admin claim; a department user does not', async () => {
    const { registrationId, token, claims } = await approvedAgency();
    expect(claims).toMatchObject({ kind: 'organisation-user', registrationId, admin: true });
    const login = `dep-${registrationId.slice(-8)}`;
    const password = 'a long enough password';
    const created = await call('POST', `/registrations/${registrationId}/users`, token, { login, departmentId: claims.departmentId });
    expect(created.status).toBe(201);
    expect(
      (await call('POST', '/identity/activate', undefined, { login, activationCode: created.body.activationCode, password })).status,
    ).toBe(204);
    const user = (await call('POST', '/identity/login', undefined, { login, password })).body.claims;
    expect(user).toMatchObject({ kind: 'organisation-user', registrationId });
    expect(user).not.toHaveProperty('admin');
  });

  it('R-CMP-5 / R-ORG-1: complaints.SanctionDecided.v1 is carried out through the lifecycle — suspended until the date, the note and the published status change naming the complaint; another prefecture cannot; no action changes nothing', async () => {
    const { registrationId } = await approvedAgency();
    const consumer = complaintSanctionsConsumer(infra.log);
    const decided = (decision: string, prefecture: string, until?: string) => {
      const complaintId = newId();
      const data = { complaintId, registrationId, prefecture, decision, ...(until ? { until } : {}), at: clock.now().toISOString() };
      return {
        complaintId,
        event: { id: newId(), type: 'complaints.SanctionDecided.v1', key: `complaint-${complaintId}`, occurredAt: data.at, data },
      };
    };
    const handle = (event: ReturnType<typeof decided>['event']) => consumer.handle(event, undefined as unknown as EntityManager);
    await handle(decided('no-action', '13').event);
    await handle(decided('termination', '27').event); // not this registration's bureau (R-ORG-2): refused, logged
    expect((await infra.log.readStream(`registration-${registrationId}`)).map((e) => e.type)).toEqual([
      'ApplicationSubmitted',
      'ApplicationApproved',
    ]);

    const until = '2026-10-01T00:00:00.000Z';
    const suspension = decided('suspension', '13', until);
    await handle(suspension.event);
    const events = await infra.log.readStream(`registration-${registrationId}`);
    const suspended = events[events.length - 1];
    expect(suspended).toMatchObject({
      type: 'RegistrationSuspended',
      data: { reason: 'sanction', note: `complaint-sanction:${suspension.complaintId}`, until },
      metadata: { causationId: suspension.event.id, complaintId: suspension.complaintId },
    });
    expect(translateRegistrationEvent(suspended)).toMatchObject({
      id: suspended.id,
      type: 'registration.RegistrationStatusChanged.v1',
      data: { registrationId, status: 'suspended', until, complaintId: suspension.complaintId },
    });
    const termination = decided('termination', '13');
    await handle(termination.event);
    const last = (await infra.log.readStream(`registration-${registrationId}`)).at(-1)!;
    expect(translateRegistrationEvent(last)).toMatchObject({
      type: 'registration.RegistrationStatusChanged.v1',
      data: { status: 'terminated', complaintId: termination.complaintId },
    });
  });
});
