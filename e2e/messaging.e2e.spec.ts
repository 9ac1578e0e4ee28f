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
 * R-SKR-5 across processes: three messaging processes share one SQLite log file (and read
 * database) under a temp DATA_DIR; registration's disclosures reach them through Kafka.
 * (The daily limit across processes: send-integrity.e2e.spec.ts.)
 */
describeWith(['kafka'], 'messaging: disclosures over Kafka across three processes (R-SKR-5)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-messaging-e2e-'));
  const ports = [3331, 3332, 3333];
  const runId = newId().replace(/-/g, '').slice(-12);
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

  it("R-SKR-5 over Kafka across three processes: registration's disclosure, delivered twice, is recorded once in the thread of that registration and seeker; so is its withdrawal", async () => {
    const other = `reg-e2e-disclosure-${runId}`;
    const seekerId = newId();
    await seekerEvent(seekerId, 'SeekerRegistered', { scope: ['private-agencies'], eligible: true });
    const bus = new KafkaBus({ clientId: `e2e-disclosure-${runId}`, brokers: kafkaBrokers() });
    const fromRegistration = (type: string, key: string, data: Record<string, unknown>) => ({
      id: newId(),
      type: `registration.${type}.v1`,
      key,
      occurredAt: new Date().toISOString(),
      data,
    });
    try {
      await appendRegistrationApproved(log, other);
      const auth = bearer({
        kind: 'organisation-user',
        sub: 'user-d',
        registrationId: other,
        departmentId: 'dept-0',
        organisationKind: 'private-free',
      });
      const sent = await eventually(async () => {
        const r = await http('POST', `http://127.0.0.1:${ports[0]}/messages`, auth, {
          seekerRef: seekerReference(AUTH_SECRET, other, seekerId),
          kind: 'guidance',
          body: 'ご案内です',
        });
        expect(r.status).toBe(201);
        return r;
      }, 60_000);
      const disclosure = fromRegistration('SeekerDisclosedIdentity', `seeker-${seekerId}`, {
        seekerId,
        registrationId: other,
        fields: ['name', 'email'],
        disclosedAt: new Date().toISOString(),
      });
      await bus.publish('registration', [disclosure]);
      await bus.publish('registration', [disclosure]); // redelivered
      const identityEvents = async () =>
        (await log.readStream(`thread-${sent.body.threadId}`)).filter((e) => e.type.startsWith('Identity'));
      await eventually(async () => expect((await identityEvents()).map((e) => e.type)).toEqual(['IdentityDisclosed']), 60_000);
      expect((await identityEvents())[0].metadata.causationId).toBe(disclosure.id);
      await bus.publish('registration', [
        fromRegistration('SeekerWithdrewDisclosure', `seeker-${seekerId}`, {
          seekerId,
          registrationId: other,
          withdrawnAt: new Date().toISOString(),
        }),
      ]);
      await eventually(
        async () => expect((await identityEvents()).map((e) => e.type)).toEqual(['IdentityDisclosed', 'IdentityDisclosureWithdrawn']),
        60_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 500)); // a late duplicate would show by now
      expect(await identityEvents()).toHaveLength(2);
    } finally {
      await bus.close();
    }
  }, 180_000);
});
