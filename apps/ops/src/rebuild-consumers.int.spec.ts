import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventToAppend, newId } from '@hw/platform/core';
import { Infrastructure, loadConfig, ServiceDefinition } from '@hw/platform/nest';
import { InboxConsumer, Relay } from '@hw/platform/projections';
import { openServiceReadDb, Output, runOps } from '@hw/operations/application';
import { describeWith, dropSchema, eventually, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { allDefinitions } from './services';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

const domainEvent = (type: string, data: unknown, at: string): EventToAppend => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data,
  metadata: { correlationId: newId(), principal: { kind: 'staff', id: 'counter-1' }, occurredAt: at },
});

/** Registration's own domain events, as its command path records them (what its relay translates). */
const seedRegistrationLog = async (infra: Infrastructure) => {
  const registrations = [newId(), newId(), newId()];
  for (const [i, registrationId] of registrations.entries()) {
    const at = `2026-11-0${i + 1}T01:00:00.000Z`;
    await infra.log.append(
      `registration-${registrationId}`,
      [
        domainEvent(
          'ApplicationApproved',
          {
            registrationId,
            summary: {
              organisationId: newId(),
              organisationKind: 'private-paid',
              category: 'own',
              prefecture: ['13', '27', '01'][i],
              permitNumber: `13-ユ-00000${i}`,
              departmentIds: [newId()],
              contractors: [],
            },
            usagePeriodEndsAt: '2029-11-01T00:00:00.000Z',
            complaintOfficerVersion: 1,
            approvedAt: at,
          },
          at,
        ),
      ],
      'no_stream',
    );
  }
  await infra.log.append(
    `registration-${registrations[2]}`,
    [
      domainEvent(
        'RegistrationSuspended',
        {
          registrationId: registrations[2],
          reason: 'bureau order',
          suspendedAt: '2026-11-20T00:00:00.000Z',
          until: '2026-12-20T00:00:00.000Z',
        },
        '2026-11-20T00:00:00.000Z',
      ),
    ],
    0n,
  );
  const seekers: string[] = [];
  for (let i = 0; i < 12; i++) {
    const seekerId = newId();
    seekers.push(seekerId);
    const at = `2026-11-10T0${i % 10}:00:00.000Z`;
    await infra.log.append(
      `seeker-${seekerId}`,
      [
        domainEvent(
          'SeekerRegistered',
          {
            seekerId,
            scope: i % 3 === 0 ? ['private-agencies', 'local-governments'] : ['private-agencies'],
            profile: {
              desiredOccupations: [`${25 + (i % 4)}`, '11'],
              desiredPrefectures: [i % 2 ? '13' : '27'],
              desiredMunicipalities: i % 4 === 0 ? ['13104'] : [],
              employmentType: i % 2 ? 'full-time' : 'part-time',
              desiredWage: { amount: 200_000 + i * 1000, per: 'month' },
              qualifications: i % 3 ? ['簿記2級'] : [],
              selfPr: `経験 ${i} 年`,
              ageBand: '30-34',
            },
            personalData: 'sealed:never-translated',
            registeredAt: at,
            eligible: true,
          },
          at,
        ),
      ],
      'no_stream',
    );
  }
  await infra.log.append(
    `seeker-${seekers[1]}`,
    [domainEvent('SeekerStoppedUse', { seekerId: seekers[1], stoppedAt: '2026-11-15T00:00:00.000Z' }, '2026-11-15T00:00:00.000Z')],
    0n,
  );
  await infra.log.append(
    `seeker-${seekers[2]}`,
    [
      domainEvent(
        'SeekerProfileChanged',
        {
          seekerId: seekers[2],
          profile: { desiredOccupations: ['31'], desiredPrefectures: ['01', '13'], employmentType: 'any', selfPr: '変更後' },
          changedAt: '2026-11-16T00:00:00.000Z',
        },
        '2026-11-16T00:00:00.000Z',
      ),
    ],
    0n,
  );
  await infra.log.append(
    `seeker-${seekers[3]}`,
    [
      domainEvent(
        'SeekerBlockedRegistration',
        { seekerId: seekers[3], registrationId: registrations[0], blockedAt: '2026-11-17T00:00:00.000Z' },
        '2026-11-17T00:00:00.000Z',
      ),
    ],
    0n,
  );
  return { registrations, seekers };
};

const CONSUMERS = ['matching-search-profiles-v2', 'quota-registrations', 'reporting-registrations', 'complaints-registrations'];

