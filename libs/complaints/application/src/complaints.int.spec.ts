import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId } from '@hw/platform/core';
import { IntegrationEvent } from '@hw/platform/bus';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@hw/platform/projections';
import { BackgroundWork, baseUrlOf, createHttpApp, READ_DB, Infrastructure, loadConfig, PrincipalClaims } from '@hw/platform/nest';
import { describeWith, dropSchema, eventually, httpClient, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { threadIdOf } from '@hw/messaging/contracts';
import { seekerReference } from '@hw/matching/contracts';
import { ComplaintsServiceModule } from './complaints.module';
import { ComplaintsService } from './complaints.service';
import { complaintsProjection, consultationsProjection } from './complaints.projection';
import { ComplaintRow, ConsultationRow } from './entities';

const SECRET = 'int-secret-of-at-least-thirty-two-characters!';
const TEXT = '担当者から深夜に何度も連絡が来る';

/**
 * The complaints service in-process on a real SQLite log (read models on SQLite or PostgreSQL),
 * with a ManualClock; messaging's and registration's integration events are published on the bus.
 */
const suite = (readDb: Record<string, string>) => () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-complaints-int-'));
  const clock = new ManualClock('2026-12-01T00:00:00.000Z');
  let infra: Infrastructure;
  let app: INestApplication;
  let base: string;
  const published: IntegrationEvent[] = [];

  const token = (claims: PrincipalClaims) => `Bearer ${infra.tokens.sign(claims, clock.now(), 86_400 * 60)}`;
  const seekerToken = (seekerId: string) => token({ kind: 'seeker', sub: seekerId });
  const orgUser = (registrationId: string, complaintOfficer: boolean) =>
    token({
      kind: 'organisation-user',
      sub: `u-${newId()}`,
      registrationId,
      departmentId: 'd1',
      organisationKind: 'private-free',
      ...(complaintOfficer ? { complaintOfficer } : {}),
    });
  const desk = (officeCode: string) => token({ kind: 'staff', sub: `desk-${officeCode}`, role: 'complaint-desk', officeCode });
  const bureau = (prefecture: string) => token({ kind: 'staff', sub: `bureau-${prefecture}`, role: 'bureau-officer', prefecture });
  const auditor = () => token({ kind: 'staff', sub: 'hq', role: 'hq-auditor' });
  const call = httpClient(() => base);
  const publish = (topic: string, type: string, key: string, data: Record<string, unknown>, id = newId()) =>
    infra.bus.publish(topic, [{ id, type, key, occurredAt: clock.now().toISOString(), data }]);
  const approved = (registrationId: string, prefecture: string) =>
    publish('registration', 'registration.RegistrationApproved.v1', `registration-${registrationId}`, {
      registrationId,
      organisationId: newId(),
      organisationKind: 'private-free',
      category: 'own',
      prefecture,
      departmentIds: ['d1'],
      contractors: [],
      usagePeriodEndsAt: '2029-12-01T00:00:00.000Z',
      complaintOfficerVersion: 1,
      approvedAt: clock.now().toISOString(),
    });
  const messaged = (registrationId: string, seekerId: string) =>
    publish('messaging', 'messaging.MessageSent.v1', `thread-${threadIdOf(registrationId, seekerId)}`, {
      messageId: newId(),
      threadId: threadIdOf(registrationId, seekerId),
      registrationId,
      departmentId: 'd1',
      kind: 'guidance',
      day: '20261201',
      firstInThread: true,
      sentAt: clock.now().toISOString(),
    });
  /** A registration (of `prefecture`) that has messaged a new seeker: the seeker may complain about it (R-CMP-1). */
  const dealings = async (prefecture = '13') => {
    const registrationId = newId();
    const seekerId = newId();
    await approved(registrationId, prefecture);
    await messaged(registrationId, seekerId);
    return { registrationId, seekerId, seeker: seekerToken(seekerId), officer: orgUser(registrationId, true) };
  };
  const file = (seeker: string, registrationId: string, officeCode = '1301') =>
    call('POST', '/complaints', seeker, { registrationId, category: 'unwanted-messages', text: TEXT, officeCode });
  /** Filing reads the threads table fed by the bus: retried until the thread has arrived. */
  const fileOnceKnown = (seeker: string, registrationId: string, officeCode = '1301') =>
    eventually(async () => {
      const r = await file(seeker, registrationId, officeCode);
      expect(r.status).toBe(201);
      return r.body as { complaintId: string; acknowledgeBy: string; answerBy: string };
    });
  const listed = (auth: string) => call('GET', '/complaints', auth).then((r) => r.body as Array<{ complaintId: string; status: string }>);
  const streamTypes = async (complaintId: string) => (await infra.log.readStream(`complaint-${complaintId}`)).map((e) => e.type);

  beforeAll(async () => {
    infra = await Infrastructure.create(loadConfig({ DATA_DIR: dir, AUTH_SECRET: SECRET, LOG_LEVEL: 'error', ...readDb }), clock);
    await infra.bus.subscribe({ groupId: `observer-${newId()}`, topics: ['complaints'] }, async (event) => {
      published.push(event);
    });
    app = await createHttpApp(
      ComplaintsServiceModule.register(infra, {
        COMPLAINT_ACK_DAYS: '3',
        COMPLAINT_ANSWER_DAYS: '14',
        COMPLAINT_CLOCK_INTERVAL_MS: '3600000',
      }),
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    await app.get(BackgroundWork, { strict: false }).startRelay();
    base = baseUrlOf(app).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-CMP-1: a seeker with no thread with the registration is refused naming the rule and field; bad input is 400 naming the field', async () => {
    const { registrationId } = await dealings();
    const stranger = seekerToken(newId());
    expect(await file(stranger, registrationId)).toMatchObject({
      status: 422,
      body: { code: 'NO_DEALINGS_WITH_REGISTRATION', rule: 'R-CMP-1', field: 'registrationId' },
    });
    const bad = await call('POST', '/complaints', stranger, { registrationId, category: 'rudeness', text: TEXT, officeCode: '1301' });
    expect(bad).toMatchObject({ status: 400, body: { field: 'category', rule: 'R-CMP-1' } });
  });

  it('R-CMP-1 / R-AUD-2: filed with due times of 3 and 14 days; the complaint officer (only) sees it, acknowledges, asks back and answers; the text is sealed in the log and absent from the integration events', async () => {
    const { registrationId, seekerId, seeker, officer } = await dealings();
    const filed = await fileOnceKnown(seeker, registrationId);
    expect(filed).toMatchObject({ acknowledgeBy: '2026-12-04T00:00:00.000Z', answerBy: '2026-12-15T00:00:00.000Z' });
    const { complaintId } = filed;
    await eventually(async () => expect((await listed(officer)).map((c) => c.complaintId)).toContain(complaintId));
    // R-SKR-5: the organisation sees the seeker's pseudonymous reference, never its id.
    const row = (await call('GET', '/complaints', officer)).body.find((c: { complaintId: string }) => c.complaintId === complaintId);
    expect(row).toMatchObject({
      seekerRef: seekerReference(SECRET, registrationId, seekerId),
      status: 'filed',
      category: 'unwanted-messages',
    });
    expect(row).not.toHaveProperty('seekerId');
    // Other users of the organisation, and other registrations' officers, see nothing.
    expect(await call('GET', '/complaints', orgUser(registrationId, false))).toMatchObject({
      status: 403,
      body: { code: 'NOT_COMPLAINT_OFFICER', rule: 'R-CMP-1' },
    });
    expect((await listed(orgUser(newId(), true))).map((c) => c.complaintId)).not.toContain(complaintId);
    expect(await call('GET', `/complaints/${complaintId}`, orgUser(registrationId, false))).toMatchObject({ status: 403 });
    expect(await call('POST', `/complaints/${complaintId}/acknowledgement`, orgUser(registrationId, false))).toMatchObject({
      status: 403,
      body: { code: 'NOT_COMPLAINT_OFFICER' },
    });

    expect((await call('POST', `/complaints/${complaintId}/acknowledgement`, officer)).status).toBe(204);
    expect(await call('POST', `/complaints/${complaintId}/acknowledgement`, officer)).toMatchObject({
      status: 409,
      body: { rule: 'R-CMP-4' },
    });
    expect((await call('POST', `/complaints/${complaintId}/messages`, officer, { text: 'いつ頃の連絡でしょうか' })).status).toBe(201);
    expect((await call('POST', `/complaints/${complaintId}/messages`, seeker, { text: '先週の夜です' })).status).toBe(201);
    expect((await call('POST', `/complaints/${complaintId}/answer`, officer, { text: '担当者を指導しました' })).status).toBe(204);
    expect(await call('POST', `/complaints/${complaintId}/answer`, officer, { text: '訂正' })).toMatchObject({
      status: 409,
      body: { code: 'COMPLAINT_ALREADY_ANSWERED', rule: 'R-CMP-4' },
    });

    const view = await call('GET', `/complaints/${complaintId}`, seeker);
    expect(view.body).toMatchObject({ status: 'answered', text: TEXT });
    expect(view.body.history.map((h: { type: string; text?: string }) => [h.type, h.text])).toEqual([
      ['ComplaintAcknowledged', undefined],
      ['ComplaintMessagePosted', 'いつ頃の連絡でしょうか'],
      ['ComplaintMessagePosted', '先週の夜です'],
      ['ComplaintAnswered', '担当者を指導しました'],
    ]);
    expect((await call('GET', `/complaints/${complaintId}`, seekerToken(newId()))).status).toBe(404);
    const raw = JSON.stringify((await infra.log.readStream(`complaint-${complaintId}`)).map((e) => e.data));
    for (const text of [TEXT, 'いつ頃の連絡でしょうか', '先週の夜です', '担当者を指導しました']) expect(raw).not.toContain(text);
    await eventually(async () =>
      expect(published.filter((e) => e.key === `complaint-${complaintId}`).map((e) => e.type)).toEqual([
        'complaints.ComplaintFiled.v1',
        'complaints.ComplaintAcknowledged.v1',
        'complaints.ComplaintAnswered.v1',
      ]),
    );
    expect(JSON.stringify(published)).not.toContain(TEXT);
    expect((await call('POST', `/complaints/${complaintId}/resolution`, seeker)).status).toBe(204);
    expect(await call('POST', `/complaints/${complaintId}/escalation`, seeker, { reason: 'not-satisfied', text: 'x' })).toMatchObject({
      status: 409,
      body: { rule: 'R-CMP-1' },
    });
  });

  it('R-CMP-1: the clock flags a complaint overdue past 3 days unacknowledged and past 14 days unanswered, once each, by itself', async () => {
    const { registrationId, seeker, officer } = await dealings();
    clock.set('2026-12-01T00:00:00.000Z');
    const { complaintId } = await fileOnceKnown(seeker, registrationId);
    const service = app.get(ComplaintsService);
    await eventually(async () => expect((await listed(officer)).map((c) => c.complaintId)).toContain(complaintId));
    clock.set('2026-12-04T00:00:00.000Z');
    await service.runClockPass();
    expect(await streamTypes(complaintId)).toEqual(['ComplaintFiled']);
    clock.set('2026-12-04T00:00:00.001Z');
    await service.runClockPass();
    expect(await streamTypes(complaintId)).toEqual(['ComplaintFiled', 'ComplaintOverdue']);
    await eventually(async () =>
      expect((await listed(officer)).find((c) => c.complaintId === complaintId)).toMatchObject({ acknowledgementOverdue: true }),
    );
    await service.runClockPass();
    expect(await streamTypes(complaintId)).toEqual(['ComplaintFiled', 'ComplaintOverdue']);
    expect((await call('POST', `/complaints/${complaintId}/acknowledgement`, officer)).status).toBe(204);
    clock.set('2026-12-15T00:00:01.000Z');
    await eventually(async () => {
      await service.runClockPass();
      expect(await streamTypes(complaintId)).toEqual(['ComplaintFiled', 'ComplaintOverdue', 'ComplaintAcknowledged', 'ComplaintOverdue']);
    });
    clock.set('2026-12-01T00:00:00.000Z');
  });

  it('R-CMP-2 / R-STF-2 / R-CMP-5: escalated to the desk of the named office, which reads (recorded), records a step and requests a sanction; only the bureau of the prefecture decides; registration carrying it out is linked back', async () => {
    const { registrationId, seeker, officer } = await dealings('27');
    const { complaintId } = await fileOnceKnown(seeker, registrationId, '2701');
    expect(await call('POST', `/complaints/${complaintId}/escalation`, seeker, { reason: 'hard', text: '連絡がつかない' })).toMatchObject({
      status: 400,
      body: { field: 'reason' },
    });
    expect(
      (await call('POST', `/complaints/${complaintId}/escalation`, seeker, { reason: 'officer-hard-to-reach', text: '連絡がつかない' }))
        .status,
    ).toBe(204);
    expect(await call('POST', `/complaints/${complaintId}/answer`, officer, { text: '遅れました' })).toMatchObject({
      status: 409,
      body: { code: 'COMPLAINT_NOT_WITH_ORGANISATION' },
    });

    // Another office's desk sees nothing; the named office's desk sees it, and its read is an event.
    await eventually(async () => expect((await listed(desk('2701'))).map((c) => c.complaintId)).toContain(complaintId));
    expect((await listed(desk('1301'))).map((c) => c.complaintId)).not.toContain(complaintId);
    expect(await call('GET', `/complaints/${complaintId}`, desk('1301'))).toMatchObject({ status: 403, body: { rule: 'R-STF-2' } });
    const read = await call('GET', `/complaints/${complaintId}`, desk('2701'));
    expect(read.body).toMatchObject({ text: TEXT, status: 'escalated', deskOffice: '2701' });
    expect((await streamTypes(complaintId)).filter((t) => t === 'ComplaintTextRead')).toHaveLength(1);

    expect(await call('POST', `/complaints/${complaintId}/desk-steps`, desk('1301'), { text: '事業者に確認' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_THIS_OFFICE_DESK' },
    });
    expect((await call('POST', `/complaints/${complaintId}/desk-steps`, desk('2701'), { text: '事業者に確認' })).status).toBe(204);
    expect(
      (
        await call('POST', `/complaints/${complaintId}/desk-outcome`, desk('2701'), {
          outcome: 'sanction-requested',
          text: '指導に従わない',
        })
      ).status,
    ).toBe(204);

    await eventually(async () =>
      expect((await listed(bureau('27'))).find((c) => c.complaintId === complaintId)).toMatchObject({ status: 'sanction-requested' }),
    );
    expect((await listed(bureau('13'))).map((c) => c.complaintId)).not.toContain(complaintId);
    expect(await call('POST', `/complaints/${complaintId}/sanction-decision`, bureau('13'), { decision: 'termination' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_THIS_PREFECTURE_BUREAU', rule: 'R-CMP-5' },
    });
    expect(await call('POST', `/complaints/${complaintId}/sanction-decision`, bureau('27'), { decision: 'suspension' })).toMatchObject({
      status: 422,
      body: { field: 'until', rule: 'R-CMP-5' },
    });
    expect(
      (
        await call('POST', `/complaints/${complaintId}/sanction-decision`, bureau('27'), {
          decision: 'suspension',
          until: '2027-06-01T00:00:00.000Z',
        })
      ).status,
    ).toBe(204);
    await eventually(async () =>
      expect(published.find((e) => e.type === 'complaints.SanctionDecided.v1' && e.key === `complaint-${complaintId}`)?.data).toEqual({
        complaintId,
        registrationId,
        prefecture: '27',
        decision: 'suspension',
        until: '2027-06-01T00:00:00.000Z',
        at: clock.now().toISOString(),
      }),
    );

    // registration carries it out (its consumer, registration's own test); its status change names the complaint.
    const registrationEventId = newId();
    const statusChanged = {
      registrationId,
      status: 'suspended',
      reason: 'sanction',
      until: '2027-06-01T00:00:00.000Z',
      complaintId,
      at: clock.now().toISOString(),
    };
    await publish(
      'registration',
      'registration.RegistrationStatusChanged.v1',
      `registration-${registrationId}`,
      statusChanged,
      registrationEventId,
    );
    await publish('registration', 'registration.RegistrationStatusChanged.v1', `registration-${registrationId}`, statusChanged, newId());
    await eventually(async () =>
      expect(
        (await infra.log.readStream(`complaint-${complaintId}`)).filter((e) => e.type === 'SanctionCarriedOut').map((e) => e.data),
      ).toEqual([{ complaintId, registrationId, registrationEventId, status: 'suspended', at: statusChanged.at }]),
    );
    const audited = await call('GET', `/complaints/${complaintId}`, auditor());
    expect(audited.body.history.map((h: { type: string }) => h.type)).toEqual([
      'ComplaintEscalated',
      'ComplaintTextRead',
      'DeskStepRecorded',
      'DeskOutcomeRecorded',
      'SanctionDecided',
      'SanctionCarriedOut',
      'ComplaintTextRead',
    ]);
  });

  it("R-CMP-3: the complaint officer consults the filing office's desk, which sees it in its queue, reads it (recorded) and answers; the seeker sees that it happened, not the texts; other desks and users cannot", async () => {
    const { registrationId, seeker, officer } = await dealings();
    const { complaintId } = await fileOnceKnown(seeker, registrationId, '1301');
    expect(
      await call('POST', `/complaints/${complaintId}/consultation`, orgUser(registrationId, false), { text: '対応に困っています' }),
    ).toMatchObject({ status: 403, body: { code: 'NOT_COMPLAINT_OFFICER' } });
    expect((await call('POST', `/complaints/${complaintId}/consultation`, officer, { text: '対応に困っています' })).status).toBe(204);
    await eventually(async () => expect((await listed(desk('1301'))).map((c) => c.complaintId)).toContain(complaintId));
    expect((await listed(desk('2701'))).map((c) => c.complaintId)).not.toContain(complaintId);
    expect(await call('POST', `/complaints/${complaintId}/consultation/answer`, desk('2701'), { text: '助言' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_THE_CONSULTED_DESK', rule: 'R-CMP-3' },
    });
    expect((await call('GET', `/complaints/${complaintId}`, desk('1301'))).body).toMatchObject({ text: TEXT, status: 'filed' });
    expect(
      (await call('POST', `/complaints/${complaintId}/consultation/answer`, desk('1301'), { text: '記録を残して丁寧に回答を' })).status,
    ).toBe(204);
    const forOfficer = (await call('GET', `/complaints/${complaintId}`, officer)).body.history;
    expect(
      forOfficer
        .filter((h: { type: string }) => h.type !== 'ComplaintTextRead')
        .map((h: { type: string; text?: string }) => [h.type, h.text]),
    ).toEqual([
      ['DeskConsulted', '対応に困っています'],
      ['ConsultationAnswered', '記録を残して丁寧に回答を'],
    ]);
    const forSeeker = (await call('GET', `/complaints/${complaintId}`, seeker)).body.history;
    expect(forSeeker.filter((h: { type: string }) => h.type.startsWith('Desk') || h.type.startsWith('Consultation'))).toEqual([
      { type: 'DeskConsulted', at: clock.now().toISOString() },
      { type: 'ConsultationAnswered', at: clock.now().toISOString() },
    ]);
    expect(await streamTypes(complaintId)).toEqual(['ComplaintFiled', 'DeskConsulted', 'ComplaintTextRead', 'ConsultationAnswered']);
  });

  it("R-CMP-2 / R-SKR-5: once escalated, the desk's conversation with the seeker is not served to the organisation — only the parts it is party to", async () => {
    const { registrationId, seeker, officer } = await dealings();
    const { complaintId } = await fileOnceKnown(seeker, registrationId, '1301');
    expect((await call('POST', `/complaints/${complaintId}/messages`, officer, { text: '詳しく教えてください' })).status).toBe(201);
    expect((await call('POST', `/complaints/${complaintId}/messages`, seeker, { text: '夜の十時過ぎです' })).status).toBe(201);
    expect(
      (await call('POST', `/complaints/${complaintId}/escalation`, seeker, { reason: 'not-satisfied', text: '電話番号は090-0000-0000' }))
        .status,
    ).toBe(204);
    expect((await call('POST', `/complaints/${complaintId}/messages`, desk('1301'), { text: 'ご住所を確認させてください' })).status).toBe(
      201,
    );
    expect((await call('POST', `/complaints/${complaintId}/messages`, seeker, { text: '東京都千代田区一丁目' })).status).toBe(201);
    expect((await call('POST', `/complaints/${complaintId}/desk-steps`, desk('1301'), { text: '本人に電話' })).status).toBe(204);

    const forOfficer = await call('GET', `/complaints/${complaintId}`, officer);
    expect(forOfficer.status).toBe(200);
    const served = JSON.stringify(forOfficer.body);
    for (const secret of ['ご住所を確認させてください', '東京都千代田区一丁目', '電話番号は090-0000-0000', '本人に電話'])
      expect(served).not.toContain(secret);
    expect(forOfficer.body.history.map((h: { type: string; text?: string }) => [h.type, h.text])).toEqual([
      ['ComplaintMessagePosted', '詳しく教えてください'],
      ['ComplaintMessagePosted', '夜の十時過ぎです'],
      ['ComplaintEscalated', undefined],
      ['DeskStepRecorded', undefined],
    ]);
    // The seeker and the desk still read the whole conversation.
    const forSeeker = (await call('GET', `/complaints/${complaintId}`, seeker)).body.history;
    expect(forSeeker.filter((h: { type: string }) => h.type === 'ComplaintMessagePosted')).toHaveLength(4);
    const forDesk = (await call('GET', `/complaints/${complaintId}`, desk('1301'))).body.history;
    expect(forDesk.map((h: { text?: string }) => h.text)).toEqual(
      expect.arrayContaining(['ご住所を確認させてください', '東京都千代田区一丁目']),
    );
  });

  it("R-CMP-3 / R-STF-2: without a complaint, the complaint officer consults an office's desk about a seeker named by the registration's own thread; that desk lists, reads (recorded) and answers once; only that registration's officers and that desk see it, the HQ auditor reads only; the events carry no text", async () => {
    const { registrationId, seekerId, officer } = await dealings();
    const threadId = threadIdOf(registrationId, seekerId);
    const TROUBLE = '求職者から繰り返し不当な要求がある';
    const open = (auth: string, body: Record<string, unknown>) => call('POST', '/consultations', auth, body);
    expect(await open(orgUser(registrationId, false), { officeCode: '1301', text: TROUBLE })).toMatchObject({
      status: 403,
      body: { code: 'NOT_COMPLAINT_OFFICER', rule: 'R-CMP-3' },
    });
    expect(await open(officer, { officeCode: '1301', text: TROUBLE, threadId: threadIdOf(registrationId, newId()) })).toMatchObject({
      status: 422,
      body: { code: 'NO_DEALINGS_WITH_SEEKER', rule: 'R-CMP-3', field: 'threadId' },
    });
    expect(await open(officer, { officeCode: '1301', text: TROUBLE, seekerId })).toMatchObject({ status: 400 });
    expect(await open(officer, { officeCode: '', text: TROUBLE })).toMatchObject({ status: 400, body: { field: 'officeCode' } });
    const opened = await open(officer, { officeCode: '1301', text: TROUBLE, threadId });
    expect(opened.status).toBe(201);
    const { consultationId } = opened.body as { consultationId: string };
    const anonymous = await open(officer, { officeCode: '1301', text: '一般的な相談' });
    expect(anonymous.status).toBe(201);

    const ids = (auth: string) =>
      call('GET', '/consultations', auth).then((r) => (r.body as Array<{ consultationId: string }>).map((c) => c.consultationId));
    await eventually(async () =>
      expect(await ids(desk('1301'))).toEqual(expect.arrayContaining([consultationId, anonymous.body.consultationId])),
    );
    expect(await ids(desk('2701'))).not.toContain(consultationId);
    expect(await ids(officer)).toEqual(expect.arrayContaining([consultationId, anonymous.body.consultationId]));
    expect(await ids(orgUser(newId(), true))).not.toContain(consultationId);
    expect(await ids(auditor())).toContain(consultationId);
    expect((await call('GET', '/consultations', orgUser(registrationId, false))).status).toBe(403);
    expect((await call('GET', '/consultations', bureau('13'))).status).toBe(403);
    expect((await call('GET', '/consultations', seekerToken(seekerId))).status).toBe(403);

    // Who may open it: that desk (recorded), the HQ auditor (recorded, read-only), the registration's officers.
    expect(await call('GET', `/consultations/${consultationId}`, desk('2701'))).toMatchObject({ status: 403, body: { rule: 'R-CMP-3' } });
    expect((await call('GET', `/consultations/${consultationId}`, orgUser(newId(), true))).status).toBe(403);
    expect((await call('GET', `/consultations/${consultationId}`, orgUser(registrationId, false))).status).toBe(403);
    expect((await call('GET', `/consultations/${consultationId}`, seekerToken(seekerId))).status).toBe(403);
    expect((await call('GET', `/consultations/${consultationId}`, desk('1301'))).body).toMatchObject({
      text: TROUBLE,
      threadId,
      officeCode: '1301',
      status: 'open',
    });
    expect(await call('POST', `/consultations/${consultationId}/answer`, desk('2701'), { text: '助言' })).toMatchObject({
      status: 403,
      body: { code: 'NOT_THE_CONSULTED_DESK' },
    });
    expect((await call('POST', `/consultations/${consultationId}/answer`, auditor(), { text: '助言' })).status).toBe(403);
    expect((await call('POST', `/consultations/${consultationId}/answer`, desk('1301'), { text: '記録を残し窓口へ' })).status).toBe(204);
    expect(await call('POST', `/consultations/${consultationId}/answer`, desk('1301'), { text: '再回答' })).toMatchObject({
      status: 409,
      body: { code: 'CONSULTATION_ALREADY_ANSWERED', rule: 'R-CMP-4' },
    });
    expect((await call('GET', `/consultations/${consultationId}`, auditor())).status).toBe(200);
    const forOfficer = (await call('GET', `/consultations/${consultationId}`, officer)).body;
    expect(forOfficer).toMatchObject({ text: TROUBLE, status: 'answered', answer: { text: '記録を残し窓口へ' } });
    expect(forOfficer.reads.map((r: { role: string }) => r.role)).toEqual(['complaint-desk', 'hq-auditor']);
    expect(await call('GET', `/consultations/${newId()}`, desk('1301'))).toMatchObject({
      status: 404,
      body: { code: 'CONSULTATION_NOT_FOUND' },
    });

    const stream = await infra.log.readStream(`consultation-${consultationId}`);
    expect(stream.map((e) => e.type)).toEqual(['ConsultationOpened', 'ConsultationRead', 'ConsultationAnswered', 'ConsultationRead']);
    expect(JSON.stringify(stream.map((e) => e.data))).not.toContain(TROUBLE);
    expect(JSON.stringify(stream.map((e) => e.data))).not.toContain(seekerId);
    await eventually(async () =>
      expect(published.filter((e) => e.key === `consultation-${consultationId}`).map((e) => [e.type, e.data])).toEqual([
        ['complaints.ConsultationOpened.v1', { consultationId, registrationId, officeCode: '1301', openedAt: clock.now().toISOString() }],
        // R-STF-2: each staff read is published as who and when, for the auditors' record — never the text.
        ['complaints.ConsultationRead.v1', { consultationId, staffId: 'desk-1301', role: 'complaint-desk', at: clock.now().toISOString() }],
        ['complaints.ConsultationAnswered.v1', { consultationId, officeCode: '1301', at: clock.now().toISOString() }],
        ['complaints.ConsultationRead.v1', { consultationId, staffId: 'hq', role: 'hq-auditor', at: clock.now().toISOString() }],
      ]),
    );
  });

  it("R-CMP-3 / R-AUD-2: erasing the seeker a consultation's thread names makes its text and answer unreadable; a consultation naming no seeker keeps its text", async () => {
    const { registrationId, seekerId, officer } = await dealings();
    const named = await call('POST', '/consultations', officer, {
      officeCode: '1301',
      text: '名指しの相談',
      threadId: threadIdOf(registrationId, seekerId),
    });
    const unnamed = await call('POST', '/consultations', officer, { officeCode: '1301', text: '一般の相談' });
    expect([named.status, unnamed.status]).toEqual([201, 201]);
    expect((await call('POST', `/consultations/${named.body.consultationId}/answer`, desk('1301'), { text: '助言' })).status).toBe(204);
    await eventually(async () => expect((await call('GET', '/consultations', officer)).body).toHaveLength(2));
    await publish('registration', 'registration.SeekerErased.v1', `seeker-${seekerId}`, { seekerId, erasedAt: clock.now().toISOString() });
    await eventually(async () => {
      const view = await call('GET', `/consultations/${named.body.consultationId}`, officer);
      expect(view.status).toBe(200);
      expect(view.body.text).toBeUndefined();
      expect(view.body.answer).toEqual({ at: clock.now().toISOString() });
    });
    expect((await call('GET', `/consultations/${unnamed.body.consultationId}`, officer)).body).toMatchObject({ text: '一般の相談' });
    expect(await call('POST', `/consultations/${named.body.consultationId}/answer`, desk('1301'), { text: '追記' })).toMatchObject({
      status: 422,
      body: { code: 'SEEKER_ERASED', rule: 'R-AUD-2' },
    });
  });

  it('R-AUD-2: after registration.SeekerErased.v1 the complaint text and its conversation no longer open; the complaint and its course stay', async () => {
    const { registrationId, seekerId, seeker, officer } = await dealings();
    const { complaintId } = await fileOnceKnown(seeker, registrationId);
    expect((await call('POST', `/complaints/${complaintId}/messages`, officer, { text: 'ご事情を教えてください' })).status).toBe(201);
    expect((await call('GET', `/complaints/${complaintId}`, officer)).body).toMatchObject({ text: TEXT });
    await publish('registration', 'registration.SeekerErased.v1', `seeker-${seekerId}`, { seekerId, erasedAt: clock.now().toISOString() });
    await eventually(async () => {
      const view = await call('GET', `/complaints/${complaintId}`, officer);
      expect(view.status).toBe(200);
      expect(view.body.text).toBeUndefined();
      expect(view.body.history).toEqual([{ type: 'ComplaintMessagePosted', at: clock.now().toISOString(), from: 'complaint-officer' }]);
    });
    expect(await call('POST', `/complaints/${complaintId}/messages`, officer, { text: 'もう一度' })).toMatchObject({
      status: 422,
      body: { code: 'SEEKER_ERASED' },
    });
    expect(await streamTypes(complaintId)).toEqual(['ComplaintFiled', 'ComplaintMessagePosted']);
  });

  it('R-AUD-1: a rebuild of the complaint list from the log gives the same rows', async () => {
    const { registrationId, seeker } = await dealings();
    const { complaintId } = await fileOnceKnown(seeker, registrationId);
    expect(
      (await call('POST', `/complaints/${complaintId}/escalation`, seeker, { reason: 'officer-hard-to-reach', text: '返事がない' })).status,
    ).toBe(204);
    await eventually(async () =>
      expect((await listed(seeker)).find((c) => c.complaintId === complaintId)).toMatchObject({ status: 'escalated' }),
    );
    const db = app.get<DataSource>(READ_DB);
    const rows = () => db.getRepository(ComplaintRow).find({ order: { complaintId: 'ASC' } });
    const runner = new ProjectionRunner(infra.log, db, complaintsProjection);
    await runner.start();
    await runner.caughtUp();
    const live = await rows();
    expect(live.find((r) => r.complaintId === complaintId)).toMatchObject({ status: 'escalated', deskOffice: '1301' });
    await runner.rebuild();
    expect(await rows()).toEqual(live);
    await runner.stop();
  });

  it('R-AUD-1 / R-CMP-3: a rebuild of the consultation list from the log gives the same rows', async () => {
    const { registrationId, officer } = await dealings();
    const opened = await call('POST', '/consultations', officer, { officeCode: '1301', text: '相談' });
    expect(opened.status).toBe(201);
    expect((await call('POST', `/consultations/${opened.body.consultationId}/answer`, desk('1301'), { text: '助言' })).status).toBe(204);
    const db = app.get<DataSource>(READ_DB);
    const rows = () => db.getRepository(ConsultationRow).find({ order: { consultationId: 'ASC' } });
    const runner = new ProjectionRunner(infra.log, db, consultationsProjection);
    await runner.start();
    await runner.caughtUp();
    const live = await rows();
    expect(live.find((r) => r.consultationId === opened.body.consultationId)).toMatchObject({ registrationId, status: 'answered' });
    await runner.rebuild();
    expect(await rows()).toEqual(live);
    await runner.stop();
  });
};

describe('complaints service (SQLite log and read models, ManualClock)', suite({}));

const schemaPrefix = `${uniqueSchema('cmp')}_`;
describeWith(['postgres'], 'complaints service (SQLite log, PostgreSQL read models, ManualClock)', () => {
  afterAll(() => dropSchema(`${schemaPrefix}complaints`));
  suite({ READ_DB: 'postgres', DATABASE_URL: postgresUrl(), READ_DB_SCHEMA_PREFIX: schemaPrefix })();
});
