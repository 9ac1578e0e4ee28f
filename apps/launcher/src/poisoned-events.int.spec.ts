import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, MixedList } from 'typeorm';
import { IntegrationEvent, InProcessBus } from '@hw/platform/bus';
import { newId } from '@hw/platform/core';
import { EventLog, SqliteEventLog } from '@hw/platform/event-log';
import {
  DeadLetter,
  InboxConsumer,
  IntegrationProjection,
  openReadDataSource,
  PLATFORM_ENTITIES,
  PLATFORM_MIGRATIONS,
  Projection,
  ProjectionRunner,
  ReadDbConfig,
  RunnerLogger,
} from '@hw/platform/projections';
import { describeWith, dropSchema, eventually, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { MATCHING_ENTITIES, MATCHING_MIGRATIONS, searchProfilesProjection } from '@hw/matching/application';
import {
  disclosuresConsumer,
  erasureConsumer,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  threadsProjection,
} from '@hw/messaging/application';
import { dailyQuotaProjection, QUOTA_ENTITIES, QuotaReadModels1764300000000, quotaRegistrationsConsumer } from '@hw/quota/application';
import {
  OrganisationRegistrationRow,
  OrganisationRegistrations1764400000000,
  organisationRegistrationsProjection,
  SEEKER_ENTITIES,
  SEEKER_MIGRATIONS,
  seekerCountsProjection,
  seekerDueProjection,
} from '@hw/registration/application';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */
type Classes = MixedList<Function>;
/* eslint-enable @typescript-eslint/no-unsafe-function-type */
type Data = Record<string, unknown>;

/**
 * Issue 8: no event stalls a real projection. Every projection and inbox consumer of the repo is
 * fed poisoned versions of a representative event — U+0000 in every string field, its key field
 * missing, every field of the wrong type — each in a stream (key) of its own, then a good event
 * in another stream; on SQLite and PostgreSQL. Each poisoned event ends applied or parked (never
 * retried forever), and the good event after them is applied.
 */
const NUL = '\u0000';
/** Stands for personal data in the events: it must never reach a dead letter. */
const PERSONAL = '山田 花子';

const deep = (value: unknown, string: (s: string) => unknown): unknown => {
  if (typeof value === 'string') return string(value);
  if (Array.isArray(value)) return value.map((v) => deep(v, string));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v, string)]));
  return value;
};
const wrongType = (value: unknown): unknown =>
  typeof value === 'string'
    ? 12345
    : typeof value === 'number'
      ? 'not a number'
      : typeof value === 'boolean'
        ? 'yes'
        : Array.isArray(value)
          ? 'not a list'
          : value === null
            ? { unexpected: true }
            : 'not an object';

/** The poisoned variants of a representative event's data. */
const poisonsOf = (data: Data, keyField: string): Array<[string, Data]> => [
  ['U+0000 in every string field', deep(data, (s) => `${s.slice(0, 1)}${NUL}${s.slice(1)}`) as Data],
  [`missing ${keyField}`, Object.fromEntries(Object.entries(data).filter(([k]) => k !== keyField))],
  ['every field of the wrong type', Object.fromEntries(Object.entries(data).map(([k, v]) => [k, wrongType(v)]))],
  ['no data at all', null as unknown as Data],
];

interface Case {
  name: string;
  entities: Classes;
  migrations: Classes;
  /** A representative event: its stream (log) or key (bus), type and data; `id` is the stream's / key's id. */
  event: (id: string) => { stream: string; type: string; data: Data };
  keyField: string;
  /** Whether the good event's effect is in the read model. */
  applied: (ds: DataSource, id: string, eventId: string) => Promise<boolean>;
}
type LogCase = Case & { kind: 'log'; projection: Projection };
type BusCase = Case & { kind: 'bus'; consumer: (log: EventLog) => IntegrationProjection };

