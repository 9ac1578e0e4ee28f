import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { newId } from '@hw/platform/core';
import { describeWith, dropSchema, eventually, kafkaBrokers, postgresUrl } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { approveRegistration, AUTH_SECRET, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

/**
 * Distributed mode: registration and matching as separate processes on the real Kafka broker
 * and PostgreSQL. An event appended to registration's log travels through its relay, a Kafka
 * topic and matching's inbox consumer into matching's read model.
 */
describeWith(['kafka', 'postgres'], 'distributed: registration → Kafka → matching (separate processes)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-distributed-'));
  const runId = newId().replace(/-/g, '').slice(-8);
  const env = {
    BUS: 'kafka',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    READ_DB: 'postgres',
    DATABASE_URL: postgresUrl(),
    DATA_DIR: dataDir,
    // Each run has its own log file and read-model schemas; topics are shared between runs.
    READ_DB_SCHEMA_PREFIX: `e2e_${runId}_`,
    REGISTRATION_PORT: '3201',
    MATCHING_PORT: '3202',
  };
  let registration: Started;
  let matching: Started;

  beforeAll(async () => {
    registration = startProcess('apps/registration/src/main.ts', env);
    matching = startProcess('apps/matching/src/main.ts', env);
    await waitForHealth(3201, registration, 90_000);
    await waitForHealth(3202, matching, 90_000);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([registration?.stop(), matching?.stop()]);
    for (const service of ['registration', 'matching']) await dropSchema(`e2e_${runId}_${service}`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a seeker registered at registration becomes searchable in matching, and stopping use (R-SKR-4) removes them', async () => {
    const staff = bearer({ kind: 'staff', sub: 'counter-1', role: 'counter', officeCode: '27010' });
    // R-ORG-1: the registration is approved at registration, and its approval reaches matching over Kafka.
    const registrationId = await approveRegistration(3201);
    const org = bearer({ kind: 'organisation-user', sub: 'u9', registrationId, departmentId: 'd1', organisationKind: 'private-paid' });
    const created = await http('POST', 'http://127.0.0.1:3201/seekers', staff, {
      scope: ['private-agencies', 'local-governments'],
      termsVersion: '2026-04',
      personalData: {
        jobSeekerNumber: '27010-00000001',
        name: '山田 花子',
        birthDate: '1990-04-01',
        address: '東京都千代田区1-1',
        phone: '03-0000-0000',
        email: 'hanako@example.jp',
      },
      appliedOn: new Date().toISOString().slice(0, 10),
      school: { status: 'none' },
      profile: { desiredOccupations: ['10'], desiredPrefectures: ['27'], employmentType: 'part-time' },
    });
    expect(created.status).toBe(201);
    const seekerId: string = created.body.seekerId;

    const row = async () => {
      const pg = new Client({ connectionString: postgresUrl() });
      await pg.connect();
      try {
        return (await pg.query(`SELECT status FROM "e2e_${runId}_matching".search_profiles WHERE seeker_id = $1`, [seekerId])).rows[0];
      } finally {
        await pg.end();
      }
    };
    await eventually(async () => expect(await row()).toEqual({ status: 'active' }), 30_000);
    // Found under this registration's own reference (the broker's topic may hold earlier runs' seekers).
    const reference = seekerReference(AUTH_SECRET, registrationId, seekerId);
    const references = async () =>
      ((await http('GET', 'http://127.0.0.1:3202/profiles?prefecture=27&limit=100', org)).body.items as Array<{ reference: string }>).map(
        (i) => i.reference,
      );
    const found = await eventually(async () => {
      const response = await http('GET', 'http://127.0.0.1:3202/profiles?prefecture=27&limit=100', org);
      expect(response.body.items.map((i: { reference: string }) => i.reference)).toContain(reference);
      return response;
    }, 30_000);
    expect(JSON.stringify(found.body)).not.toContain(seekerId); // organisations see a pseudonym only

    const seeker = bearer({ kind: 'seeker', sub: seekerId });
    expect((await http('POST', `http://127.0.0.1:3201/seekers/${seekerId}/stop`, seeker)).status).toBe(200);
    await eventually(async () => expect(await row()).toEqual({ status: 'stopped' }), 30_000);
    expect(await references()).not.toContain(reference);
  });
});
