import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { Infrastructure, loadConfig, PrincipalClaims, createHttpApp, baseUrlOf, READ_DB } from '@hw/platform/nest';
import { SeekerKeyRing } from '@hw/platform/projections';
import { DataSource } from 'typeorm';
import { eventually, httpClient } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { MessagingServiceModule } from './messaging.module';
import { MessagingService } from './messaging.service';
import { MESSAGING_KEYS } from './messaging-keys';
import { messageIdOf, threadIdOf } from './derived-ids';

const SECRET = 'int-secret-of-at-least-thirty-two-characters!';

/**
 * The messaging service in-process on a real SQLite log, with a ManualClock: the day boundary,
 * consent at once, idempotency, and who sees which threads.
 */
describe('messaging service (SQLite log, ManualClock)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-messaging-int-'));
  const clock = new ManualClock('2026-11-25T14:59:59.000Z'); // 23:59:59.000 JST
  let infra: Infrastructure;
  let app: INestApplication;
  let base: string;

  const token = (claims: PrincipalClaims) => `Bearer ${infra.tokens.sign(claims, clock.now(), 86_400 * 3)}`;
  const org = (
    registrationId: string,
    departmentId = 'd1',
    organisationKind: 'private-paid' | 'private-free' | 'local-government' = 'private-free',
  ) => token({ kind: 'organisation-user', sub: `u-${departmentId}`, registrationId, departmentId, organisationKind });
  const call = httpClient(() => base);
  /** One event appended to a stream in the log, as the context that owns the stream records it. */
  const recorded = (streamId: string, type: string, data: Record<string, unknown>) =>
    infra.log.append(
      streamId,
      [
        {
          id: newId(),
          type,
          schemaVersion: 1,
          data,
          metadata: { correlationId: newId(), principal: { kind: 'system', id: 'test' }, occurredAt: clock.now().toISOString() },
        },
      ],
      'any',
    );
  /** registration's own stream in the log, which the send path reads at send time (R-ORG-1, R-MSG-4). */
  const registrationEvent = (registrationId: string, type: string, data: Record<string, unknown>) =>
    recorded(`registration-${registrationId}`, type, { registrationId, ...data });
  const approve = (registrationId: string, organisationKind = 'private-free') =>
    registrationEvent(registrationId, 'ApplicationApproved', {
      summary: { organisationKind },
      usagePeriodEndsAt: '2029-11-25T00:00:00.000Z',
      complaintOfficerVersion: 1,
      approvedAt: clock.now().toISOString(),
    });
  const seekerEvent = async (seekerId: string, type: string, data: Record<string, unknown>) =>
    recorded(`seeker-${seekerId}`, type, { seekerId, ...data });
  const registerSeeker = async (scope = ['private-agencies', 'local-governments']) => {
    const seekerId = newId();
    await seekerEvent(seekerId, 'SeekerRegistered', { scope, eligible: true });
    return seekerId;
  };
  const send = (
    registrationId: string,
    seekerId: string,
    headers: Record<string, string> = {},
    kind = 'guidance',
    auth = org(registrationId),
  ) => call('POST', '/messages', auth, { seekerRef: seekerReference(SECRET, registrationId, seekerId), kind, body: 'ご案内' }, headers);
  /** The first send after an approval: the approval reaches messaging asynchronously (in-process bus), so it is retried until accepted. */
  const sendOnceActive = (...args: Parameters<typeof send>) =>
    eventually(async () => {
      const response = await send(...args);
      expect(response.status).toBe(201);
      return response;
    });

  beforeAll(async () => {
    infra = await Infrastructure.create(loadConfig({ DATA_DIR: dir, AUTH_SECRET: SECRET, LOG_LEVEL: 'error' }), clock);
    app = await createHttpApp(MessagingServiceModule.register(infra, { DAILY_MESSAGE_LIMIT: '3' }), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = baseUrlOf(app);
    base = base.replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-MSG-2: at 23:59:59.999 JST the 4th message of a 3-a-day registration is refused with the limit and the 00:00 JST reset; at 00:00:00.000 JST it is accepted', async () => {
    const reg = `reg-${newId()}`;
    await approve(reg);
    const seekers = [await registerSeeker(), await registerSeeker()];
    await sendOnceActive(reg, seekers[0]);
    expect((await send(reg, seekers[1])).status).toBe(201);
    clock.set('2026-11-25T14:59:59.999Z');
    expect((await send(reg, seekers[0])).status).toBe(201);
    const refused = await send(reg, seekers[1]);
    expect(refused).toMatchObject({
      status: 429,
      body: { code: 'DAILY_LIMIT_REACHED', rule: 'R-MSG-2', limit: 3, resetsAt: '2026-11-25T15:00:00.000Z' },
    });
    clock.set('2026-11-25T15:00:00.000Z');
    const accepted = await send(reg, seekers[1]);
    expect(accepted).toMatchObject({ status: 201, body: { day: '20261126' } });
    const log = infra.log as SqliteEventLog;
    const days = (await log.readAll({ streamPrefixes: [`daily-quota-${reg}-`] })).map((e) => e.streamId);
    expect(days.filter((s) => s.endsWith('20261125'))).toHaveLength(3);
    expect(days.filter((s) => s.endsWith('20261126'))).toHaveLength(1);
    clock.set('2026-11-25T14:59:59.000Z');
  });

  it('R-MSG-8: a retried send with the same Idempotency-Key is delivered and counted once', async () => {
    clock.set('2026-11-26T03:00:00.000Z');
    const reg = `reg-${newId()}`;
    await approve(reg);
    const seeker = await registerSeeker();
    const first = await sendOnceActive(reg, seeker, { 'Idempotency-Key': 'k-1' });
    const again = await Promise.all([1, 2, 3].map(() => send(reg, seeker, { 'Idempotency-Key': 'k-1' })));
    for (const r of again) expect(r).toEqual(first);
    const events = await infra.log.readAll({ streamPrefixes: [`daily-quota-${reg}-`, `thread-${first.body.threadId}`] });
    expect(events.filter((e) => e.type === 'MessageQuotaReserved')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'OrganisationMessageSent')).toHaveLength(1);
  });

  it('R-MSG-8 / R-MSG-2 across midnight: a send reserved at 23:59:59.999 JST whose message was never recorded (a crash), retried with its key at 00:00:00.000 JST, is counted once, on the first day, and its message says so', async () => {
    const before = clock.now().toISOString();
    clock.set('2026-11-27T14:59:59.000Z'); // 23:59:59.000 JST, 27 November
    const reg = `reg-${newId()}`;
    await approve(reg);
    const seeker = await registerSeeker();
    await sendOnceActive(reg, seeker, { 'Idempotency-Key': 'earlier' });
    // The crash: the reservation of 'k-midnight' is in the log, its message is not.
    clock.set('2026-11-27T14:59:59.999Z');
    const messageId = messageIdOf(reg, 'k-midnight');
    await infra.log.append(
      `daily-quota-${reg}-20261127`,
      [
        {
          id: newId(),
          type: 'MessageQuotaReserved',
          schemaVersion: 1,
          data: {
            registrationId: reg,
            day: '20261127',
            messageId,
            departmentId: 'd1',
            userId: 'u-d1',
            sequence: 2,
            limit: 3,
            reservedAt: clock.now().toISOString(),
          },
          metadata: { correlationId: newId(), principal: { kind: 'organisation-user', id: 'u-d1' }, occurredAt: clock.now().toISOString() },
        },
      ],
      'any',
    );
    clock.set('2026-11-27T15:00:00.000Z'); // 00:00:00.000 JST, 28 November
    const retried = await send(reg, seeker, { 'Idempotency-Key': 'k-midnight' });
    expect(retried).toMatchObject({ status: 201, body: { messageId, day: '20261127' } });
    expect(await send(reg, seeker, { 'Idempotency-Key': 'k-midnight' })).toEqual(retried);
    const reservations = (await infra.log.readAll({ streamPrefixes: [`daily-quota-${reg}-`] })).map((e) => [
      e.streamId.slice(-8),
      (e.data as { messageId: string }).messageId,
    ]);
    expect(reservations.filter(([, id]) => id === messageId)).toEqual([['20261127', messageId]]);
    expect(reservations.filter(([day]) => day === '20261128')).toEqual([]);
    const recorded = (await infra.log.readStream(`thread-${retried.body.threadId}`)).filter((e) => e.id === messageId);
    expect(recorded.map((e) => (e.data as { day: string }).day)).toEqual(['20261127']);
    // A new key at 00:00 JST is counted on the new day.
    expect(await send(reg, seeker, { 'Idempotency-Key': 'later' })).toMatchObject({ status: 201, body: { day: '20261128' } });
    clock.set(before);
  });

  it('R-MSG-8 / R-MSG-4 across processes: a thread this process has cached is brought up to date from the log before each decision', async () => {
    const reg = `reg-${newId()}`;
    await approve(reg);
    const seekerId = await registerSeeker();
    // Another process: its own service instance (own caches) on the same log.
    const other = new MessagingService(infra.log, clock, infra.config, { dailyMessageLimit: 3 }, app.get(MESSAGING_KEYS));
    await sendOnceActive(reg, seekerId, { 'idempotency-key': 'x-1' }); // cached here at revision 0
    const elsewhere = await other.send(
      { registrationId: reg, departmentId: 'd1', userId: 'u-d1' },
      { seekerRef: seekerReference(SECRET, reg, seekerId), kind: 'guidance', body: 'ご案内' },
      'x-2',
      newId(),
    );
    const retried = await send(reg, seekerId, { 'idempotency-key': 'x-2' });
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ messageId: elsewhere.messageId, sentAt: elsewhere.sentAt }); // the original, not a second message
    const third = await send(reg, seekerId, { 'idempotency-key': 'x-3' });
    expect(third.status).toBe(201);
    expect(third.body.complaintOfficer).toBeUndefined(); // not the thread's first message
    const thread = await infra.log.readStream(`thread-${third.body.threadId}`);
    expect(thread.map((e) => e.id)).toEqual([expect.any(String), elsewhere.messageId, third.body.messageId]);
  });

  it('R-MSG-4: the first message carries the complaint officer reference as approved; R-MSG-7: every message records registration, department, user and time', async () => {
    const reg = `reg-${newId()}`;
    await approve(reg);
    const seeker = await registerSeeker();
    const first = await sendOnceActive(reg, seeker);
    expect(first.body.complaintOfficer).toEqual({ registrationId: reg, version: 1, href: `/registrations/${reg}/complaint-officer/1` });
    const second = await send(reg, seeker);
    expect(second.body.complaintOfficer).toBeUndefined();
    const [recorded] = await infra.log.readStream(`thread-${first.body.threadId}`);
    expect(recorded.data).toMatchObject({ registrationId: reg, departmentId: 'd1', userId: 'u-d1', sentAt: clock.now().toISOString() });
    expect(recorded.metadata).toMatchObject({
      principal: { kind: 'organisation-user', id: 'u-d1' },
      registrationId: reg,
      departmentId: 'd1',
    });
  });

  it('R-SKR-4 / R-SKR-6: once a stop or a block has been recorded, the next send is refused at once (read from the log)', async () => {
    const reg = `reg-${newId()}`;
    await approve(reg);
    const stopping = await registerSeeker();
    const blocking = await registerSeeker();
    await sendOnceActive(reg, stopping);
    expect((await send(reg, blocking)).status).toBe(201);
    await seekerEvent(stopping, 'SeekerStoppedUse', { stoppedAt: clock.now().toISOString() });
    await seekerEvent(blocking, 'SeekerBlockedRegistration', { registrationId: reg });
    expect(await send(reg, stopping)).toMatchObject({ status: 422, body: { code: 'SEEKER_STOPPED_USE', rule: 'R-SKR-4' } });
    expect(await send(reg, blocking)).toMatchObject({ status: 422, body: { code: 'SEEKER_BLOCKED_ORGANISATION', rule: 'R-SKR-6' } });
  });

  it('R-MSG-5: each refusal has its own code — registration not active, not eligible, outside scope', async () => {
    const reg = `reg-${newId()}`;
    const unknown = await registerSeeker();
    expect(await send(reg, unknown)).toMatchObject({ status: 403, body: { code: 'REGISTRATION_NOT_ACTIVE', rule: 'R-MSG-5' } });
    const lg = `reg-${newId()}`;
    await approve(lg, 'local-government');
    const privateOnly = await registerSeeker(['private-agencies']);
    await eventually(async () =>
      expect(await send(lg, privateOnly, {}, 'guidance', org(lg, 'd1', 'local-government'))).toMatchObject({
        status: 422,
        body: { code: 'SEEKER_OUTSIDE_SCOPE' },
      }),
    );
    const ineligible = newId();
    await seekerEvent(ineligible, 'SeekerRegistered', { scope: ['local-governments'], eligible: false });
    expect(await send(lg, ineligible, {}, 'guidance', org(lg, 'd1', 'local-government'))).toMatchObject({
      status: 422,
      body: { code: 'SEEKER_NOT_ELIGIBLE' },
    });
    await registrationEvent(lg, 'RegistrationSuspended', { reason: 'sanction', note: 'test', suspendedAt: clock.now().toISOString() });
    // R-ORG-1: read from the log at send time — refused by the very next send, no waiting.
    expect(await send(lg, privateOnly, {}, 'guidance', org(lg, 'd1', 'local-government'))).toMatchObject({
      status: 403,
      body: { code: 'REGISTRATION_NOT_ACTIVE' },
    });
  });

  it('R-MSG-1: seekers reply (no quota); a seeker sees only its own threads, an organisation user only its registration’s', async () => {
    const regA = `reg-${newId()}`;
    const regB = `reg-${newId()}`;
    await approve(regA);
    await approve(regB);
    const seeker = await registerSeeker();
    const other = await registerSeeker();
    const sentA = await sendOnceActive(regA, seeker);
    await sendOnceActive(regB, other);
    const seekerAuth = token({ kind: 'seeker', sub: seeker });
    const reply = await call('POST', `/threads/${sentA.body.threadId}/replies`, seekerAuth, { kind: 'reply', body: 'はい' });
    expect(reply.status).toBe(201);
    const intruder = await call('POST', `/threads/${sentA.body.threadId}/replies`, token({ kind: 'seeker', sub: other }), {
      kind: 'reply',
      body: 'x',
    });
    expect(intruder).toMatchObject({ status: 404, body: { code: 'THREAD_NOT_FOUND' } });
    const quota = await infra.log.readAll({ streamPrefixes: [`daily-quota-${regA}-`] });
    expect(quota).toHaveLength(1); // the reply did not count

    await eventually(async () => {
      const inbox = await call('GET', '/threads', seekerAuth);
      expect(inbox.body.items).toEqual([expect.objectContaining({ threadId: sentA.body.threadId, registrationId: regA, messageCount: 2 })]);
    });
    const threadsA = await call('GET', '/threads', org(regA));
    expect(threadsA.body.items.map((t: any) => t.threadId)).toEqual([sentA.body.threadId]);
    expect(threadsA.body.items[0].seekerRef).toBe(seekerReference(SECRET, regA, seeker));
    expect(JSON.stringify(threadsA.body)).not.toContain(seeker);
    expect((await call('GET', `/threads/${sentA.body.threadId}/messages`, org(regB))).status).toBe(404);
    expect((await call('GET', `/threads/${sentA.body.threadId}/messages`, token({ kind: 'seeker', sub: other }))).status).toBe(404);
    const messages = await call('GET', `/threads/${sentA.body.threadId}/messages`, seekerAuth);
    expect(messages.body.items.map((m: any) => m.sender)).toEqual(['organisation', 'seeker']);
    const outbox = await call('GET', '/outbox', org(regA));
    expect(outbox.body.items).toHaveLength(1);
    expect((await call('GET', '/outbox', org(regA, 'd2'))).body.items).toHaveLength(0);
  });

  it('R-MSG-3: messages may be sent at any hour — at 03:00, 12:00 and 23:30 JST alike', async () => {
    const before = clock.now().toISOString();
    clock.set('2026-11-29T18:00:00.000Z'); // 03:00 JST, 30 November
    const reg = `reg-${newId()}`;
    await approve(reg);
    const seeker = await registerSeeker();
    await eventually(async () => expect(await send(reg, seeker)).toMatchObject({ status: 201, body: { day: '20261130' } }));
    clock.set('2026-11-30T03:00:00.000Z'); // 12:00 JST
    expect(await send(reg, seeker)).toMatchObject({ status: 201, body: { day: '20261130' } });
    clock.set('2026-11-30T14:30:00.000Z'); // 23:30 JST
    expect(await send(reg, seeker)).toMatchObject({ status: 201, body: { day: '20261130' } });
    clock.set(before);
  });

  it('R-MSG-6 over HTTP: a fee-charging agency states its fees before accepting the application; paid services are offered only after the seeker asked — each refusal costs no quota', async () => {
    const paid = `reg-${newId()}`;
    await approve(paid, 'private-paid');
    const seeker = await registerSeeker();
    await sendOnceActive(paid, seeker, {}, 'guidance', org(paid, 'd1', 'private-paid'));
    // R-MSG-6a
    expect(await send(paid, seeker, {}, 'application-acceptance', org(paid, 'd1', 'private-paid'))).toMatchObject({
      status: 422,
      body: { code: 'FEE_STATEMENT_REQUIRED', rule: 'R-MSG-6' },
    });
    expect((await send(paid, seeker, {}, 'fee-statement', org(paid, 'd1', 'private-paid'))).status).toBe(201);
    expect((await send(paid, seeker, {}, 'application-acceptance', org(paid, 'd1', 'private-paid'))).status).toBe(201);
    expect(
      (await infra.log.readAll({ streamPrefixes: [`daily-quota-${paid}-`] })).filter((e) => e.type === 'MessageQuotaReserved'),
    ).toHaveLength(3);

    // R-MSG-6b
    const free = `reg-${newId()}`;
    await approve(free);
    const opened = await sendOnceActive(free, seeker);
    expect(await send(free, seeker, {}, 'paid-service-offer')).toMatchObject({
      status: 422,
      body: { code: 'PAID_SERVICE_NOT_REQUESTED', rule: 'R-MSG-6' },
    });
    const asked = await call('POST', `/threads/${opened.body.threadId}/replies`, token({ kind: 'seeker', sub: seeker }), {
      kind: 'paid-service-request',
      body: '有料の支援について教えてください',
    });
    expect(asked.status).toBe(201);
    expect((await send(free, seeker, {}, 'paid-service-offer')).status).toBe(201);
    expect(
      (await infra.log.readAll({ streamPrefixes: [`daily-quota-${free}-`] })).filter((e) => e.type === 'MessageQuotaReserved'),
    ).toHaveLength(2);
  });

  it("R-MSG-2 / R-ORG-5 / R-ORG-6: a contractor acting for a joint registration spends that registration's count with its departments; acting for its own business, it spends its own registration's", async () => {
    const joint = `reg-${newId()}`; // a local government's joint registration; the contractor is one of its units
    const own = `reg-${newId()}`; // the contractor agency's own registration (another application category)
    await approve(joint, 'local-government');
    await approve(own, 'private-free');
    const contractorUnit = newId();
    const seekers = [await registerSeeker(), await registerSeeker(), await registerSeeker(), await registerSeeker()];
    const asCityDepartment = org(joint, 'd1', 'local-government');
    const asContractorForCity = org(joint, contractorUnit, 'local-government');
    const asContractorForItself = org(own, 'd1', 'private-free');
    await sendOnceActive(joint, seekers[0], {}, 'guidance', asCityDepartment);
    expect((await send(joint, seekers[1], {}, 'guidance', asContractorForCity)).status).toBe(201);
    expect((await send(joint, seekers[2], {}, 'guidance', asContractorForCity)).status).toBe(201);
    // The joint registration's 3 are used up, whoever sent them.
    expect(await send(joint, seekers[3], {}, 'guidance', asCityDepartment)).toMatchObject({
      status: 429,
      body: { code: 'DAILY_LIMIT_REACHED', rule: 'R-MSG-2' },
    });
    expect(await send(joint, seekers[3], {}, 'guidance', asContractorForCity)).toMatchObject({
      status: 429,
      body: { code: 'DAILY_LIMIT_REACHED' },
    });
    // Its own business runs on its own registration's count.
    await sendOnceActive(own, seekers[3], {}, 'guidance', asContractorForItself);
    const reservations = await infra.log.readAll({ streamPrefixes: [`daily-quota-${joint}-`, `daily-quota-${own}-`] });
    expect(
      reservations
        .filter((e) => e.streamId.startsWith(`daily-quota-${joint}-`))
        .map((e) => (e.data as { departmentId: string }).departmentId),
    ).toEqual(['d1', contractorUnit, contractorUnit]);
    expect(reservations.filter((e) => e.streamId.startsWith(`daily-quota-${own}-`))).toHaveLength(1);
  });

  it("R-SKR-5 in messages: organisations address a seeker by their own reference only; the disclosure registration records is recorded in that registration's thread (fields, never values) and shown to it only, and so is its withdrawal", async () => {
    const regA = `reg-${newId()}`;
    const regB = `reg-${newId()}`;
    const regC = `reg-${newId()}`; // no thread with the seeker
    await approve(regA);
    await approve(regB);
    const seeker = await registerSeeker();
    const toA = await sendOnceActive(regA, seeker);
    await sendOnceActive(regB, seeker);
    expect(toA.body.seekerRef).toBe(seekerReference(SECRET, regA, seeker));
    expect(toA.body.seekerRef).not.toBe(seekerReference(SECRET, regB, seeker)); // unlinkable across registrations
    expect(JSON.stringify(toA.body)).not.toContain(seeker);

    // registration recorded the disclosure (POST /seekers/:id/disclosures) and published it.
    const fromRegistration = (type: string, registrationId: string, data: Record<string, unknown>) => ({
      id: newId(),
      type: `registration.${type}.v1`,
      key: `seeker-${seeker}`,
      occurredAt: clock.now().toISOString(),
      correlationId: newId(),
      data: { seekerId: seeker, registrationId, ...data },
    });
    const disclosure = fromRegistration('SeekerDisclosedIdentity', regA, {
      fields: ['name', 'phone'],
      disclosedAt: clock.now().toISOString(),
    });
    await infra.bus.publish('registration', [
      disclosure,
      fromRegistration('SeekerDisclosedIdentity', regC, { fields: ['email'], disclosedAt: clock.now().toISOString() }),
    ]);
    await infra.bus.publish('registration', [disclosure]); // redelivered
    const threadEvents = async () => infra.log.readStream(`thread-${toA.body.threadId}`);
    await eventually(async () => expect((await threadEvents()).map((e) => e.type)).toContain('IdentityDisclosed'));
    const recorded = (await threadEvents()).filter((e) => e.type === 'IdentityDisclosed');
    expect(recorded).toHaveLength(1);
    expect(recorded[0].metadata.causationId).toBe(disclosure.id);
    expect(Object.keys(recorded[0].data as object).sort()).toEqual([
      'disclosedAt',
      'disclosureId',
      'fields',
      'registrationId',
      'seekerId',
      'threadId',
    ]); // no values
    expect(recorded[0].data).toMatchObject({ fields: ['name', 'phone'], registrationId: regA });
    expect(await infra.log.readStream(`thread-${threadIdOf(regC, seeker)}`)).toEqual([]);
    await eventually(async () =>
      expect((await call('GET', '/threads', org(regA))).body.items).toEqual([
        expect.objectContaining({ threadId: toA.body.threadId, identityDisclosed: true }),
      ]),
    );
    const threadsB = await call('GET', '/threads', org(regB));
    expect(threadsB.body.items.map((t: any) => t.identityDisclosed)).toEqual([false]);
    expect(JSON.stringify(threadsB.body)).not.toContain(seeker);

    await infra.bus.publish('registration', [
      fromRegistration('SeekerWithdrewDisclosure', regA, { withdrawnAt: clock.now().toISOString() }),
    ]);
    await eventually(async () =>
      expect((await call('GET', '/threads', org(regA))).body.items).toEqual([expect.objectContaining({ identityDisclosed: false })]),
    );
    expect((await threadEvents()).map((e) => e.type).filter((t) => t.startsWith('Identity'))).toEqual([
      'IdentityDisclosed',
      'IdentityDisclosureWithdrawn',
    ]);
  });

  it('validation errors name the field and the rule', async () => {
    const r = await call('POST', '/messages', org('reg-x'), { seekerRef: 'nope', kind: 'spam', body: '' });
    expect(r.status).toBe(400);
    expect(r.body.violations.map((v: any) => v.field).sort()).toEqual(['body', 'kind', 'seekerRef']);
    expect(r.body.violations.find((v: any) => v.field === 'seekerRef').rule).toBe('R-SKR-5');
  });

  it("R-AUD-2: bodies in both directions reach the log and the read model only sealed under the seeker's key; after registration.SeekerErased.v1 the key is gone, the threads leave every view, nothing can be sent or replied, and the day's count stays", async () => {
    const reg = `reg-${newId()}`;
    await approve(reg);
    const seeker = await registerSeeker();
    const secretText = `電話は090-${Math.floor(1000 + Math.random() * 8999)}-5678です`;
    const sent = await call('POST', '/messages', org(reg), {
      seekerRef: seekerReference(SECRET, reg, seeker),
      kind: 'guidance',
      body: `ご案内: ${secretText}`,
    });
    expect(sent.status).toBe(201);
    const seekerAuth = token({ kind: 'seeker', sub: seeker });
    expect((await call('POST', `/threads/${sent.body.threadId}/replies`, seekerAuth, { kind: 'reply', body: secretText })).status).toBe(
      201,
    );
    await eventually(async () => {
      const read = await call('GET', `/threads/${sent.body.threadId}/messages`, org(reg)); // the seeker's write: not the organisation's own
      expect(read.body.items.map((m: any) => m.body)).toEqual([`ご案内: ${secretText}`, secretText]);
    });

    const events = await infra.log.readStream(`thread-${sent.body.threadId}`);
    expect(events.map((e) => Object.keys(e.data as object).includes('body'))).toEqual([false, false]);
    expect(JSON.stringify(events.map((e) => [e.data, e.metadata]))).not.toContain(secretText);
    const db = app.get(READ_DB) as DataSource;
    expect(JSON.stringify(await db.query('SELECT * FROM messaging_messages'))).not.toContain(secretText);
    const countBefore = (await infra.log.readAll({ streamPrefixes: [`daily-quota-${reg}-`] })).length;

    await seekerEvent(seeker, 'SeekerErased', { erasedAt: clock.now().toISOString() });
    await infra.bus.publish('registration', [
      {
        id: newId(),
        type: 'registration.SeekerErased.v1',
        key: `seeker-${seeker}`,
        occurredAt: clock.now().toISOString(),
        data: { seekerId: seeker, erasedAt: clock.now().toISOString() },
      },
    ]);
    await eventually(async () => expect((await call('GET', `/threads/${sent.body.threadId}/messages`, org(reg))).status).toBe(404));
    expect((await call('GET', '/threads', org(reg))).body.items).toEqual([]);
    expect((await call('GET', '/threads', seekerAuth)).body.items).toEqual([]);
    expect(await db.query('SELECT seeker_id FROM seeker_keys WHERE seeker_id = ?', [seeker])).toEqual([]);
    // The sealed bodies stay in the log, and no key opens them any more.
    const ring = new SeekerKeyRing(db, infra.config.PERSONAL_DATA_KEY, 'messaging');
    for (const e of events) expect(await ring.open(seeker, (e.data as { sealedBody: string }).sealedBody)).toBeUndefined();
    expect(await send(reg, seeker)).toMatchObject({ status: 422, body: { code: 'SEEKER_ERASED', rule: 'R-AUD-2' } });
    expect(await call('POST', `/threads/${sent.body.threadId}/replies`, seekerAuth, { kind: 'reply', body: 'まだ' })).toMatchObject({
      status: 422,
      body: { code: 'SEEKER_ERASED' },
    });
    expect((await infra.log.readAll({ streamPrefixes: [`daily-quota-${reg}-`] })).length).toBe(countBefore); // counts stay
  });
});