const rowExists = async (ds: DataSource, table: string, column: string, value: string): Promise<boolean> => {
  const [sql, parameters] = ds.driver.escapeQueryWithParameters(
    `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = :value`,
    { value },
    {},
  );
  return Number(((await ds.query(sql, parameters)) as Array<{ n: number | string }>)[0].n) > 0;
};

const at = '2026-11-25T01:00:00.000Z';
const profile = {
  desiredOccupations: ['05'],
  desiredPrefectures: ['13'],
  desiredMunicipalities: ['131016'],
  employmentType: 'full-time',
  desiredWage: { amount: 250000, per: 'month' },
  qualifications: ['普通自動車免許'],
  selfPr: `${PERSONAL}です。接客が得意です`,
  ageBand: '30-34',
};

const CASES: Array<LogCase | BusCase> = [
  {
    kind: 'log',
    name: 'messaging-threads',
    projection: threadsProjection,
    entities: MESSAGING_ENTITIES,
    migrations: MESSAGING_MIGRATIONS,
    keyField: 'messageId',
    event: (id) => ({
      stream: `thread-${id}`,
      type: 'OrganisationMessageSent',
      data: {
        threadId: id,
        registrationId: newId(),
        seekerId: newId(),
        messageId: newId(),
        departmentId: 'dept-1',
        userId: 'user-1',
        kind: 'guidance',
        body: `${PERSONAL} 様、ご案内です`,
        day: '20261125',
        sentAt: at,
        complaintOfficer: { registrationId: 'r', version: 1, href: '/registrations/r/complaint-officer/1' },
      },
    }),
    applied: (ds, id) => rowExists(ds, 'messaging_threads', 'thread_id', id),
  },
  {
    kind: 'log',
    name: 'quota-daily-counts',
    projection: dailyQuotaProjection,
    entities: QUOTA_ENTITIES,
    migrations: [QuotaReadModels1764300000000],
    keyField: 'registrationId',
    event: (id) => ({
      stream: `daily-quota-${id}-20261125`,
      type: 'MessageQuotaReserved',
      data: {
        registrationId: id,
        day: '20261125',
        messageId: newId(),
        departmentId: 'dept-1',
        userId: 'user-1',
        sequence: 1,
        limit: 1000,
        reservedAt: at,
      },
    }),
    applied: (ds, id) => rowExists(ds, 'quota_days', 'registration_id', id),
  },
  ...(['registration-seeker-due', 'registration-seeker-counts'] as const).map((name): LogCase => ({
    kind: 'log',
    name,
    projection: name === 'registration-seeker-due' ? seekerDueProjection : seekerCountsProjection,
    entities: SEEKER_ENTITIES,
    migrations: SEEKER_MIGRATIONS,
    keyField: 'seekerId',
    event: (id) => ({
      stream: `seeker-${id}`,
      type: 'SeekerRegistered',
      data: {
        seekerId: id,
        // The office code carries the id too, so the good event's count row is its own.
        officeCode: id.slice(-12),
        personalData: { ciphertext: PERSONAL, keyId: 'k1' },
        scope: ['private-agencies'],
        termsVersion: '2026-04',
        profile,
        appliedOn: '2026-11-01',
        validUntil: '2027-01-31',
        school: 'none',
        newUniversityGraduate: false,
        eligible: true,
        registeredAt: at,
      },
    }),
    applied: (ds, id) =>
      name === 'registration-seeker-due'
        ? rowExists(ds, 'registration_seeker_due', 'seeker_id', id)
        : rowExists(ds, 'registration_seeker_counts', 'office_code', id.slice(-12)),
  })),
  {
    kind: 'log',
    name: 'registration-organisations',
    projection: organisationRegistrationsProjection,
    entities: [OrganisationRegistrationRow],
    migrations: [OrganisationRegistrations1764400000000],
    keyField: 'registrationId',
    event: (id) => ({
      stream: `registration-${id}`,
      type: 'ApplicationSubmitted',
      data: {
        registrationId: id,
        prefecture: '13',
        application: { kind: 'paid-agency', category: 'own', organisationName: `${PERSONAL} 人材株式会社`, permitNumber: '13-ユ-123456' },
        submittedAt: at,
      },
    }),
    applied: (ds, id) => rowExists(ds, 'registration_organisations', 'registration_id', id),
  },
  {
    kind: 'bus',
    name: 'matching-search-profiles-v2',
    consumer: () => searchProfilesProjection,
    entities: MATCHING_ENTITIES,
    migrations: MATCHING_MIGRATIONS,
    keyField: 'seekerId',
    event: (id) => ({
      stream: `seeker-${id}`,
      type: 'registration.SeekerRegistered.v1',
      data: { seekerId: id, scope: ['private-agencies'], profile, registeredAt: at, eligible: true },
    }),
    applied: (ds, id) => rowExists(ds, 'search_profiles', 'seeker_id', id),
  },
  {
    kind: 'bus',
    name: 'quota-registrations',
    consumer: () => quotaRegistrationsConsumer,
    entities: QUOTA_ENTITIES,
    migrations: [QuotaReadModels1764300000000],
    keyField: 'registrationId',
    event: (id) => ({
      stream: `registration-${id}`,
      type: 'registration.RegistrationApproved.v1',
      data: {
        registrationId: id,
        organisationId: newId(),
        organisationKind: 'paid-agency',
        category: 'own',
        prefecture: '13',
        permitNumber: '13-ユ-123456',
        departmentIds: ['dept-1'],
        contractors: [],
        usagePeriodEndsAt: '2029-11-24T15:00:00.000Z',
        complaintOfficerVersion: 1,
        approvedAt: at,
      },
    }),
    applied: (ds, id) => rowExists(ds, 'quota_registrations', 'registration_id', id),
  },
  {
    kind: 'bus',
    name: 'messaging-erasure',
    consumer: () => erasureConsumer,
    entities: MESSAGING_ENTITIES,
    migrations: MESSAGING_MIGRATIONS,
    keyField: 'seekerId',
    event: (id) => ({ stream: `seeker-${id}`, type: 'registration.SeekerErased.v1', data: { seekerId: id, erasedAt: at } }),
    applied: (ds, id) => rowExists(ds, 'messaging_erased_seekers', 'seeker_id', id),
  },
  {
    kind: 'bus',
    name: 'messaging-disclosures',
    consumer: (log) => disclosuresConsumer(log),
    entities: MESSAGING_ENTITIES,
    migrations: MESSAGING_MIGRATIONS,
    keyField: 'seekerId',
    event: (id) => ({
      stream: `seeker-${id}`,
      type: 'registration.SeekerDisclosedIdentity.v1',
      data: { seekerId: id, registrationId: newId(), fields: ['name', 'phone'], disclosedAt: at },
    }),
    // Its effect is in the log (the thread's disclosure; none without a thread): processed means in the inbox and not parked.
    applied: async (ds, _id, eventId) =>
      (await rowExists(ds, 'inbox', 'event_id', eventId)) && !(await ds.getRepository(DeadLetter).exists({ where: { eventId } })),
  },
];

