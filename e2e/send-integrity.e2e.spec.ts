import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, tokyoDay } from '@hw/platform/core';
import { SqliteEventLog } from '@hw/platform/event-log';
import { describeWith, kafkaBrokers } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { threadIdOf } from '@hw/messaging/application';
import {
  appendRegistrationApproved,
  appendSeekerEvent,
  approveRegistration,
  AUTH_SECRET,
  bearer,
  http,
  startProcess,
  Started,
  waitForHealth,
} from './support/processes';

/**
 * The send path across processes: three messaging processes and a registration
 * process share one SQLite log (DATA_DIR) and Kafka. A send's quota reservation and its message
 * are one atomic append, so the day's count never exceeds the messages recorded — under
 * concurrency, with and without idempotency keys, and after kill -9 of a process mid-load.
 * Ports 3601–3604.
 */
describeWith(['kafka'], 'send integrity across processes (R-MSG-2, R-MSG-8, R-MSG-4, R-ORG-1)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-send-integrity-e2e-'));
  const ports = [3601, 3602, 3603];
  const REGISTRATION = 3604;
  const env = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const messaging: Started[] = [];
  let registration: Started;
  let log: SqliteEventLog;

  const startMessaging = (i: number) => startProcess('apps/messaging/src/main.ts', { ...env, MESSAGING_PORT: String(ports[i]) });

  beforeAll(async () => {
    registration = startProcess('apps/registration/src/main.ts', { ...env, REGISTRATION_PORT: String(REGISTRATION) });
    await waitForHealth(REGISTRATION, registration, 90_000); // creates the log file first
    for (const [i, port] of ports.entries()) {
      messaging.push(startMessaging(i));
      await waitForHealth(port, messaging[i], 90_000);
    }
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...messaging, registration].map((p) => p?.stop()));
    await log?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const registerSeekers = async (n: number, scope = ['private-agencies', 'local-governments']) => {
    const seekers = Array.from({ length: n }, () => newId());
    for (const seekerId of seekers) await appendSeekerEvent(log, seekerId, 'SeekerRegistered', { scope, eligible: true });
    return seekers;
  };

  /** What the log holds for a registration's day: reservations (the count) and its messages in the seekers' threads. */
  const ledger = async (registrationId: string, seekers: string[]) => {
    const day = tokyoDay(new Date());
    const reservations = await log.readStream(`daily-quota-${registrationId}-${day}`);
    const threads = await Promise.all(seekers.map((seekerId) => log.readStream(`thread-${threadIdOf(registrationId, seekerId)}`)));
    const messages = threads.flat().filter((e) => e.type === 'OrganisationMessageSent');
    return { count: reservations.length, reservations, messages };
  };

  /**
   * Senders of one registration (departments and contractors), each with `inFlight` requests at
   * once, spreading `total` sends over the processes; every `keyEvery`-th send carries an
   * Idempotency-Key. Samples the log while it runs: count ≤ messages recorded + sends in flight.
   */
  const load = async (
    registrationId: string,
    kind: string,
    seekers: string[],
    total: number,
    opts: { senders: string[]; inFlight: number; keyed: (i: number) => boolean; onProgress?: (done: number) => Promise<void> },
  ) => {
    const answers: Array<{ i: number; status: number; body: any; key?: string; sender: string; seekerId: string }> = [];
    const unanswered: Array<{ i: number; key?: string; sender: string; seekerId: string }> = [];
    let next = 0;
    let inFlight = 0;
    const violations: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const flying = inFlight;
        const { count, messages } = await ledger(registrationId, seekers);
        if (count > messages.length + Math.max(flying, inFlight))
          violations.push(`count ${count} > messages ${messages.length} + in flight ${flying}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const worker = async (sender: string, w: number) => {
      const auth = bearer({
        kind: 'organisation-user',
        sub: `user-${sender}`,
        registrationId,
        departmentId: sender,
        organisationKind: kind as never,
      });
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const seekerId = seekers[i % seekers.length];
        const key = opts.keyed(i) ? `${registrationId}-k-${i}` : undefined;
        const port = ports[(i + w) % ports.length];
        inFlight++;
        try {
          const response = await fetch(`http://127.0.0.1:${port}/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: auth, ...(key ? { 'idempotency-key': key } : {}) },
            body: JSON.stringify({
              seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId),
              kind: 'guidance',
              body: 'ご案内です',
            }),
          });
          answers.push({ i, status: response.status, body: await response.json(), key, sender, seekerId });
        } catch {
          unanswered.push({ i, key, sender, seekerId }); // the process died under it
        } finally {
          inFlight--;
        }
        await opts.onProgress?.(answers.length);
      }
    };
    await Promise.all(
      opts.senders.flatMap((sender, s) => Array.from({ length: opts.inFlight }, (_, w) => worker(sender, s * opts.inFlight + w))),
    );
    sampling = false;
    await sampler;
    return { answers, unanswered, violations };
  };

  it('R-MSG-2 / R-MSG-8: three departments and two contractors of one local government, 16 in flight each, 1,500 sends to 4 seekers over 3 processes, half with keys → exactly 1,000 accepted, 500 DAILY_LIMIT_REACHED, no other answer; 1,000 messages and a count of 1,000; count ≤ messages + in flight at every sample', async () => {
    const registrationId = newId();
    await appendRegistrationApproved(log, registrationId, 'local-government');
    const seekers = await registerSeekers(4);
    const senders = ['dept-welfare', 'dept-labour', 'dept-youth', 'contractor-a', 'contractor-b'];
    const { answers, unanswered, violations } = await load(registrationId, 'local-government', seekers, 1500, {
      senders,
      inFlight: 16,
      keyed: (i) => i % 2 === 0,
    });

    expect(unanswered).toEqual([]);
    const byStatus = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
    expect(byStatus).toEqual({ 201: 1000, 429: 500 }); // zero other refusals: no 409, no 5xx
    expect(new Set(answers.filter((a) => a.status === 429).map((a) => a.body.code))).toEqual(new Set(['DAILY_LIMIT_REACHED']));
    const { count, messages, reservations } = await ledger(registrationId, seekers);
    expect(count).toBe(1000);
    expect(messages).toHaveLength(1000);
    expect(new Set(reservations.map((e) => (e.data as { messageId: string }).messageId))).toEqual(new Set(messages.map((e) => e.id)));
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.messageId))).toEqual(new Set(messages.map((e) => e.id)));
    expect(new Set(messages.map((e) => (e.data as { departmentId: string }).departmentId))).toEqual(new Set(senders)); // R-MSG-7, R-ORG-5
    expect(violations).toEqual([]);
  }, 300_000);

  it('R-MSG-2 / R-MSG-8 after kill -9: a messaging process killed mid-load and restarted, every unanswered send retried with its key → the count equals the messages, nothing is counted twice, every retry is answered 201 or 429', async () => {
    const registrationId = newId();
    await appendRegistrationApproved(log, registrationId);
    const seekers = await registerSeekers(3);
    let killed = false;
    const { answers, unanswered, violations } = await load(registrationId, 'private-free', seekers, 1200, {
      senders: ['dept-a', 'dept-b'],
      inFlight: 16,
      keyed: () => true,
      onProgress: async (done) => {
        if (killed || done < 300) return;
        killed = true;
        messaging[0].process.kill('SIGKILL');
      },
    });
    expect(killed).toBe(true);
    await messaging[0].exited;
    messaging[0] = startMessaging(0);
    await waitForHealth(ports[0], messaging[0], 90_000);

    // Retry each unanswered send with its key (R-MSG-8), and the 5xx/connection failures.
    const retried = [];
    for (const u of [...unanswered, ...answers.filter((a) => a.status >= 500)]) {
      const auth = bearer({
        kind: 'organisation-user',
        sub: `user-${u.sender}`,
        registrationId,
        departmentId: u.sender,
        organisationKind: 'private-free',
      });
      const response = await fetch(`http://127.0.0.1:${ports[1]}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth, 'idempotency-key': u.key as string },
        body: JSON.stringify({ seekerRef: seekerReference(AUTH_SECRET, registrationId, u.seekerId), kind: 'guidance', body: 'ご案内です' }),
      });
      retried.push({ status: response.status, body: await response.json() });
    }
    expect(retried.filter((r) => r.status !== 201 && r.status !== 429)).toEqual([]);
    const accepted = new Set(
      [...answers.filter((a) => a.status === 201), ...retried.filter((r) => r.status === 201)].map((a) => a.body.messageId),
    );
    const { count, messages, reservations } = await ledger(registrationId, seekers);
    expect(count).toBe(messages.length); // no reservation without its message
    expect(count).toBe(1000);
    expect(new Set(reservations.map((e) => (e.data as { messageId: string }).messageId)).size).toBe(count); // nothing counted twice
    expect(new Set(messages.map((e) => e.id))).toEqual(accepted);
    expect(violations).toEqual([]);
  }, 300_000);

  it('R-MSG-4 / R-ORG-1 at once: an officer change approved, then a first message sent at once carries the new officer; a suspension returned, then a send at once is refused REGISTRATION_NOT_ACTIVE', async () => {
    const registrationId = await approveRegistration(REGISTRATION);
    const bureau = bearer({ kind: 'staff', sub: 'officer-13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' });
    const orgUser = bearer({
      kind: 'organisation-user',
      sub: `admin-${registrationId}`,
      registrationId,
      departmentId: 'main',
      organisationKind: 'private-paid',
    });
    const base = `http://127.0.0.1:${REGISTRATION}`;
    const seekers = await registerSeekers(3, ['private-agencies']);
    const send = (seekerId: string, port: number) =>
      http('POST', `http://127.0.0.1:${port}/messages`, orgUser, {
        seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId),
        kind: 'guidance',
        body: 'ご案内です',
      });

    const first = await send(seekers[0], ports[0]);
    expect(first.status).toBe(201);
    const before = first.body.complaintOfficer.version;

    const officer = { name: '苦情 次郎', department: '法務部', phone: '03-9999-0000', email: 'kujo@example.jp' };
    const requested = await http('POST', `${base}/registrations/${registrationId}/changes`, orgUser, { complaintOfficer: officer });
    expect(requested.status).toBe(201);
    const approved = await http('POST', `${base}/registrations/${registrationId}/changes/${requested.body.changeId}/approve`, bureau);
    expect(approved.status).toBe(200);
    expect(approved.body.complaintOfficerVersion).not.toBe(before);
    for (const [i, seekerId] of seekers.slice(1).entries()) {
      const sent = await send(seekerId, ports[(i + 1) % ports.length]); // at once, on other processes too
      expect(sent.status).toBe(201);
      expect(sent.body.complaintOfficer).toMatchObject({ registrationId, version: approved.body.complaintOfficerVersion });
    }

    const suspended = await http('POST', `${base}/registrations/${registrationId}/sanctions`, bureau, { reason: 'e2e: sanction' });
    expect(suspended.status).toBe(200);
    for (const port of ports)
      expect(await send(seekers[0], port)).toMatchObject({ status: 403, body: { code: 'REGISTRATION_NOT_ACTIVE', rule: 'R-MSG-5' } });
  }, 120_000);

  it("R-MSG-1 read your writes: right after a 201, the same client reads its message in the thread and the thread list — on the same process by itself, on another with X-Log-Position; the same for the seeker's reply", async () => {
    const registrationId = newId();
    await appendRegistrationApproved(log, registrationId);
    const [seekerId] = await registerSeekers(1);
    const org = bearer({
      kind: 'organisation-user',
      sub: 'user-ryw',
      registrationId,
      departmentId: 'dept-ryw',
      organisationKind: 'private-free',
    });
    const seeker = bearer({ kind: 'seeker', sub: seekerId });
    const get = async (port: number, path: string, auth: string, position?: string) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: auth, ...(position ? { 'x-log-position': position } : {}) },
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    for (let round = 0; round < 5; round++) {
      const response = await fetch(`http://127.0.0.1:${ports[0]}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: org },
        body: JSON.stringify({
          seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId),
          kind: 'guidance',
          body: `ご案内 ${round}`,
        }),
      });
      expect(response.status).toBe(201);
      const sent = (await response.json()) as { threadId: string; messageId: string };
      const position = response.headers.get('x-log-position') as string;
      expect(position).toMatch(/^[0-9]+$/);
      const same = await get(ports[0], `/threads/${sent.threadId}/messages`, org);
      expect(same.status).toBe(200);
      expect(same.body.items.map((m: { messageId: string }) => m.messageId)).toContain(sent.messageId);
      const other = await get(ports[1], `/threads/${sent.threadId}/messages`, org, position);
      expect(other.body.items.map((m: { messageId: string }) => m.messageId)).toContain(sent.messageId);
      const list = await get(ports[2], '/threads', org, position);
      expect(list.body.items).toEqual([expect.objectContaining({ threadId: sent.threadId, messageCount: 2 * round + 1 })]);

      const replied = await fetch(`http://127.0.0.1:${ports[1]}/threads/${sent.threadId}/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: seeker },
        body: JSON.stringify({ kind: 'reply', body: 'ありがとうございます' }),
      });
      expect(replied.status).toBe(201);
      const reply = (await replied.json()) as { messageId: string };
      const seen = await get(ports[1], `/threads/${sent.threadId}/messages`, seeker);
      expect(seen.body.items.map((m: { messageId: string }) => m.messageId)).toContain(reply.messageId);
      const seenElsewhere = await get(ports[2], '/threads', seeker, replied.headers.get('x-log-position') as string);
      expect(seenElsewhere.body.items).toEqual([expect.objectContaining({ threadId: sent.threadId, messageCount: 2 * round + 2 })]);
    }
  }, 120_000);
});
