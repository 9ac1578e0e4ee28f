import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { KafkaBus } from '@hw/platform/bus';
import { SqliteEventLog } from '@hw/platform/event-log';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import {
  appendRegistrationApproved,
  appendSeekerEvent,
  AUTH_SECRET,
  bearer,
  http,
  startProcess,
  Started,
  waitForHealth,
} from './support/processes';

/**
 * The quota read model behind messaging's real send path: a messaging process and a quota
 * process share one SQLite log (DATA_DIR), registration's approval reaches both over Kafka.
 * With DAILY_MESSAGE_LIMIT=20, 25 concurrent sends leave exactly 20 reservations in the log, and
 * the quota service reports exactly those (R-MSG-2), to the organisation and to its bureau only.
 * Ports 3500–3501.
 */
describeWith(['kafka'], 'quota: the daily count equals what messaging recorded (R-MSG-2)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-quota-e2e-'));
  const QUOTA = 3500;
  const MESSAGING = 3501;
  const runId = newId().replace(/-/g, '').slice(-12);
  const registrationId = `reg-quota-e2e-${runId}`;
  const processes: Started[] = [];
  let log: SqliteEventLog;

  const seekerEvent = (seekerId: string, type: string, data: Record<string, unknown>) => appendSeekerEvent(log, seekerId, type, data);

  beforeAll(async () => {
    const env = { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DAILY_MESSAGE_LIMIT: '20' };
    processes.push(startProcess('apps/quota/src/main.ts', { ...env, QUOTA_PORT: String(QUOTA) }));
    await waitForHealth(QUOTA, processes[0], 90_000); // creates the log file first
    processes.push(startProcess('apps/messaging/src/main.ts', { ...env, MESSAGING_PORT: String(MESSAGING) }));
    await waitForHealth(MESSAGING, processes[1], 90_000);
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
  }, 200_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await log?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("R-MSG-2: 25 concurrent sends under a limit of 20 → the quota service reports 20 sent, 0 remaining, reset at 00:00 JST — the log's count; R-ORG-2: only the own bureau", async () => {
    const bus = new KafkaBus({ clientId: `e2e-quota-${runId}`, brokers: kafkaBrokers() });
    await bus.publish('registration', [
      {
        id: newId(),
        type: 'registration.RegistrationApproved.v1',
        key: `registration-${registrationId}`,
        occurredAt: new Date().toISOString(),
        data: {
          registrationId,
          organisationId: newId(),
          organisationKind: 'private-free',
          category: 'own',
          prefecture: '13',
          departmentIds: ['d1'],
          contractors: [],
          usagePeriodEndsAt: '2029-01-01T00:00:00.000Z',
          complaintOfficerVersion: 1,
          approvedAt: new Date().toISOString(),
        },
      },
    ]);
    await bus.close();
    await appendRegistrationApproved(log, registrationId); // the send path reads the registration's facts from the log

    const seekers = Array.from({ length: 5 }, () => newId());
    for (const seekerId of seekers) await seekerEvent(seekerId, 'SeekerRegistered', { scope: ['private-agencies'], eligible: true });
    const probe = newId(); // costs no quota: refused after the registration check passes
    await seekerEvent(probe, 'SeekerRegistered', { scope: ['private-agencies'], eligible: true });
    await seekerEvent(probe, 'SeekerStoppedUse', { stoppedAt: new Date().toISOString() });
    const org = bearer({ kind: 'organisation-user', sub: 'u1', registrationId, departmentId: 'd1', organisationKind: 'private-free' });
    const body = (seekerId: string) => ({
      seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId),
      kind: 'guidance',
      body: 'ご案内です',
    });
    await eventually(async () => {
      const r = await http('POST', `http://127.0.0.1:${MESSAGING}/messages`, org, body(probe));
      expect(r.body.code).toBe('SEEKER_STOPPED_USE');
    }, 60_000);

    const statuses = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        http('POST', `http://127.0.0.1:${MESSAGING}/messages`, org, body(seekers[i % 5])).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);

    const reservations = (await log.readAll({ streamPrefixes: [`daily-quota-${registrationId}-`] })).filter(
      (e) => e.type === 'MessageQuotaReserved',
    );
    expect(reservations).toHaveLength(20);
    const day = (reservations[0].data as { day: string }).day;
    await eventually(async () => {
      const today = await http('GET', `http://127.0.0.1:${QUOTA}/quota/today`, org);
      // (A run straddling 00:00 JST would see the next day: the reservations' own day is what is compared.)
      expect(today).toMatchObject({ status: 200, body: { registrationId, day, sent: reservations.length, limit: 20, remaining: 0 } });
      expect(today.body.resetsAt).toMatch(/T15:00:00\.000Z$/);
    }, 30_000);
    const history = await http('GET', `http://127.0.0.1:${QUOTA}/quota/history?from=${day}&to=${day}`, org);
    expect(history.body.days).toEqual([{ day, sent: 20, limit: 20 }]);

    const officer = (prefecture: string) => bearer({ kind: 'staff', sub: `officer-${prefecture}`, role: 'bureau-officer', prefecture });
    await eventually(async () =>
      expect(await http('GET', `http://127.0.0.1:${QUOTA}/registrations/${registrationId}/quota`, officer('13'))).toMatchObject({
        status: 200,
        body: { sent: 20 },
      }),
    );
    expect((await http('GET', `http://127.0.0.1:${QUOTA}/registrations/${registrationId}/quota`, officer('27'))).status).toBe(403);
    const other = bearer({
      kind: 'organisation-user',
      sub: 'u2',
      registrationId: `reg-other-${runId}`,
      departmentId: 'd1',
      organisationKind: 'private-free',
    });
    expect((await http('GET', `http://127.0.0.1:${QUOTA}/quota/today`, other)).body).toMatchObject({ sent: 0 });
    expect((await http('GET', `http://127.0.0.1:${QUOTA}/registrations/${registrationId}/quota`, other)).status).toBe(403);
  }, 200_000);
});