const consumersSuite = (label: string, envOf: () => { env: NodeJS.ProcessEnv; cleanUp: () => Promise<void> }) => {
  it(`${label}: R-AUD-1: read models fed by registration's integration events — built live over the bus — equal the ones rebuilt from the log through registration's translate; --promote makes the bus's redeliveries duplicates`, async () => {
    const { env: dbEnv, cleanUp } = envOf();
    const dataDir = mkdtempSync(join(tmpdir(), 'hw-ops-consumers-'));
    const env = { ...process.env, DATA_DIR: dataDir, EVENT_LOG: 'sqlite', BUS: 'in-process', ...dbEnv };
    const config = loadConfig(env);
    const infra = await Infrastructure.create(config);
    const definitions = allDefinitions(infra);
    const opened: DataSource[] = [];
    const running: Array<{ stop(): Promise<void> }> = [];
    try {
      await seedRegistrationLog(infra);
      // Live: each service's consumer on its own read database, fed by registration's relay over the bus.
      const consumers: InboxConsumer[] = [];
      for (const name of CONSUMERS) {
        const definition = definitions.find((d) => d.consumers?.some((c) => c.name === name)) as ServiceDefinition;
        const db = await openServiceReadDb(config, definition);
        opened.push(db);
        const consumer = new InboxConsumer(
          infra.bus,
          db,
          definition.consumers!.find((c) => c.name === name)!,
          { logger: quiet, pruneEveryMs: 0 },
        );
        await consumer.start();
        running.push(consumer);
        consumers.push(consumer);
      }
      const registration = definitions.find((d) => d.service === 'registration')!;
      const relayDb = await openServiceReadDb(config, registration, true);
      opened.push(relayDb);
      const relay = new Relay(infra.log, infra.bus, relayDb, { name: 'relay-registration', ...registration.relay!, logger: quiet });
      await relay.start();
      running.push(relay);
      await relay.caughtUp();
      await eventually(() => expect(consumers[0].stats.applied).toBe(19)); // every seeker and registration event reached matching
      for (const r of running.splice(0)) await r.stop();

      const out: string[] = [];
      const err: string[] = [];
      const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
      const run = (argv: string[]) => runOps(argv, { definitions: () => definitions, env, output });
      const code = await run(['rebuild', ...CONSUMERS, '--operator', 'ops-sato', '--reason', 'consumer parity']);
      expect(err.join('\n')).not.toMatch(/failed/);
      expect(code).toBe(0);
      for (const name of CONSUMERS) expect(out).toContain(`${name}: the rebuilt read model equals the live one`);
      // Not vacuous: the tables compared hold rows, the same on both sides.
      expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^search_profiles\s+12\s+12\s+12\s+0\s+0$/)]));
      expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^search_profile_keys\s+(\d+)\s+\1\s+\1\s+0\s+0$/)]));
      expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^search_blocks\s+1\s+1\s+1\s+0\s+0$/)]));
      expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^quota_registrations\s+3\s+3\s+3\s+0\s+0$/)]));
      expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^reporting_status_changes\s+1\s+1\s+1\s+0\s+0$/)]));

      // A live row drifts: the rebuild from the log says so, and --promote replaces it.
      const matching = opened[0];
      await matching.query(`UPDATE search_profiles SET employment_type = 'drifted' WHERE self_pr = '経験 5 年'`);
      out.length = 0;
      expect(await run(['rebuild', 'matching-search-profiles-v2', '--operator', 'ops-sato', '--reason', 'drift'])).toBe(1);
      expect(out).toContain('matching-search-profiles-v2: the rebuilt read model DIFFERS from the live one');
      expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^search_profiles\s+12\s+12\s+11\s+1\s+1$/)]));
      // Named by the seeker id (the entity's unique key; its generated doc_id says nothing across builds).
      const [drifted] = await matching.query(`SELECT seeker_id FROM search_profiles WHERE employment_type = 'drifted'`);
      expect(out).toContain(`  search_profiles: live-only row {"seeker_id":"${drifted.seeker_id}"}`);
      expect(out).toContain(`  search_profiles: shadow-only row {"seeker_id":"${drifted.seeker_id}"}`);
      out.length = 0;
      expect(await run(['rebuild', 'matching-search-profiles-v2', '--promote', '--operator', 'ops-sato', '--reason', 'drift'])).toBe(0);
      expect(out).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^matching-search-profiles-v2: PROMOTED — the rebuilt tables are live at position \d+$/),
        ]),
      );
      expect(await matching.query(`SELECT COUNT(*) AS n FROM search_profiles WHERE employment_type = 'drifted'`)).toEqual([
        { n: expect.anything() },
      ]);
      expect(Number((await matching.query(`SELECT COUNT(*) AS n FROM search_profiles WHERE employment_type = 'drifted'`))[0].n)).toBe(0);
      // The bus redelivering an event the promoted model holds is a duplicate (the shadow's inbox joined the live one).
      const [first] = await infra.log.readAll({ streamPrefixes: ['seeker-'], maxCount: 1 });
      const translated = registration.relay!.translate(first)!;
      const again = new InboxConsumer(
        infra.bus,
        matching,
        definitions.find((d) => d.service === 'matching')!.consumers!.find((c) => c.name === CONSUMERS[0])!,
        { logger: quiet },
      );
      expect(await again.receive({ ...translated, id: first.id, key: first.streamId })).toBe('duplicate');
      out.length = 0;
      expect(await run(['rebuild', 'matching-search-profiles-v2', '--operator', 'ops-sato', '--reason', 'after promote'])).toBe(0);
    } finally {
      for (const r of running) await r.stop();
      for (const db of opened) await db.destroy();
      await infra.close();
      await cleanUp();
    }
  }, 120_000);
};

describe('ops rebuild of consumers from the log (embedded default: SQLite read DBs, in-process bus)', () => {
  consumersSuite('sqlite', () => ({ env: { READ_DB: 'sqlite' }, cleanUp: async () => undefined }));
});

describeWith(['postgres'], 'ops rebuild of consumers from the log with READ_DB=postgres', () => {
  consumersSuite('postgres', () => {
    const prefix = `${uniqueSchema('opsc')}_`;
    return {
      env: { READ_DB: 'postgres', DATABASE_URL: postgresUrl(), READ_DB_SCHEMA_PREFIX: prefix },
      cleanUp: async () => {
        for (const service of ['matching', 'quota', 'reporting', 'complaints', 'registration']) await dropSchema(`${prefix}${service}`);
      },
    };
  });
});
