import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ManualClock, newId } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import { BackgroundWork, baseUrlOf, createHttpApp, Infrastructure, loadConfig, PrincipalClaims, READ_DB } from '@hw/platform/nest';
import { ProjectionRunner } from '@hw/platform/projections';
import { describeWith, dropSchema, eventually, httpClient, schemaErrors, uniqueSchema } from '@hw/platform/testing';
import { MESSAGING_TOPIC, MessagingEvents } from '@hw/messaging/contracts';
import { REGISTRATION_TOPIC, RegistrationLifecycleEvents } from '@hw/registration/contracts';
import { REPORTING_TOPIC, ReportingEvents, reportingSchemas } from '@hw/reporting/contracts';
import { ReportRow } from './entities';
import { ReportingServiceModule } from './reporting.module';
import { noTotals } from './reporting.queries';
import { ReportingService } from './reporting.service';
import { reportsProjection } from './reports.projection';

const SECRET = 'int-secret-of-at-least-thirty-two-characters!';
const JST_31_MARCH_LAST_MS = '2026-03-31T14:59:59.999Z'; // 31 March 23:59:59.999 JST
const JST_1_APRIL = '2026-03-31T15:00:00.000Z'; // 1 April 00:00 JST
const JST_20_APRIL_LAST_MS = '2026-04-20T14:59:59.999Z';
const JST_21_APRIL = '2026-04-20T15:00:00.000Z';

/**
 * The reporting service in-process over HTTP with a ManualClock: obligations opened by the
 * clock at 1 April 00:00 JST from registration's events, prefilled from messaging's, filed,
 * amended, flagged overdue on the 21st, judged and sanctioned by the bureau; the views and CSV.
 */
