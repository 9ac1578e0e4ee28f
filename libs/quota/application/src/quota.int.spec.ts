import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId } from '@hw/platform/core';
import { Infrastructure, loadConfig, PrincipalClaims, READ_DB, createHttpApp, baseUrlOf } from '@hw/platform/nest';
import { eventually, httpClient } from '@hw/platform/testing';
import { RegistrationLifecycleEvents } from '@hw/registration/contracts';
import { DAILY_QUOTA_STREAM_PREFIX } from '@hw/messaging/contracts';
import { ProjectionRunner } from '@hw/platform/projections';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { dailyQuotaProjection } from './daily-quota.projection';
import { QuotaDay } from './entities';
import { QuotaServiceModule } from './quota.module';
import { reserveMessages } from './testing/daily-quota-log';

const SECRET = 'int-secret-of-at-least-thirty-two-characters!';

/**
 * The quota service in-process over HTTP, on a real SQLite log and SQLite read DB, with a
 * ManualClock: counts equal the log across 00:00 JST, who may read which registration's counts,
 * and 400s naming field and rule.
 */
describe('quota service (SQLite log + read DB, ManualClock)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-quota-int-'));
  const clock = new ManualClock('2026-11-25T14:59:59.000Z'); // 23:59:59.000 JST, 25 Nov
  let infra: Infrastructure;
  let app: INestApplication;
  let base: string;
  const tokyo = `reg-${newId()}`; // prefecture 13
  const osaka = `reg-${newId()}`; // prefecture 27

  const token = (claims: PrincipalClaims) => `Bearer ${infra.tokens.sign(claims, clock.now(), 86_400 * 30)}`;
  const org = (registrationId: string) =>
    token({ kind: 'organisation-user', sub: 'u1', registrationId, departmentId: 'd1', organisationKind: 'private-free' });
  const officer = (prefecture: string) => token({ kind: 'staff', sub: `officer-${prefecture}`, role: 'bureau-officer', prefecture });
  const auditor = () => token({ kind: 'staff', sub: 'auditor', role: 'hq-auditor' });
  const call = httpClient(() => base);
  const get = (path: string, auth: string) => call('GET', path, auth);
  const approve = async (registrationId: string, prefecture: string) =>
    infra.bus.publish('registration', [
      {
        id: newId(),
        type: RegistrationLifecycleEvents.RegistrationApproved,
        key: `registration-${registrationId}`,
        occurredAt: clock.now().toISOString(),
        data: {
          registrationId,
          organisationId: newId(),
          organisationKind: 'private-free',
          category: 'own',
          prefecture,
          departmentIds: ['d1'],
          contractors: [],
          usagePeriodEndsAt: '2029-11-25T00:00:00.000Z',
          complaintOfficerVersion: 1,
          approvedAt: clock.now().toISOString(),
        },
      },
    ]);

  beforeAll(async () => {
    infra = await Infrastructure.create(
      loadConfig({ DATA_DIR: dir, AUTH_SECRET: SECRET, LOG_LEVEL: 'error', POLL_INTERVAL_MS: '10' }),
      clock,
    );
    app = await createHttpApp(QuotaServiceModule.register(infra, { DAILY_MESSAGE_LIMIT: '10' }), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = baseUrlOf(app);
    await approve(tokyo, '13');
    await approve(osaka, '27');
  });
  afterAll(async () => {
    await app?.close();
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-MSG-2: after N sends across 00:00 JST, today / remaining / reset and the history equal what the log holds', async () => {
    await reserveMessages(infra.log, clock, tokyo, 6, { limit: 10 });
    clock.set('2026-11-25T14:59:59.999Z'); // 23:59:59.999 JST
    await reserveMessages(infra.log, clock, tokyo, 4, { limit: 10 });
    await reserveMessages(infra.log, clock, osaka, 2, { limit: 10 });
    await eventually(async () =>
      expect(await get('/quota/today', org(tokyo))).toEqual({
        status: 200,
        body: { registrationId: tokyo, day: '20261125', sent: 10, limit: 10, remaining: 0, resetsAt: '2026-11-25T15:00:00.000Z' },
      }),
    );
    clock.set('2026-11-25T15:00:00.000Z'); // 00:00:00.000 JST, 26 Nov: a new day, a new count
    expect((await get('/quota/today', org(tokyo))).body).toMatchObject({
      day: '20261126',
      sent: 0,
      remaining: 10,
      resetsAt: '2026-11-26T15:00:00.000Z',
    });
    await reserveMessages(infra.log, clock, tokyo, 3, { limit: 10 });
    await eventually(async () =>
      expect((await get('/quota/today', org(tokyo))).body).toMatchObject({ day: '20261126', sent: 3, remaining: 7 }),
    );

    const history = await get('/quota/history?from=20261124&to=20261127', org(tokyo));
    expect(history).toEqual({
      status: 200,
      body: {
        registrationId: tokyo,
        from: '20261124',
        to: '20261127',
        days: [
          { day: '20261124', sent: 0, limit: 10 },
          { day: '20261125', sent: 10, limit: 10 },
          { day: '20261126', sent: 3, limit: 10 },
          { day: '20261127', sent: 0, limit: 10 },
        ],
      },
    });
    // Exactly the log: the reservations in each daily-quota stream.
    for (const day of history.body.days as Array<{ day: string; sent: number }>) {
      const inLog = await infra.log.readStream(`${DAILY_QUOTA_STREAM_PREFIX}${tokyo}-${day.day}`);
      expect(day.sent).toBe(inLog.length);
    }
    // Default range: 30 days ending today.
    const defaults = await get('/quota/history', org(tokyo));
    expect(defaults.body).toMatchObject({ from: '20261028', to: '20261126' });
    expect(defaults.body.days).toHaveLength(30);
  });

  it('R-AUD-1: a rebuild of the quota read model from the log gives the same rows', async () => {
    const db = app.get<DataSource>(READ_DB);
    const rows = async () => db.getRepository(QuotaDay).find({ order: { registrationId: 'ASC', day: 'ASC' } });
    // A second runner of the same projection on the same read DB (as after a restart) catches up to the same checkpoint …
    const runner = new ProjectionRunner(infra.log, db, dailyQuotaProjection);
    await runner.start();
    await runner.caughtUp();
    const live = await rows();
    expect(live.length).toBeGreaterThan(0);
    // … then rebuilds from position zero: identical rows.
    await runner.rebuild();
    expect(await rows()).toEqual(live);
    await runner.stop();
  });

  it("R-ORG-6: an organisation user sees only its own registration — never another registration's counts", async () => {
    expect((await get('/quota/today', org(osaka))).body).toMatchObject({ registrationId: osaka, day: '20261126', sent: 0 });
    expect((await get('/quota/history?from=20261125&to=20261125', org(osaka))).body.days).toEqual([
      { day: '20261125', sent: 2, limit: 10 },
    ]);
    // No way to name another registration: the staff routes are closed to it, extra parameters are refused.
    expect((await get(`/registrations/${tokyo}/quota`, org(osaka))).status).toBe(403);
    expect((await get(`/registrations/${tokyo}/quota/history`, org(osaka))).status).toBe(403);
    expect(await get(`/quota/today?registrationId=${tokyo}`, org(osaka))).toMatchObject({ status: 400, body: { field: 'registrationId' } });
    expect((await get(`/quota/history?registrationId=${tokyo}`, org(osaka))).status).toBe(400);
    // Seekers and staff have no "own registration".
    expect((await get('/quota/today', token({ kind: 'seeker', sub: newId() }))).status).toBe(403);
    expect((await get('/quota/today', officer('13'))).status).toBe(403);
    expect((await get('/quota/today', 'Bearer nope')).status).toBe(401);
  });

  it("R-ORG-2 / R-STF-1: bureau officers read their own prefecture's registrations (403 for another's); the HQ auditor reads every one", async () => {
    expect(await get(`/registrations/${tokyo}/quota`, officer('13'))).toMatchObject({
      status: 200,
      body: { registrationId: tokyo, day: '20261126', sent: 3, remaining: 7 },
    });
    expect((await get(`/registrations/${tokyo}/quota/history?from=20261125&to=20261126`, officer('13'))).body.days).toEqual([
      { day: '20261125', sent: 10, limit: 10 },
      { day: '20261126', sent: 3, limit: 10 },
    ]);
    expect(await get(`/registrations/${tokyo}/quota`, officer('27'))).toMatchObject({
      status: 403,
      body: { code: 'NOT_YOUR_BUREAU', rule: 'R-ORG-2' },
    });
    expect(await get(`/registrations/${tokyo}/quota/history`, officer('27'))).toMatchObject({
      status: 403,
      body: { code: 'NOT_YOUR_BUREAU' },
    });
    expect((await get(`/registrations/${osaka}/quota`, officer('27'))).status).toBe(200);
    expect((await get(`/registrations/${tokyo}/quota`, token({ kind: 'staff', sub: 'x', role: 'bureau-officer' }))).status).toBe(403);
    expect(
      (await get(`/registrations/${tokyo}/quota`, token({ kind: 'staff', sub: 'c', role: 'counter', officeCode: '13010' }))).status,
    ).toBe(403);
    expect(await get(`/registrations/${tokyo}/quota`, auditor())).toMatchObject({ status: 200, body: { sent: 3 } });
    expect((await get(`/registrations/${osaka}/quota/history?from=20261125&to=20261125`, auditor())).body.days).toEqual([
      { day: '20261125', sent: 2, limit: 10 },
    ]);
    expect(await get(`/registrations/reg-${newId()}/quota`, auditor())).toMatchObject({
      status: 404,
      body: { code: 'REGISTRATION_NOT_FOUND' },
    });
  });

  it('R-MSG-2: bad input is a 400 naming the field and the rule', async () => {
    expect(await get('/quota/history?from=2026-11-25', org(tokyo))).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', field: 'from', rule: 'R-MSG-2' },
    });
    expect(await get('/quota/history?to=20260230', org(tokyo))).toMatchObject({ status: 400, body: { field: 'to', rule: 'R-MSG-2' } });
    expect(await get('/quota/history?from=20261127&to=20261126', org(tokyo))).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', field: 'from', rule: 'R-MSG-2' },
    });
    expect(await get('/quota/history?from=20251101&to=20261126', org(tokyo))).toMatchObject({
      status: 400,
      body: { field: 'to', rule: 'R-MSG-2' },
    });
    expect(await get(`/registrations/${tokyo}/quota/history?from=x`, auditor())).toMatchObject({ status: 400, body: { field: 'from' } });
    expect(await get('/registrations/bad%20id/quota', auditor())).toMatchObject({ status: 400, body: { field: 'registrationId' } });
  });

  it('OpenAPI documents the four routes with their query parameters', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
    expect(Object.keys(document.paths).sort()).toEqual(
      expect.arrayContaining([
        '/quota/history',
        '/quota/today',
        '/registrations/{registrationId}/quota',
        '/registrations/{registrationId}/quota/history',
      ]),
    );
    const params = (document.paths['/quota/history'].get?.parameters ?? []) as Array<{ name: string }>;
    expect(params.map((p) => p.name).sort()).toEqual(['from', 'to']);
  });
});
