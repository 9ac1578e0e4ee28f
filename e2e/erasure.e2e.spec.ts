import { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import { Kafka } from 'kafkajs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityMount } from '@hw/identity/application';
import { ManualClock, newId } from '@hw/platform/core';
import { MatchingServiceModule } from '@hw/matching/application';
import { BackgroundWork, Infrastructure, loadConfig, PrincipalClaims, READ_DB, startService, TokenService } from '@hw/platform/nest';
import { DataSource } from 'typeorm';
import { openReadDataSource, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS, ProjectionRunner } from '@hw/platform/projections';
import { eventually, infraAvailable, kafkaBrokers } from '@hw/platform/testing';
import {
  keyStoreFile,
  PersonalDataService,
  RegistrationServiceModule,
  SEEKER_ENTITIES,
  SEEKER_MIGRATIONS,
  SeekerCount,
  SeekerDue,
  SeekerScheduler,
  seekerCountsProjection,
  seekerDueProjection,
} from '@hw/registration/application';
import { REGISTRATION_TOPIC } from '@hw/registration/contracts';
import { http } from './support/processes';

const SECRET = 'erasure-secret-of-at-least-thirty-two-characters';

/** Every row of every table of a SQLite file, as text. */
const dumpSqlite = (file: string): string => {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
  } finally {
    db.close();
  }
};

/** The raw bytes of a SQLite file and its WAL. */
const rawBytes = (file: string): Buffer => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));

/** Every message of a Kafka topic from the start, as text (values and headers). */
const consumeWholeTopic = async (topic: string): Promise<string> => {
  const kafka = new Kafka({ clientId: 'erasure-scan', brokers: kafkaBrokers(), logLevel: 0 });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(offsets.filter((o) => o.high !== o.low).map((o) => [o.partition, BigInt(o.high)]));
  const consumer = kafka.consumer({ groupId: `erasure-scan-${newId()}` });
  const chunks: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    if (remaining.size === 0) resolve();
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          chunks.push(
            message.value?.toString('utf8') ?? '',
            JSON.stringify(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]))),
          );
          if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
          if (remaining.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return chunks.join('\n');
};

const modes: Array<'in-process' | 'kafka'> = infraAvailable('kafka') ? ['in-process', 'kafka'] : ['in-process'];
if (process.env.CI === 'true' && !infraAvailable('kafka')) modes.push('kafka'); // fails loudly under CI