const quiet: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const metadata = () => ({ correlationId: newId(), principal: { kind: 'system' as const, id: 'test' }, occurredAt: at });

const BACKENDS: Array<{ name: string; needs: Array<'postgres'>; config: (dir: string) => ReadDbConfig }> = [
  { name: 'SQLite', needs: [], config: (dir) => ({ type: 'sqlite', file: join(dir, 'read.sqlite') }) },
  { name: 'PostgreSQL', needs: ['postgres'], config: () => ({ type: 'postgres', url: postgresUrl(), schema: uniqueSchema('poison') }) },
];

for (const backend of BACKENDS) {
  describeWith(backend.needs, `every real projection and consumer, fed poisoned events — ${backend.name} read model (issue 8)`, () => {
    let dir: string;
    let config: ReadDbConfig;
    let log: SqliteEventLog;
    let ds: DataSource | undefined;
    const stops: Array<() => Promise<void>> = [];

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'hw-poison-'));
      config = backend.config(dir);
      log = new SqliteEventLog({ file: join(dir, 'log.sqlite'), pollIntervalMs: 10 });
    });

    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop().catch(() => undefined);
      if (ds?.isInitialized) await ds.destroy();
      await log.close();
      if (config.type === 'postgres') await dropSchema(config.schema);
      rmSync(dir, { recursive: true, force: true });
    });

    it.each(CASES.map((c) => [c.name, c] as const))(
      'issue 8: %s — given poisoned events (U+0000 in every string, a missing field, wrong types, no data), then each is applied or parked, never retried forever, and a later good event is applied',
      async (_name, c) => {
        const read = (ds = await openReadDataSource(
          config,
          [...PLATFORM_ENTITIES, ...(c.entities as [])],
          [...PLATFORM_MIGRATIONS, ...(c.migrations as [])],
        ));
        const poisoned = poisonsOf(c.event(newId()).data, c.keyField).map(([what, data]) => ({
          what,
          id: newId(),
          eventId: newId(),
          data,
        }));
        const goodId = newId();
        const good = { ...c.event(goodId), eventId: newId() };
        const poisonedEvents = poisoned.map((p) => ({ ...c.event(p.id), data: p.data, eventId: p.eventId }));

        if (c.kind === 'log') {
          for (const e of [...poisonedEvents, good]) {
            await log.append(
              e.stream,
              [{ id: e.eventId, type: e.type, schemaVersion: 1, data: e.data, metadata: metadata() }],
              'no_stream',
            );
          }
          const runner = new ProjectionRunner(log, read, c.projection, { logger: quiet, backoff: { initialMs: 5, maxMs: 20 } });
          stops.push(() => runner.stop());
          await runner.start();
          await eventually(() => runner.caughtUp(), 30_000);
          // Caught up: the checkpoint is past every event (each applied or parked).
          expect(await runner.checkpoint()).toBe((await log.readAll()).pop()?.position);
        } else {
          // One partition: events are delivered in order, so the good one comes after every poisoned one.
          const bus = new InProcessBus({ partitions: 1, initialBackoffMs: 5, maxBackoffMs: 20 });
          const consumer = new InboxConsumer(bus, read, c.consumer(log), { logger: quiet, pruneEveryMs: 0 });
          stops.push(async () => {
            await consumer.stop();
            await bus.close();
          });
          await consumer.start();
          const toBus = (e: (typeof poisonedEvents)[number]): IntegrationEvent => ({
            id: e.eventId,
            type: e.type,
            key: e.stream,
            occurredAt: at,
            data: e.data,
          });
          await bus.publish('registration', [...poisonedEvents, good].map(toBus));
          // Every event applied or parked; none left to the bus's redelivery.
          await eventually(() => expect(consumer.stats.applied + consumer.stats.parked).toBe(poisoned.length + 1), 30_000);
        }

        expect(await c.applied(read, goodId, good.eventId)).toBe(true);
        // Each poisoned event: applied or parked — and if parked, its dead letter holds no event data.
        const letters = await read.getRepository(DeadLetter).find({ where: { projection: c.name } });
        expect(letters.map((l) => l.eventId)).not.toContain(good.eventId);
        for (const letter of letters) {
          expect(poisoned.map((p) => p.eventId)).toContain(letter.eventId);
          expect(letter.behindEventId).toBeNull(); // each poisoned event has a stream of its own
          expect(letter.attempts).toBe(3);
          expect(letter.error).not.toContain(NUL);
          expect(letter.error).not.toContain('山田');
        }
      },
    );
  });
}