const suite = (label: string, env: () => Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-reporting-int-'));
  const clock = new ManualClock('2026-02-01T00:00:00.000Z');
  let infra: Infrastructure;
  let app: INestApplication;
  let base = '';
  const http = httpClient(() => base);
  const published: IntegrationEvent[] = [];
  const [regA, regB, regC, regD] = [newId(), newId(), newId(), newId()];

  const token = (claims: PrincipalClaims) => `Bearer ${infra.tokens.sign(claims, clock.now(), 86_400 * 365)}`;
  const orgUser = (registrationId: string, who: 'admin' | 'user', departmentId: string) =>
    token({
      kind: 'organisation-user',
      sub: `${who}-${registrationId.slice(0, 8)}`,
      registrationId,
      departmentId,
      organisationKind: 'private-paid',
      ...(who === 'admin' ? { admin: true } : {}),
    });
  const org = (registrationId: string) => orgUser(registrationId, 'admin', 'd1');
  /** A user of a department of the registration, not its administrator (no `admin` claim). */
  const departmentUser = (registrationId: string) => orgUser(registrationId, 'user', 'd2');
  const bureau = (prefecture: string) => token({ kind: 'staff', sub: `officer-${prefecture}`, role: 'bureau-officer', prefecture });
  const hq = () => token({ kind: 'staff', sub: 'auditor', role: 'hq-auditor' });
  const publish = (topic: string, type: string, key: string, data: Record<string, unknown>) =>
    infra.bus.publish(topic, [{ id: newId(), type, key, occurredAt: clock.now().toISOString(), data }]);
  const approve = (registrationId: string, prefecture: string, approvedAt: string) =>
    publish(REGISTRATION_TOPIC, RegistrationLifecycleEvents.RegistrationApproved, `registration-${registrationId}`, {
      registrationId,
      organisationId: newId(),
      organisationKind: 'private-paid',
      category: 'own',
      prefecture,
      departmentIds: ['d1', 'd2'],
      contractors: [],
      usagePeriodEndsAt: '2029-01-01T00:00:00.000Z',
      complaintOfficerVersion: 1,
      approvedAt,
    });
  const sent = (registrationId: string, departmentId: string, threadId: string, day: string) =>
    publish(MESSAGING_TOPIC, MessagingEvents.MessageSent, `thread-${threadId}`, {
      messageId: newId(),
      threadId,
      registrationId,
      departmentId,
      kind: 'guidance',
      day,
      firstInThread: false,
      sentAt: clock.now().toISOString(),
    });
  const replied = (registrationId: string, threadId: string, day: string) =>
    publish(MESSAGING_TOPIC, MessagingEvents.SeekerReplied, `thread-${threadId}`, {
      messageId: newId(),
      threadId,
      registrationId,
      kind: 'reply',
      day,
      sentAt: clock.now().toISOString(),
    });
  const service = () => app.get(ReportingService);
  const db = () => app.get<DataSource>(READ_DB);
  /** The figures an organisation enters (R-REP-2). */
  const figures = (applicationsAccepted: number, placements: number, paidServicesProvided = 0) => ({
    applicationsAccepted,
    placements,
    paidServicesProvided,
  });
  const file = (auth: string, body: object, period = '2026Q1') => http('POST', `/reports/${period}/filing`, auth, body);
  const saveDraft = (auth: string, body: object) => http('PUT', '/reports/2026Q1/draft', auth, body);
  const amend = (auth: string, body: object) => http('POST', '/reports/2026Q1/amendments', auth, body);
  /** R-AUD-1: the reports read model rebuilt from the log equals the live one (returned). */
  const rebuiltEqualsLive = async () => {
    const rows = () =>
      db()
        .getRepository(ReportRow)
        .find({ order: { streamId: 'ASC' } });
    const runner = new ProjectionRunner(infra.log, db(), reportsProjection);
    try {
      await runner.start();
      await runner.caughtUp();
      const live = await rows();
      await runner.rebuild();
      await runner.caughtUp();
      expect(await rows()).toEqual(live);
      return live;
    } finally {
      await runner.stop();
    }
  };

  beforeAll(async () => {
    infra = await Infrastructure.create(
      loadConfig({ DATA_DIR: dir, AUTH_SECRET: SECRET, LOG_LEVEL: 'error', POLL_INTERVAL_MS: '10', ...env() }),
      clock,
    );
    // The clock pass is driven by the test (tick); the interval only keeps it from running meanwhile.
    app = await createHttpApp(ReportingServiceModule.register(infra, { REPORTING_CLOCK_INTERVAL_MS: '3600000' }), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = baseUrlOf(app);
    await infra.bus.subscribe(
      { groupId: `reporting-int-${newId()}`, topics: [REPORTING_TOPIC] },
      async (event) => void published.push(event),
    );
    await app.get(BackgroundWork, { strict: false }).startRelay();
  });
  afterAll(async () => {
    await app?.close();
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`R-REP-1, R-REP-2 (${label}): at 1 April 00:00 JST, not a millisecond earlier, every registration active in Q1 owes a report prefilled from its messages`, async () => {
    await approve(regA, '13', '2025-12-31T15:00:00.000Z'); // 1 January 00:00 JST: owes Q1, not Q4 2025
    await approve(regB, '13', '2026-01-15T00:00:00.000Z');
    await approve(regC, '27', JST_31_MARCH_LAST_MS); // approved on the last day of the quarter: owes it
    await approve(regD, '13', JST_1_APRIL); // approved at the start of Q2: owes no Q1 report
    const [t1, t2, t3] = [newId(), newId(), newId()];
    await sent(regA, 'd1', t1, '20260101'); // first JST day of Q1
    await sent(regA, 'd1', t2, '20260215');
    await sent(regA, 'd2', t3, '20260331'); // last JST day of Q1
    await sent(regA, 'd1', t1, '20251231'); // Q4 2025: not counted
    await sent(regA, 'd1', t2, '20260401'); // Q2: not counted
    await replied(regA, t1, '20260110');
    await replied(regA, t1, '20260320'); // the same seeker again: one seeker
    await replied(regA, t3, '20260331');
    await replied(regA, t2, '20260401'); // Q2: not counted
    await sent(regB, 'd1', newId(), '20260201');
    await eventually(async () => {
      expect(await db().query('SELECT COUNT(*) AS n FROM reporting_messages')).toEqual([{ n: expect.anything() }]);
      const [{ n }] = await db().query('SELECT COUNT(*) AS n FROM reporting_messages');
      const [{ r }] = await db().query('SELECT COUNT(*) AS r FROM reporting_replies');
      const [{ g }] = await db().query('SELECT COUNT(*) AS g FROM reporting_registrations');
      expect([Number(n), Number(r), Number(g)]).toEqual([6, 4, 4]);
    });

    clock.set(JST_31_MARCH_LAST_MS);
    expect(await service().tick()).toBe(0);
    expect(await file(org(regA), figures(0, 0))).toMatchObject({ status: 404, body: { code: 'REPORT_NOT_FOUND', rule: 'R-REP-1' } });

    clock.set(JST_1_APRIL);
    expect(await service().tick()).toBe(3); // A, B, C — not D
    expect(await service().tick()).toBe(0); // idempotent: nothing new
    for (const registrationId of [regA, regB, regC]) expect(await infra.log.readStream(`report-${registrationId}-2026Q1`)).toHaveLength(1);
    expect(await infra.log.readStream(`report-${regD}-2026Q1`)).toHaveLength(0);

    const ownA = await http('GET', '/reports/2026Q1', org(regA));
    expect(ownA).toMatchObject({
      status: 200,
      body: {
        registrationId: regA,
        period: '2026Q1',
        status: 'owed',
        dueDay: '20260420',
        prefilled: {
          messagesSent: 3,
          seekersReplied: 2,
          departments: [
            { departmentId: 'd1', messagesSent: 2, seekersReplied: 1 },
            { departmentId: 'd2', messagesSent: 1, seekersReplied: 1 },
          ],
        },
        versions: [],
      },
    });
    // The figures are in the report's own stream (never only a read model).
    const [opened] = await infra.log.readStream(`report-${regA}-2026Q1`);
    expect(opened).toMatchObject({ type: 'ReportObligationOpened', data: { prefilled: { messagesSent: 3, seekersReplied: 2 } } });
    await eventually(async () =>
      expect((await http('GET', '/reports', org(regA))).body.reports).toEqual([
        expect.objectContaining({ period: '2026Q1', status: 'owed', messagesSent: 3 }),
      ]),
    );
    expect(await http('GET', '/reports/2026Q1', org(regD))).toMatchObject({ status: 404 });
  });

  it(`R-REP-2 (${label}): a zero report is one request; entered figures are checked, placements ≤ applications naming the rule`, async () => {
    expect(await file(org(regB), figures(1, 2))).toMatchObject({
      status: 422,
      body: { code: 'INVALID_FIGURE', rule: 'R-REP-2', field: 'placements' },
    });
    expect(await file(org(regB), figures(-1, 0))).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', field: 'applicationsAccepted', rule: 'R-REP-2' },
    });
    expect(await file(org(regB), figures(0, 0), '20261')).toMatchObject({ status: 400, body: { field: 'period' } });
    // R-REP-1: the administrator files; a department user of the same registration is refused, and nothing is recorded.
    expect(await file(departmentUser(regA), figures(0, 0))).toMatchObject({
      status: 403,
      body: { code: 'NOT_REGISTRATION_ADMIN', rule: 'R-REP-1' },
    });
    expect(await infra.log.readStream(`report-${regA}-2026Q1`)).toHaveLength(1);
    expect(await http('GET', '/reports/2026Q1', departmentUser(regA))).toMatchObject({ status: 200, body: { status: 'owed' } });
    expect(await file(org(regA), figures(0, 0))).toMatchObject({
      status: 201,
      body: { status: 'filed', versions: [{ version: 1, late: false, entered: figures(0, 0) }] },
    });
    expect(await file(org(regA), figures(0, 0))).toMatchObject({ status: 409 });
  });

  it(`R-REP-3 (${label}): on 20 April 23:59:59.999 JST nothing is overdue; at 21 April 00:00 JST the unfiled are flagged, each bureau sees its own`, async () => {
    clock.set(JST_20_APRIL_LAST_MS);
    expect(await service().tick()).toBe(0);
    clock.set(JST_21_APRIL);
    expect(await service().tick()).toBe(2); // B (13) and C (27); A is filed
    expect(await service().tick()).toBe(0);
    await eventually(async () =>
      expect(
        (await http('GET', '/bureau/overdue', bureau('13'))).body.reports.map((r: { registrationId: string }) => r.registrationId),
      ).toEqual([regB]),
    );
    await eventually(async () =>
      expect(
        (await http('GET', '/bureau/overdue', bureau('27'))).body.reports.map((r: { registrationId: string }) => r.registrationId),
      ).toEqual([regC]),
    );
    expect(await http('GET', '/bureau/overdue', org(regB))).toMatchObject({ status: 403 });
  });

  it(`R-REP-2 (${label}): a department user saves the entered figures as a draft, the organisation reads it back, the bureau never sees it; only the administrator files it`, async () => {
    expect(await http('GET', '/reports/2026Q1/draft', org(regB))).toMatchObject({
      status: 404,
      body: { code: 'DRAFT_NOT_FOUND', rule: 'R-REP-2' },
    });
    expect(await saveDraft(departmentUser(regB), figures(1, 2))).toMatchObject({
      status: 422,
      body: { code: 'INVALID_FIGURE', field: 'placements' },
    });
    expect(await saveDraft(departmentUser(regB), figures(1, 1))).toMatchObject({
      status: 200,
      body: { entered: { applicationsAccepted: 1 } },
    });
    const saved = await saveDraft(departmentUser(regB), figures(2, 1));
    expect(saved).toMatchObject({
      status: 200,
      body: {
        registrationId: regB,
        period: '2026Q1',
        entered: figures(2, 1),
        savedBy: `user-${regB.slice(0, 8)}`,
        savedAt: JST_21_APRIL,
      },
    });
    // Read back by the administrator, on the report and on its own; another registration has none.
    expect((await http('GET', '/reports/2026Q1/draft', org(regB))).body).toEqual(saved.body);
    expect((await http('GET', '/reports/2026Q1', org(regB))).body).toMatchObject({
      status: 'overdue',
      versions: [],
      draft: { entered: { applicationsAccepted: 2 } },
    });
    expect(await http('GET', '/reports/2026Q1/draft', org(regC))).toMatchObject({ status: 404, body: { code: 'DRAFT_NOT_FOUND' } });
    // The bureau never sees a draft: not on the report, not in its period view.
    const seen = await http('GET', `/bureau/reports/${regB}/2026Q1`, bureau('13'));
    expect(seen).toMatchObject({ status: 200, body: { status: 'overdue', versions: [] } });
    expect(seen.body).not.toHaveProperty('draft');
    const view = await http('GET', '/bureau/reports?period=2026Q1', bureau('13'));
    expect(view.body.reports.find((r: { registrationId: string }) => r.registrationId === regB)).toMatchObject({
      status: 'overdue',
      applicationsAccepted: null,
    });
    // R-REP-1: the department user cannot file it; nothing is filed.
    expect(await http('POST', '/reports/2026Q1/draft/filing', departmentUser(regB))).toMatchObject({
      status: 403,
      body: { code: 'NOT_REGISTRATION_ADMIN', rule: 'R-REP-1' },
    });
    // A filed report takes no draft; nor is there one to file.
    expect(await saveDraft(org(regA), figures(1, 1))).toMatchObject({ status: 409, body: { code: 'REPORT_ALREADY_FILED' } });
    expect(await http('POST', '/reports/2026Q1/draft/filing', org(regC))).toMatchObject({ status: 404, body: { code: 'DRAFT_NOT_FOUND' } });
    const types = (await infra.log.readStream(`report-${regB}-2026Q1`)).map((e) => e.type);
    expect(types).toEqual(['ReportObligationOpened', 'ReportFlaggedOverdue', 'ReportDraftSaved', 'ReportDraftSaved']);
  });

  it(`R-REP-1, R-REP-2 (${label}): an amendment after the due day gives a reason, makes version 2 recorded late, and every version stays readable`, async () => {
    expect(await amend(org(regA), figures(3, 1))).toMatchObject({ status: 400, body: { field: 'reason' } });
    expect(await amend(departmentUser(regA), { ...figures(3, 1), reason: 'not mine to amend' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_REGISTRATION_ADMIN', rule: 'R-REP-1' },
    });
    const amended = await amend(org(regA), { ...figures(3, 1), reason: 'placements confirmed in April' });
    expect(amended).toMatchObject({
      status: 201,
      body: {
        status: 'filed',
        versions: [
          { version: 1, late: false },
          { version: 2, late: true, reason: 'placements confirmed in April', entered: { applicationsAccepted: 3 } },
        ],
      },
    });
    // Filed on time, amended after the due day: still on time in the views (lateness is the first filing's).
    await eventually(async () =>
      expect((await http('GET', '/reports', org(regA))).body.reports).toEqual([
        expect.objectContaining({ period: '2026Q1', status: 'filed', version: 2 }),
      ]),
    );
    // A late filing of an overdue report, from a draft, is recorded late.
    const lateB = await http('POST', '/reports/2026Q1/draft/filing', org(regB));
    expect(lateB).toMatchObject({ status: 201, body: { flaggedOverdue: true, versions: [{ version: 1, late: true }] } });
    expect(lateB.body.versions[0].entered).toEqual(figures(2, 1));
    const filedB = (await infra.log.readStream(`report-${regB}-2026Q1`)).at(-1);
    expect(filedB).toMatchObject({ type: 'ReportFiled', data: { entered: figures(2, 1), fromDraft: true, late: true } });
    expect(await http('GET', '/reports/2026Q1/draft', org(regB))).toMatchObject({ status: 404, body: { code: 'DRAFT_NOT_FOUND' } });
  });

  it(`R-REP-3, R-ORG-2 (${label}): the bureau marks a filed report false and decides the sanction the rule proposes; another bureau cannot`, async () => {
    expect(await http('POST', `/bureau/reports/${regA}/2026Q1/false`, bureau('27'), { reason: 'figures do not match' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_YOUR_BUREAU', rule: 'R-ORG-2' },
    });
    expect(await http('POST', `/bureau/reports/${regA}/2026Q1/false`, bureau('13'), { reason: 'figures do not match' })).toMatchObject({
      status: 201,
      body: { status: 'false' },
    });
    expect(await http('GET', `/bureau/reports/${regA}/2026Q1`, bureau('13'))).toMatchObject({
      status: 200,
      body: { status: 'false', proposedSanction: 'suspension', versions: [{}, {}] },
    });
    expect(
      await http('POST', `/bureau/reports/${regA}/2026Q1/sanction`, bureau('13'), { decision: 'termination', reason: 'false report' }),
    ).toMatchObject({
      status: 422,
      body: { code: 'TERMINATION_NOT_GROUNDED', rule: 'R-REP-3' },
    });
    const decided = await http('POST', `/bureau/reports/${regA}/2026Q1/sanction`, bureau('13'), {
      decision: 'suspension',
      reason: 'false report',
    });
    expect(decided).toMatchObject({ status: 201, body: { sanction: 'suspension' } });
    // Published for registration to carry out (R-ORG-1), valid against its schema.
    const event = await eventually(() => {
      const found = published.find(
        (e) => e.type === ReportingEvents.SanctionDecided && (e.data as { registrationId: string }).registrationId === regA,
      );
      expect(found).toBeDefined();
      return found as IntegrationEvent;
    });
    expect(event.data).toEqual({
      registrationId: regA,
      prefecture: '13',
      period: '2026Q1',
      reportStreamId: `report-${regA}-2026Q1`,
      proposed: 'suspension',
      decision: 'suspension',
      until: '2026-10-20T15:00:00.000Z',
      decidedAt: JST_21_APRIL,
    });
    for (const e of published) expect(schemaErrors(reportingSchemas[e.type], e.data)).toEqual([]);
    expect(new Set(published.map((e) => e.type))).toEqual(
      new Set([
        ReportingEvents.ReportObligationOpened,
        ReportingEvents.ReportFiled,
        ReportingEvents.ReportAmended,
        ReportingEvents.ReportFlaggedOverdue,
        ReportingEvents.ReportMarkedFalse,
        ReportingEvents.SanctionDecided,
      ]),
    );
  });

  it(`R-REP-3 (${label}): the bureau's period view and CSV (UTF-8 BOM, Japanese headers, log position); HQ's national totals`, async () => {
    await eventually(async () =>
      expect((await http('GET', '/bureau/reports?period=2026Q1', bureau('13'))).body).toMatchObject({
        prefecture: '13',
        period: '2026Q1',
        reports: expect.arrayContaining([
          expect.objectContaining({ registrationId: regA, status: 'false', version: 2, messagesSent: 3, sanction: 'suspension' }),
          expect.objectContaining({ registrationId: regB, status: 'late', version: 1, messagesSent: 1 }),
        ]),
      }),
    );
    const view = (await http('GET', '/bureau/reports?period=2026Q1', bureau('13'))).body;
    expect(view.reports).toHaveLength(2);
    expect(Number(view.logPosition)).toBeGreaterThan(0);

    const response = await fetch(`${base}/bureau/reports.csv?period=2026Q1`, { headers: { authorization: bureau('13') } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(`作成時ログ位置,${view.logPosition}`);
    expect(response.headers.get('x-log-position')).toBe(view.logPosition);
    expect(lines[1]).toBe('登録ID,期間,状態,提出期限,提出日時,版,送信件数,返信求職者数,応募受理件数,就職件数,有料サービス提供件数,処分');
    const rowOf = (id: string) => lines.find((l) => l.startsWith(id));
    expect(rowOf(regA)).toBe(`${regA},2026Q1,虚偽,20260420,${JST_21_APRIL},2,3,2,3,1,0,利用停止`);
    expect(rowOf(regB)).toBe(`${regB},2026Q1,期限後提出,20260420,${JST_21_APRIL},1,1,0,2,1,0,`);
    expect(lines).toHaveLength(5); // stamp, header, 2 rows, final empty after CRLF

    expect(await http('GET', '/hq/reports/totals?period=2026Q1', bureau('13'))).toMatchObject({ status: 403 });
    const totals = await http('GET', '/hq/reports/totals?period=2026Q1', hq());
    expect(totals.body).toEqual({
      period: '2026Q1',
      prefectures: [
        {
          prefecture: '13',
          reports: 2,
          filed: 1,
          late: 1,
          overdue: 0,
          false: 1,
          messagesSent: 4,
          seekersReplied: 2,
          applicationsAccepted: 5,
          placements: 2,
          paidServicesProvided: 0,
        },
        // Every figure not named is 0.
        { ...noTotals('27'), reports: 1, overdue: 1 },
      ],
    });
  });

  it(`R-AUD-1 (${label}): a rebuild of the reports read model from the log equals the live one`, async () => {
    expect(await rebuiltEqualsLive()).toHaveLength(3);
  });

  it(`R-REP-2 (${label}): a message and a reply in transit at 00:00 JST reach the reports they count in, filed or not, by a correction in the report's stream`, async () => {
    const clockPass = () => service().tick();
    // Late for Q1 (on the bus at 1 April 00:00 JST, or a consumer behind): B is filed, C is overdue and unfiled.
    const lateThread = newId();
    await sent(regB, 'd2', lateThread, '20260331');
    await replied(regC, newId(), '20260315');
    await sent(regB, 'd1', newId(), '20260421'); // Q2, not ended: counted when Q2 opens, corrects nothing
    await eventually(async () => {
      const [{ n }] = await db().query(`SELECT COUNT(*) AS n FROM reporting_messages WHERE registration_id = '${regB}'`);
      const [{ r }] = await db().query(`SELECT COUNT(*) AS r FROM reporting_replies WHERE registration_id = '${regC}'`);
      expect([Number(n), Number(r)]).toEqual([3, 1]);
    });
    expect(await clockPass()).toBe(2);
    expect(await clockPass()).toBe(0); // the marks are spent: recounting again corrects nothing

    const corrections = async (registrationId: string) =>
      (await infra.log.readStream(`report-${registrationId}-2026Q1`)).filter((e) => e.type === 'ReportPrefillCorrected');
    expect((await corrections(regB)).map((e) => e.data)).toEqual([
      {
        registrationId: regB,
        period: '2026Q1',
        previous: { messagesSent: 1, seekersReplied: 0, departments: [{ departmentId: 'd1', messagesSent: 1, seekersReplied: 0 }] },
        prefilled: {
          messagesSent: 2,
          seekersReplied: 0,
          departments: [
            { departmentId: 'd1', messagesSent: 1, seekersReplied: 0 },
            { departmentId: 'd2', messagesSent: 1, seekersReplied: 0 },
          ],
        },
        afterFiling: true,
        correctedAt: JST_21_APRIL,
      },
    ]);
    expect((await corrections(regC)).map((e) => e.data)).toMatchObject([
      { prefilled: { messagesSent: 0, seekersReplied: 1 }, afterFiling: false },
    ]);
    // The organisation's filed figures stand; the system's are corrected in every view.
    expect((await http('GET', '/reports/2026Q1', org(regB))).body).toMatchObject({
      status: 'filed',
      prefilled: { messagesSent: 2 },
      versions: [{ version: 1, entered: { applicationsAccepted: 2, placements: 1 } }],
    });
    await eventually(async () =>
      expect((await http('GET', '/bureau/reports?period=2026Q1', bureau('13'))).body.reports).toEqual(
        expect.arrayContaining([expect.objectContaining({ registrationId: regB, status: 'late', messagesSent: 2 })]),
      ),
    );
    await eventually(() =>
      expect(published.filter((e) => e.type === ReportingEvents.ReportPrefillCorrected).map((e) => e.data)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ registrationId: regB, messagesSent: 2, afterFiling: true }),
          expect.objectContaining({ registrationId: regC, seekersReplied: 1, afterFiling: false }),
        ]),
      ),
    );
    // R-AUD-1: the corrected read model is still what the log rebuilds.
    await rebuiltEqualsLive();
  });
};

describe('reporting service (SQLite log + read DB, ManualClock)', () => suite('SQLite', () => ({})));

describeWith(['postgres'], 'reporting service (PostgreSQL read DB, ManualClock)', () => {
  const prefix = `${uniqueSchema('rep')}_`;
  afterAll(() => dropSchema(`${prefix}reporting`));
  suite('PostgreSQL', () => ({
    READ_DB: 'postgres',
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    READ_DB_SCHEMA_PREFIX: prefix,
  }));
});
