import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { KafkaBus } from '@hw/platform/bus';
import { SqliteEventLog } from '@hw/platform/event-log';
import { describeWith, eventually, kafkaBrokers } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { appendSeekerEvent, AUTH_SECRET, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

/**
 * R-MSG-2 across processes: three messaging processes share one SQLite log file (and read
 * database) under a temp DATA_DIR; registration's events reach them through Kafka. 50
 * concurrent senders make 1,500 attempts for ONE registration: exactly 1,000 are accepted,
 * 500 refused with 429, and the log holds exactly 1,000 messages.
 */
describeWith(['kafka'], 'messaging: the daily limit holds exactly across three processes (R-MSG-2)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-messaging-e2e-'));
  const ports = [3331, 3332, 3333];
  const runId = newId().replace(/-/g, '').slice(-12);
  const registrationId = `reg-e2e-${runId}`;
  const processes: Started[] = [];
  let log: SqliteEventLog;

  const seekerEvent = (seekerId: string, type: string, data: Record<string, unknown>) => appendSeekerEvent(log, seekerId, type, data);

  beforeAll(async () => {
    for (const port of ports)
      processes.push(
        startProcess('apps/messaging/src/main.ts', {
          BUS: 'kafka',
          KAFKA_BROKERS: kafkaBrokers().join(','),
          DATA_DIR: dataDir,
          MESSAGING_PORT: String(port),
          LOG_LEVEL: 'warn',
        }),
      );
    for (const [i, port] of ports.entries()) await waitForHealth(port, processes[i], 90_000);
    log = new SqliteEventLog({ file: join(dataDir, 'events.sqlite') });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await log?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-MSG-2: 1,500 concurrent attempts from 50 senders over 3 processes → exactly 1,000 accepted, 500 refused (429), 1,000 messages in the log', async () => {
    const bus = new KafkaBus({ clientId: `e2e-${runId}`, brokers: kafkaBrokers() });
    await bus.publish('registration', [
      {
        id: newId(),
        type: 'registration.RegistrationApproved.v1',
        key: `registration-${registrationId}`,
        occurredAt: new Date().toISOString(),
        data: { registrationId, organisationId: newId(), organisationKind: 'private-free', category: 'own', prefecture: '13', usagePeriodEndsAt: '2029-01-01T00:00:00.000Z', complaintOfficerVersion: 1 },
      },
    ]);
    await bus.close();

    const seekers = Array.from({ length: 50 }, () => newId());
    for (const seekerId of seekers) await seekerEvent(seekerId, 'SeekerRegistered', { scope: ['private-agencies'], eligible: true });
    // A probe that costs no quota: a stopped seeker is refused after the registration check passes.
    const probe = newId();
    await seekerEvent(probe, 'SeekerRegistered', { scope: ['private-agencies'], eligible: true });
    await seekerEvent(probe, 'SeekerStoppedUse', { stoppedAt: new Date().toISOString() });
    const auth = (i: number) => bearer({ kind: 'organisation-user', sub: `user-${i}`, registrationId, departmentId: `dept-${i % 5}`, organisationKind: 'private-free' });
    const body = (seekerId: string) => ({ seekerRef: seekerReference(AUTH_SECRET, registrationId, seekerId), kind: 'guidance', body: 'ご案内です' });
    for (const port of ports)
      await eventually(async () => {
        const r = await http('POST', `http://127.0.0.1:${port}/messages`, auth(0), body(probe));
        expect(r.body.code).toBe('SEEKER_STOPPED_USE');
      }, 60_000);

    const statuses: number[] = [];
    const refusals: any[] = [];
    await Promise.all(
      seekers.map(async (seekerId, sender) => {
        for (let attempt = 0; attempt < 30; attempt++) {
          const port = ports[(sender + attempt) % ports.length];
          const response = await fetch(`http://127.0.0.1:${port}/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: auth(sender), 'idempotency-key': `${sender}-${attempt}` },
            body: JSON.stringify(body(seekerId)),
          });
          statuses.push(response.status);
          const json = await response.json();
          if (response.status === 429) refusals.push(json);
        }
      }),
    );
    expect(statuses).toHaveLength(1500);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1000);
    expect(statuses.filter((s) => s === 429)).toHaveLength(500);
    expect(refusals[0]).toMatchObject({ code: 'DAILY_LIMIT_REACHED', rule: 'R-MSG-2', limit: 1000 });
    expect(refusals[0].resetsAt).toMatch(/T15:00:00\.000Z$/); // 00:00 JST

    const all = await log.readAll();
    const messages = all.filter((e) => e.type === 'OrganisationMessageSent' && (e.data as { registrationId: string }).registrationId === registrationId);
    const reservations = all.filter((e) => e.type === 'MessageQuotaReserved' && e.streamId.startsWith(`daily-quota-${registrationId}-`));
    expect(messages).toHaveLength(1000);
    expect(reservations).toHaveLength(1000);
    expect(new Set(reservations.map((e) => (e.data as { sequence: number }).sequence)).size).toBe(1000);
  }, 180_000);

  it('R-SKR-5 over Kafka across three processes: registration\'s disclosure, delivered twice, is recorded once in the thread of that registration and seeker; so is its withdrawal', async () => {
    const other = `reg-e2e-disclosure-${runId}`;
    const seekerId = newId();
    await seekerEvent(seekerId, 'SeekerRegistered', { scope: ['private-agencies'], eligible: true });
    const bus = new KafkaBus({ clientId: `e2e-disclosure-${runId}`, brokers: kafkaBrokers() });
    const fromRegistration = (type: string, key: string, data: Record<string, unknown>) => ({ id: newId(), type: `registration.${type}.v1`, key, occurredAt: new Date().toISOString(), data });
    try {
      await bus.publish('registration', [
        fromRegistration('RegistrationApproved', `registration-${other}`, { registrationId: other, organisationId: newId(), organisationKind: 'private-free', category: 'own', prefecture: '13', usagePeriodEndsAt: '2029-01-01T00:00:00.000Z', complaintOfficerVersion: 1 }),
      ]);
      const auth = bearer({ kind: 'organisation-user', sub: 'user-d', registrationId: other, departmentId: 'dept-0', organisationKind: 'private-free' });
      const sent = await eventually(async () => {
        const r = await http('POST', `http://127.0.0.1:${ports[0]}/messages`, auth, { seekerRef: seekerReference(AUTH_SECRET, other, seekerId), kind: 'guidance', body: 'ご案内です' });
        expect(r.status).toBe(201);
        return r;
      }, 60_000);
      const disclosure = fromRegistration('SeekerDisclosedIdentity', `seeker-${seekerId}`, { seekerId, registrationId: other, fields: ['name', 'email'], disclosedAt: new Date().toISOString() });
      await bus.publish('registration', [disclosure]);
      await bus.publish('registration', [disclosure]); // redelivered
      const identityEvents = async () => (await log.readStream(`thread-${sent.body.threadId}`)).filter((e) => e.type.startsWith('Identity'));
      await eventually(async () => expect((await identityEvents()).map((e) => e.type)).toEqual(['IdentityDisclosed']), 60_000);
      expect((await identityEvents())[0].metadata.causationId).toBe(disclosure.id);
      await bus.publish('registration', [fromRegistration('SeekerWithdrewDisclosure', `seeker-${seekerId}`, { seekerId, registrationId: other, withdrawnAt: new Date().toISOString() })]);
      await eventually(async () => expect((await identityEvents()).map((e) => e.type)).toEqual(['IdentityDisclosed', 'IdentityDisclosureWithdrawn']), 60_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // a late duplicate would show by now
      expect(await identityEvents()).toHaveLength(2);
    } finally {
      await bus.close();
    }
  }, 180_000);
});