describe.each(modes)('R-AUD-2 erasure, R-STF-2 staff reads, seekers over HTTP (bus: %s)', (bus) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-erasure-'));
  const run = newId().replace(/-/g, '').slice(-8);
  const clock = new ManualClock('2026-06-10T01:00:00.000Z');
  const tokens = new TokenService(SECRET);
  const as = (claims: PrincipalClaims) => `Bearer ${tokens.sign(claims, clock.now())}`;
  const counter = () => as({ kind: 'staff', sub: 'counter-7', role: 'counter', officeCode: '13010' });
  const otherCounter = () => as({ kind: 'staff', sub: 'counter-8', role: 'counter', officeCode: '27010' });
  const auditor = () => as({ kind: 'staff', sub: 'hq-1', role: 'hq-auditor' });
  const org = () =>
    as({ kind: 'organisation-user', sub: 'u1', registrationId: `reg-${run}`, departmentId: 'd1', organisationKind: 'private-paid' });
  /** Known personal strings: none may survive the erasure anywhere. */
  const personal = {
    jobSeekerNumber: `13010-9${run
      .replace(/[^0-9]/g, '')
      .padEnd(7, '5')
      .slice(0, 7)}`,
    name: `消去 太郎${run}`,
    nameKana: `ショウキョ タロウ${run}`,
    birthDate: '1988-02-29',
    address: `東京都千代田区霞が関${run}番地`,
    phone: `03-5253-${run.slice(0, 4).replace(/[^0-9]/g, '1')}`,
    email: `erase-${run}@example.jp`,
  };
  const secrets = [personal.name, personal.nameKana, personal.address, personal.email, personal.jobSeekerNumber, personal.phone];
  let infra: Infrastructure;
  const apps: INestApplication[] = [];
  let base: string;

  const body = (over: object = {}) => ({
    scope: ['private-agencies', 'local-governments'],
    termsVersion: '2026-04',
    personalData: personal,
    appliedOn: '2026-06-10',
    school: { status: 'none' },
    profile: { desiredOccupations: ['25', '26'], desiredPrefectures: ['13'], employmentType: 'full-time', selfPr: '経理の経験があります' },
    ...over,
  });

  beforeAll(async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      AUTH_SECRET: SECRET,
      BUS: bus,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      POLL_INTERVAL_MS: '20',
      LOG_LEVEL: 'error',
      REGISTRATION_PORT: '0',
      MATCHING_PORT: '0',
    });
    infra = await Infrastructure.create(config, clock);
    apps.push(await startService('registration', RegistrationServiceModule.register(infra, [identityMount]), infra));
    apps.push(await startService('matching', MatchingServiceModule.register(infra), infra));
    for (const app of apps) await app.get(BackgroundWork, { strict: false }).startRelay();
    base = `http://127.0.0.1:${(apps[0].getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await infra?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let seekerId: string;
  let otherSeekerId: string;

  it('R-SKR-2: counter staff register a seeker; a job-seeker number is registered once; refusals name field and rule', async () => {
    const created = await http('POST', `${base}/seekers`, counter(), body());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ eligible: true, validUntil: '2026-08-31' });
    seekerId = created.body.seekerId;
    expect(JSON.stringify(created.body)).not.toContain(personal.name);

    const again = await http('POST', `${base}/seekers`, counter(), body());
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'JOB_SEEKER_NUMBER_TAKEN', rule: 'R-SKR-2', field: 'personalData.jobSeekerNumber' });

    const other = await http(
      'POST',
      `${base}/seekers`,
      counter(),
      body({ personalData: { ...personal, jobSeekerNumber: '13010-00000002', name: '他人 花子' } }),
    );
    expect(other.status).toBe(201);
    otherSeekerId = other.body.seekerId;

    const badOccupation = await http(
      'POST',
      `${base}/seekers`,
      counter(),
      body({ profile: { ...body().profile, desiredOccupations: ['99'] } }),
    );
    expect(badOccupation.status).toBe(400);
    expect(badOccupation.body).toMatchObject({ field: 'profile.desiredOccupations', rule: 'R-SKR-5' });
    const badNumber = await http(
      'POST',
      `${base}/seekers`,
      counter(),
      body({ personalData: { ...personal, jobSeekerNumber: '1301012345678' } }),
    );
    expect(badNumber.body).toMatchObject({ field: 'personalData.jobSeekerNumber', rule: 'R-SKR-2' });
    expect(JSON.stringify(badNumber.body)).not.toContain('1301012345678'); // values are never echoed

    const student = await http(
      'POST',
      `${base}/seekers`,
      counter(),
      body({ personalData: { ...personal, jobSeekerNumber: '13010-00000004' }, school: { status: 'student', schoolKind: 'high' } }),
    );
    expect(student.status).toBe(422);
    expect(student.body).toMatchObject({ code: 'STUDENT_OF_EXCLUDED_SCHOOL', rule: 'R-SKR-1', field: 'school' });
  });

  it('R-SKR-5 / R-STF-1: a seeker cannot read another seeker, an organisation user cannot reach personal data, other offices cannot act', async () => {
    const seeker = as({ kind: 'seeker', sub: seekerId });
    expect((await http('GET', `${base}/seekers/${otherSeekerId}/personal-data?purpose=counter-service`, seeker)).status).toBe(403);
    expect((await http('GET', `${base}/seekers/${otherSeekerId}`, seeker)).status).toBe(403);
    expect((await http('GET', `${base}/seekers/${seekerId}/personal-data?purpose=counter-service`, org())).status).toBe(403);
    expect((await http('GET', `${base}/seekers/${seekerId}`, org())).status).toBe(403);
    const own = await http('GET', `${base}/seekers/${seekerId}/personal-data?purpose=counter-service`, seeker);
    expect(own.body.personalData).toMatchObject({ name: personal.name });
    expect((await http('POST', `${base}/seekers/${seekerId}/stop`, as({ kind: 'seeker', sub: otherSeekerId }))).status).toBe(403);
    const wrongOffice = await http('PUT', `${base}/seekers/${seekerId}/scope`, otherCounter(), {
      scope: ['local-governments'],
      termsVersion: '2026-04',
    });
    expect(wrongOffice.status).toBe(403);
    expect(
      (await http('PUT', `${base}/seekers/${seekerId}/scope`, auditor(), { scope: ['local-governments'], termsVersion: '2026-04' })).status,
    ).toBe(403); // read-only
    expect((await http('GET', `${base}/seekers/${seekerId}`, auditor())).status).toBe(200);
    // R-STF-1: staff of another office read neither the status (profile, blocks, disclosures) nor the personal data.
    const desk27 = as({ kind: 'staff', sub: 'desk-27', role: 'complaint-desk', officeCode: '27010' });
    for (const staff of [otherCounter(), desk27]) {
      expect(await http('GET', `${base}/seekers/${seekerId}`, staff)).toMatchObject({
        status: 403,
        body: { code: 'NOT_SEEKERS_OFFICE', rule: 'R-STF-1' },
      });
      const refused = await http('GET', `${base}/seekers/${seekerId}/personal-data?purpose=complaint-handling`, staff);
      expect(refused).toMatchObject({ status: 403, body: { code: 'NOT_SEEKERS_OFFICE' } });
      expect(JSON.stringify(refused.body)).not.toContain(personal.name);
    }
    expect(
      (await http('GET', `${base}/seekers/${seekerId}`, as({ kind: 'staff', sub: 'desk-13', role: 'complaint-desk', officeCode: '13010' })))
        .status,
    ).toBe(200);
    // … nor correct the personal data — and the refused correction moves no job-seeker number reservation.
    const renumbered = { ...personal, jobSeekerNumber: '27010-99999999' };
    expect(await http('PUT', `${base}/seekers/${seekerId}/personal-data`, otherCounter(), { personalData: renumbered })).toMatchObject({
      status: 403,
      body: { code: 'NOT_SEEKERS_OFFICE' },
    });
    expect(await http('POST', `${base}/seekers`, counter(), body())).toMatchObject({
      status: 409,
      body: { code: 'JOB_SEEKER_NUMBER_TAKEN' },
    });
  });

  it('R-STF-2: a staff read returns the decrypted data and is recorded (who, when, which seeker, why, route)', async () => {
    const read = await http('GET', `${base}/seekers/${seekerId}/personal-data?purpose=counter-service`, counter());
    expect(read.status).toBe(200);
    expect(read.body.personalData).toEqual(personal);
    expect((await http('GET', `${base}/seekers/${seekerId}/personal-data`, counter())).body).toMatchObject({
      field: 'purpose',
      rule: 'R-STF-2',
    });
    const stream = await infra.log.readStream(`seeker-${seekerId}`);
    const reads = stream.filter((e) => e.type === 'PersonalDataRead');
    expect(reads).toHaveLength(1); // the seeker's own read is not a staff read …
    // … but it is recorded too (R-STF-2: a seeker session may have been opened with a staff-issued code).
    expect(stream.filter((e) => e.type === 'OwnPersonalDataRead').map((e) => e.data)).toEqual([
      { seekerId, route: 'GET /seekers/:seekerId/personal-data', readAt: clock.now().toISOString() },
    ]);
    expect(reads[0].data).toEqual({
      seekerId,
      reader: { kind: 'staff', id: 'counter-7', role: 'counter', officeCode: '13010' },
      purpose: 'counter-service',
      route: 'GET /seekers/:seekerId/personal-data',
      readAt: clock.now().toISOString(),
    });
  });

  it('R-SKR-4 / R-SKR-6 / R-SKR-2: stop, resume at Hello Work, block and unblock, scope change', async () => {
    const seeker = as({ kind: 'seeker', sub: seekerId });
    expect((await http('POST', `${base}/seekers/${seekerId}/stop`, seeker)).status).toBe(200);
    expect((await http('POST', `${base}/seekers/${seekerId}/resume`, seeker)).status).toBe(403);
    expect((await http('POST', `${base}/seekers/${seekerId}/resume`, counter())).status).toBe(200);
    expect((await http('POST', `${base}/seekers/${seekerId}/blocks`, seeker, { registrationId: `reg-${run}` })).status).toBe(200);
    expect((await http('POST', `${base}/seekers/${seekerId}/blocks`, seeker, { registrationId: `reg-${run}` })).body).toMatchObject({
      code: 'ALREADY_BLOCKED',
      rule: 'R-SKR-6',
    });
    expect((await http('GET', `${base}/seekers/${seekerId}`, seeker)).body.blockedRegistrationIds).toEqual([`reg-${run}`]);
    expect((await http('DELETE', `${base}/seekers/${seekerId}/blocks/reg-${run}`, seeker)).status).toBe(200);
    expect(
      (await http('PUT', `${base}/seekers/${seekerId}/scope`, counter(), { scope: ['local-governments'], termsVersion: '2026-04' })).status,
    ).toBe(200);
    expect((await http('GET', `${base}/seekers/${seekerId}`, seeker)).body).toMatchObject({
      status: 'active',
      scope: ['local-governments'],
      blockedRegistrationIds: [],
    });
  });

  it('R-SKR-1 / R-SKR-3: time-driven changes happen by themselves — the 30 June window closes, the application expires at month end (JST)', async () => {
    const graduate = await http(
      'POST',
      `${base}/seekers`,
      counter(),
      body({
        personalData: { ...personal, jobSeekerNumber: '13010-00000003', name: '新卒 次郎' },
        school: { status: 'new-graduate', schoolKind: 'high', graduationDate: '2026-03-01' },
      }),
    );
    expect(graduate.body).toMatchObject({ eligible: false, ineligibleReason: 'NEW_GRADUATE_BEFORE_JULY' });
    const id = graduate.body.seekerId;
    const types = async () => (await infra.log.readStream(`seeker-${id}`)).map((e) => e.type);

    // The due-date read model has the seeker; at 23:59:59 JST on 30 June a tick issues nothing.
    const dueRow = apps[0].get<DataSource>(READ_DB, { strict: false }).getRepository(SeekerDue);
    await eventually(async () =>
      expect(await dueRow.findOneBy({ seekerId: id })).toMatchObject({
        eligibleFrom: '2026-06-30T15:00:00.000Z',
        expiresAt: '2026-08-31T15:00:00.000Z',
      }),
    );
    clock.set('2026-06-30T14:59:59.000Z');
    expect(await apps[0].get(SeekerScheduler).tick()).toBe(0);
    expect(await types()).toEqual(['SeekerRegistered']);
    clock.set('2026-06-30T15:00:00.000Z'); // 00:00 JST on 1 July
    await eventually(async () => expect(await types()).toContain('SeekerNewGraduateWindowClosed'));
    expect((await http('GET', `${base}/seekers/${id}`, counter())).body).toMatchObject({ eligible: true });

    clock.set('2026-08-31T15:00:00.000Z'); // 00:00 JST on 1 September: valid until 31 August
    await eventually(async () => expect(await types()).toContain('SeekerApplicationExpired'));
    expect((await http('GET', `${base}/seekers/${id}`, counter())).body).toMatchObject({
      eligible: false,
      ineligibleReason: 'APPLICATION_EXPIRED',
    });
    clock.set('2026-06-10T01:00:00.000Z');
  }, 60_000);

  it('R-AUD-2: after erasure no known personal string is readable — APIs, a replay, every table, the topic, the raw log and key files — and counts stay right', async () => {
    const logFile = join(dataDir, 'events.sqlite');
    const registered = (await infra.log.readStream(`seeker-${seekerId}`))[0];
    const sealed = (registered.data as { personalData: string }).personalData;
    // Before: the log holds the ciphertext, never the plaintext.
    const before = rawBytes(logFile);
    expect(before.includes(Buffer.from(sealed.split('.')[2]))).toBe(true);
    for (const s of secrets) expect(before.includes(Buffer.from(s, 'utf8'))).toBe(false);
    const wrapped = new Database(keyStoreFile(infra.config), { readonly: true })
      .prepare('SELECT wrapped_key FROM seeker_keys WHERE seeker_id = ?')
      .get(seekerId) as { wrapped_key: string };
    expect(wrapped).toBeDefined();

    expect((await http('POST', `${base}/seekers/${seekerId}/erasure`, otherCounter(), { requestReference: `REQ-${run}` })).status).toBe(
      403,
    );
    const erased = await http('POST', `${base}/seekers/${seekerId}/erasure`, counter(), { requestReference: `REQ-${run}` });
    expect(erased.status).toBe(200);

    // Every API: nothing readable.
    const staffRead = await http('GET', `${base}/seekers/${seekerId}/personal-data?purpose=lawful-request`, counter());
    expect(staffRead.status).toBe(409);
    expect(staffRead.body.rule).toBe('R-AUD-2');
    expect(
      (await http('GET', `${base}/seekers/${seekerId}/personal-data?purpose=counter-service`, as({ kind: 'seeker', sub: seekerId })))
        .status,
    ).toBe(409);
    expect((await http('GET', `${base}/seekers/${seekerId}`, counter())).body).toEqual({ seekerId, status: 'erased' });
    expect((await http('GET', `${base}/seekers/${seekerId}`, otherCounter())).status).toBe(403); // R-STF-1: not even the erasure
    // The other seeker is untouched.
    expect(
      (await http('GET', `${base}/seekers/${otherSeekerId}/personal-data?purpose=counter-service`, counter())).body.personalData.name,
    ).toBe('他人 花子');

    // A replay of the log: the sealed data of every event of the stream no longer opens.
    const service = apps[0].get(PersonalDataService);
    const replayed = await infra.log.readStream(`seeker-${seekerId}`);
    expect(replayed.map((e) => e.type)).toContain('SeekerErased');
    for (const e of replayed) {
      const s = (e.data as { personalData?: string }).personalData;
      if (s) expect(service.open(seekerId, s)).toBeUndefined();
    }
    // Rebuild registration's read models from the log into a fresh database: same anonymous counts.
    const replayDb = await openReadDataSource(
      { type: 'sqlite', file: join(dataDir, 'replay.read.sqlite') },
      [...PLATFORM_ENTITIES, ...SEEKER_ENTITIES],
      [...PLATFORM_MIGRATIONS, ...SEEKER_MIGRATIONS],
    );
    const runners = [seekerDueProjection, seekerCountsProjection].map((p) => new ProjectionRunner(infra.log, replayDb, p));
    for (const r of runners) {
      await r.start();
      await r.caughtUp();
    }
    const liveDb = apps[0].get<DataSource>(READ_DB, { strict: false });
    await eventually(async () => {
      const live = await liveDb.getRepository(SeekerCount).find({ order: { month: 'ASC' } });
      expect(live).toEqual([{ officeCode: '13010', month: '2026-06', registered: 3 }]);
      expect(await replayDb.getRepository(SeekerCount).find({ order: { month: 'ASC' } })).toEqual(live);
    });
    for (const r of runners) await r.stop();
    await replayDb.destroy();

    // Let the relay publish the erasure, then scan everything.
    const published =
      bus === 'kafka'
        ? await eventually(async () => {
            const text = await consumeWholeTopic(REGISTRATION_TOPIC);
            expect(text).toContain(`"seekerId":"${seekerId}"`);
            expect(text).toContain('registration.SeekerErased.v1');
            return text;
          }, 60_000)
        : '';
    const files = readdirSync(dataDir).filter((f) => f.endsWith('.sqlite'));
    expect(files).toEqual(
      expect.arrayContaining([
        'events.sqlite',
        'registration.read.sqlite',
        'matching.read.sqlite',
        'registration.keys.sqlite',
        'replay.read.sqlite',
      ]),
    );
    const everything = [
      ...files.map((f) => dumpSqlite(join(dataDir, f))), // every table of every read DB (and the log's table)
      published,
    ].join('\n');
    const raw = Buffer.concat([...files.map((f) => rawBytes(join(dataDir, f))), Buffer.from(published, 'utf8')]);
    for (const s of secrets) {
      expect(everything).not.toContain(s);
      expect(raw.includes(Buffer.from(s, 'utf8'))).toBe(false);
    }
    // The wrapped key itself is gone from the key store, its WAL included (secure_delete + truncate).
    expect(rawBytes(keyStoreFile(infra.config)).includes(Buffer.from(wrapped.wrapped_key))).toBe(false);
  }, 120_000);
});
