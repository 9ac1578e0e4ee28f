import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, tokyoDay } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { approveRegistration, AUTH_SECRET, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

/** The raw bytes of a SQLite file and its WAL. */
const rawBytes = (file: string): Buffer => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));

/**
 * R-AUD-2 across contexts and processes: a registration process and a messaging process share
 * one log and Kafka. A seeker registered at the counter is messaged and replies with personal
 * data; after the erasure at the counter, messaging — told by registration.SeekerErased.v1 over
 * Kafka — shows the thread to no one, refuses sends and replies (SEEKER_ERASED), and no known
 * string of the seeker's is in the log's or messaging's files; the day's count stays.
 * Ports 3610–3611.
 */
describeWith(['kafka'], 'erasure reaches messaging across processes (R-AUD-2)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-erasure-messaging-e2e-'));
  const REGISTRATION = 3610;
  const MESSAGING = 3611;
  const env = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const processes: Started[] = [];
  let log: SqliteEventLog;

  beforeAll(async () => {
    processes.push(startProcess('apps/registration/src/main.ts', { ...env, REGISTRATION_PORT: String(REGISTRATION) }));
    await waitForHealth(REGISTRATION, processes[0], 90_000);
    processes.push(startProcess('apps/messaging/src/main.ts', { ...env, MESSAGING_PORT: String(MESSAGING) }));
    await waitForHealth(MESSAGING, processes[1], 90_000);
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
  }, 200_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await log?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("R-AUD-2: after the erasure the thread is in no one's view, sends and replies are refused SEEKER_ERASED, the seeker can no longer log in, no message text or personal string is in the log or messaging's database, and the count stays", async () => {
    const run = newId().replace(/-/g, '').slice(-8);
    const counter = bearer({ kind: 'staff', sub: 'counter-1', role: 'counter', officeCode: '13010' });
    const personal = {
      jobSeekerNumber: `13010-8${run
        .replace(/[^0-9]/g, '')
        .padEnd(7, '3')
        .slice(0, 7)}`,
      name: `消去 花子${run}`,
      nameKana: `ショウキョ ハナコ${run}`,
      birthDate: '1990-05-05',
      address: `東京都新宿区西新宿${run}番地`,
      phone: '03-1111-2222',
      email: `erase-msg-${run}@example.jp`,
    };
    const created = await http('POST', `http://127.0.0.1:${REGISTRATION}/seekers`, counter, {
      scope: ['private-agencies', 'local-governments'],
      termsVersion: '2026-04',
      personalData: personal,
      appliedOn: tokyoDay(new Date()).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'),
      school: { status: 'none' },
      profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time', selfPr: '経理の経験があります' },
    });
    expect(created.status).toBe(201);
    const seekerId: string = created.body.seekerId;
    const identity = `http://127.0.0.1:${REGISTRATION}/identity`;
    const activation = await http('POST', `${identity}/seekers/${seekerId}/activation`, counter, { reason: 'first login at the counter' });
    expect(activation.status).toBe(201);
    const password = 'a-long-enough-password';
    expect(
      (
        await http('POST', `${identity}/seekers/activate`, undefined, {
          login: activation.body.login,
          activationCode: activation.body.activationCode,
          password,
        })
      ).status,
    ).toBe(204);
    expect((await http('POST', `${identity}/login`, undefined, { login: activation.body.login, password })).status).toBe(200);
    const registrationId = await approveRegistration(REGISTRATION);
    const org = bearer({
      kind: 'organisation-user',
      sub: `admin-${registrationId}`,
      registrationId,
      departmentId: 'main',
      organisationKind: 'private-paid',
    });
    const seeker = bearer({ kind: 'seeker', sub: seekerId });
    const base = `http://127.0.0.1:${MESSAGING}`;
    const send = () =>
      http('POST', `${base}/messages`, org, {
        seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId),
        kind: 'guidance',
        body: `${personal.name}様へのご案内`,
      });

    const sent = await send();
    expect(sent.status).toBe(201);
    const replyText = `連絡先は ${personal.email} と ${personal.address} です`;
    expect((await http('POST', `${base}/threads/${sent.body.threadId}/replies`, seeker, { kind: 'reply', body: replyText })).status).toBe(
      201,
    );
    await eventually(async () =>
      expect(
        (await http('GET', `${base}/threads/${sent.body.threadId}/messages`, org)).body.items.map((m: { body: string }) => m.body),
      ).toContain(replyText),
    );
    const count = (await log.readStream(`daily-quota-${registrationId}-${tokyoDay(new Date())}`)).length;

    const erased = await http('POST', `http://127.0.0.1:${REGISTRATION}/seekers/${seekerId}/erasure`, counter, {
      requestReference: `REQ-${run}`,
    });
    expect(erased.status).toBe(200);
    expect((await http('POST', `${identity}/login`, undefined, { login: activation.body.login, password })).status).toBe(401); // credentials gone
    await eventually(
      async () => expect((await http('GET', `${base}/threads/${sent.body.threadId}/messages`, org)).status).toBe(404),
      60_000,
    );
    expect((await http('GET', `${base}/threads`, org)).body.items).toEqual([]);
    expect((await http('GET', `${base}/threads`, seeker)).body.items).toEqual([]);
    expect((await http('GET', `${base}/outbox`, org)).body.items).toEqual([]);
    expect(await send()).toMatchObject({ status: 422, body: { code: 'SEEKER_ERASED', rule: 'R-AUD-2' } });
    expect(await http('POST', `${base}/threads/${sent.body.threadId}/replies`, seeker, { kind: 'reply', body: 'もう一度' })).toMatchObject({
      status: 422,
      body: { code: 'SEEKER_ERASED' },
    });
    expect((await log.readStream(`daily-quota-${registrationId}-${tokyoDay(new Date())}`)).length).toBe(count); // counts stay

    // The thread's events stay in the log (R-MSG-7), their bodies sealed under a key that is gone.
    expect((await log.readStream(`thread-${sent.body.threadId}`)).map((e) => e.type)).toEqual(['OrganisationMessageSent', 'SeekerReplied']);
    const messagingDb = join(dataDir, 'messaging.read.sqlite');
    const keys = new Database(messagingDb, { readonly: true });
    try {
      expect(keys.prepare('SELECT seeker_id FROM seeker_keys WHERE seeker_id = ?').all(seekerId)).toEqual([]);
    } finally {
      keys.close();
    }
    const raw = Buffer.concat([rawBytes(join(dataDir, 'events.sqlite')), rawBytes(messagingDb)]);
    for (const s of [replyText, `${personal.name}様へのご案内`, personal.name, personal.email, personal.address, personal.jobSeekerNumber])
      expect(raw.includes(Buffer.from(s, 'utf8'))).toBe(false);
  }, 180_000);
});
