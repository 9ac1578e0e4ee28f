import { INestApplication } from '@nestjs/common';
import { httpClient } from '@hw/platform/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId } from '@hw/platform/core';
import { Infrastructure, loadConfig, PrincipalClaims, startService } from '@hw/platform/nest';
import { seekerReference } from '@hw/matching/contracts';
import { identityMount } from '@hw/identity/application';
import { PersonalDataService, RegistrationServiceModule } from '@hw/registration/application';

/**
 * R-SKR-5 disclosure over HTTP: the registration service on a real SQLite log (in-process bus,
 * ManualClock, port 0). A seeker discloses chosen fields to one registration; only that
 * registration reads them, by the seeker's reference, each read recorded before anything is
 * decrypted; withdrawal, a block (R-SKR-6) and erasure (R-AUD-2) end it.
 */
describe('R-SKR-5 disclosure of identity and contact to one registration (HTTP, SQLite log)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-disclosure-'));
  const run = newId().replace(/-/g, '').slice(-8);
  const clock = new ManualClock('2026-06-10T01:00:00.000Z');
  const regA = `reg-a-${run}`;
  const regB = `reg-b-${run}`;
  let infra: Infrastructure;
  let app: INestApplication;
  let base: string;
  let personal: PersonalDataService;
  /** What happened, in order: appends to the seeker's stream and openings of its personal data. */
  const trail: string[] = [];

  const bearer = (claims: PrincipalClaims) => `Bearer ${infra.tokens.sign(claims, clock.now())}`;
  const counter = () => bearer({ kind: 'staff', sub: 'counter-7', role: 'counter', officeCode: '13010' });
  const orgUser = (registrationId: string, sub = 'u1', departmentId = 'd1') =>
    bearer({ kind: 'organisation-user', sub, registrationId, departmentId, organisationKind: 'private-paid' });
  const call = httpClient(() => base);

  const data = {
    jobSeekerNumber: `13010-7${run
      .replace(/[^0-9]/g, '')
      .padEnd(7, '3')
      .slice(0, 7)}`,
    name: `開示 花子${run}`,
    nameKana: `カイジ ハナコ${run}`,
    birthDate: '1990-04-01',
    address: `東京都港区芝公園${run}`,
    phone: '03-1234-5678',
    email: `disclose-${run}@example.jp`,
  };
  const values = [data.name, data.nameKana, data.address, data.phone, data.email, data.jobSeekerNumber, data.birthDate];

  let seekerId: string;
  let seeker: () => string;
  let refA: string;
  let refB: string;

  const events = async (type?: string) => (await infra.log.readStream(`seeker-${seekerId}`)).filter((e) => !type || e.type === type);
  const openings = () => trail.filter((t) => t === 'open').length;

  beforeAll(async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      AUTH_SECRET: 'disclosure-secret-of-at-least-thirty-two-chars',
      BUS: 'in-process',
      LOG_LEVEL: 'error',
      REGISTRATION_PORT: '0',
    });
    infra = await Infrastructure.create(config, clock);
    app = await startService('registration', RegistrationServiceModule.register(infra, [identityMount]), infra);
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    personal = app.get(PersonalDataService);
    const open = personal.open.bind(personal);
    jest.spyOn(personal, 'open').mockImplementation((id, sealed) => {
      trail.push('open');
      return open(id, sealed);
    });
    const append = infra.log.append.bind(infra.log);
    jest.spyOn(infra.log, 'append').mockImplementation((streamId, list, expected) => {
      trail.push(...list.map((e) => `append:${e.type}`));
      return append(streamId, list, expected);
    });

    const created = await call('POST', '/seekers', counter(), {
      scope: ['private-agencies', 'local-governments'],
      termsVersion: '2026-04',
      personalData: data,
      appliedOn: '2026-06-10',
      school: { status: 'none' },
      profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
    });
    expect(created.status).toBe(201);
    seekerId = created.body.seekerId;
    seeker = () => bearer({ kind: 'seeker', sub: seekerId });
    refA = seekerReference(infra.config.seekerReferenceSecret, regA, seekerId);
    refB = seekerReference(infra.config.seekerReferenceSecret, regB, seekerId);
  }, 60_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    await infra?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-SKR-5: before any disclosure an organisation reads nothing — 403 NOT_DISCLOSED, nothing decrypted, nothing recorded', async () => {
    trail.length = 0;
    const read = await call('GET', `/disclosures/${refA}`, orgUser(regA));
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ code: 'NOT_DISCLOSED', rule: 'R-SKR-5' });
    expect(openings()).toBe(0);
    expect(await events('DisclosedIdentityRead')).toHaveLength(0);
  });

  it('R-SKR-5: only the seeker themself discloses; fields are validated naming field and rule', async () => {
    const other = bearer({ kind: 'seeker', sub: newId() });
    expect((await call('POST', `/seekers/${seekerId}/disclosures`, other, { registrationId: regA, fields: ['name'] })).status).toBe(403);
    expect((await call('POST', `/seekers/${seekerId}/disclosures`, counter(), { registrationId: regA, fields: ['name'] })).status).toBe(
      403,
    );
    expect((await call('POST', `/seekers/${seekerId}/disclosures`, orgUser(regA), { registrationId: regA, fields: ['name'] })).status).toBe(
      403,
    );
    const birth = await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: regA, fields: ['name', 'birthDate'] });
    expect(birth.status).toBe(400);
    expect(birth.body).toMatchObject({ field: 'fields', rule: 'R-SKR-5' });
    const none = await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: regA, fields: [] });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ field: 'fields', rule: 'R-SKR-5' });
    expect(
      (await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: 'not a registration!', fields: ['name'] })).body,
    ).toMatchObject({
      field: 'registrationId',
      rule: 'R-SKR-5',
    });
    expect(await events('SeekerDisclosedIdentity')).toHaveLength(0);
  });

  it('R-SKR-5: the disclosed registration reads only the disclosed fields; each read is recorded before anything is decrypted', async () => {
    const disclosed = await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: regA, fields: ['email', 'name'] });
    expect(disclosed.status).toBe(201);
    expect(disclosed.body).toEqual({ seekerId, registrationId: regA, fields: ['name', 'email'] });
    // The log records the field names, never the values.
    const [event] = await events('SeekerDisclosedIdentity');
    expect(event.data).toEqual({ seekerId, registrationId: regA, fields: ['name', 'email'], disclosedAt: clock.now().toISOString() });
    expect((await call('GET', `/seekers/${seekerId}`, seeker())).body.disclosures).toEqual({ [regA]: ['name', 'email'] });

    trail.length = 0;
    const first = await call('GET', `/disclosures/${refA}`, orgUser(regA));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      seekerRef: refA,
      fields: ['name', 'email'],
      personalData: { name: data.name, email: data.email },
      readAt: clock.now().toISOString(),
    });
    for (const v of [data.phone, data.address, data.birthDate, data.jobSeekerNumber, data.nameKana, seekerId])
      expect(first.text).not.toContain(v);
    // Recorded first, decrypted after.
    expect(trail).toEqual(['append:DisclosedIdentityRead', 'open']);

    clock.advance(60_000);
    const second = await call('GET', `/disclosures/${refA}`, orgUser(regA, 'u2', 'd2'));
    expect(second.status).toBe(200);
    expect(second.body.personalData).toEqual({ name: data.name, email: data.email });

    const reads = await events('DisclosedIdentityRead');
    expect(reads).toHaveLength(2);
    expect(reads.map((e) => e.data)).toEqual([
      expect.objectContaining({ seekerId, registrationId: regA, userId: 'u1', departmentId: 'd1', fields: ['name', 'email'] }),
      expect.objectContaining({ seekerId, registrationId: regA, userId: 'u2', departmentId: 'd2', fields: ['name', 'email'] }),
    ]);
    expect(reads[1].metadata.principal).toEqual({ kind: 'organisation-user', id: 'u2' });
    // The recorded reads carry no personal value.
    for (const v of values) expect(JSON.stringify(reads.map((e) => e.data))).not.toContain(v);
  });

  it('R-SKR-5: another registration is refused and nothing is decrypted — 404 for a reference not its own (no hint), 403 NOT_DISCLOSED for its own', async () => {
    trail.length = 0;
    const foreign = await call('GET', `/disclosures/${refA}`, orgUser(regB));
    expect(foreign.status).toBe(404);
    const own = await call('GET', `/disclosures/${refB}`, orgUser(regB));
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 'NOT_DISCLOSED', rule: 'R-SKR-5' });
    const garbage = await call('GET', '/disclosures/not-a-reference', orgUser(regB));
    const unknown = await call('GET', `/disclosures/${seekerReference(infra.config.seekerReferenceSecret, regA, newId())}`, orgUser(regA));
    // The same answer whatever the reason: nothing tells a forged, foreign or unknown reference apart.
    expect(garbage.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(garbage.body).toEqual(foreign.body);
    expect(unknown.body).toEqual(foreign.body);
    for (const r of [foreign, own, garbage, unknown]) for (const v of values) expect(r.text).not.toContain(v);
    expect(openings()).toBe(0);
    expect(trail).toEqual([]);
    expect(
      (await events('DisclosedIdentityRead')).filter((e) => (e.data as { registrationId: string }).registrationId !== regA),
    ).toHaveLength(0);
    // Seekers and staff do not read through this route.
    expect((await call('GET', `/disclosures/${refA}`, seeker())).status).toBe(403);
    expect((await call('GET', `/disclosures/${refA}`, counter())).status).toBe(403);
  });

  it('R-SKR-5: withdrawal stops reads; a new disclosure decides the fields again', async () => {
    const withdrawn = await call('DELETE', `/seekers/${seekerId}/disclosures/${regA}`, seeker());
    expect(withdrawn.status).toBe(200);
    expect((await call('DELETE', `/seekers/${seekerId}/disclosures/${regA}`, seeker())).body).toMatchObject({
      code: 'NOT_DISCLOSED',
      rule: 'R-SKR-5',
      statusCode: 409,
    });
    trail.length = 0;
    const after = await call('GET', `/disclosures/${refA}`, orgUser(regA));
    expect(after.status).toBe(403);
    expect(after.body).toMatchObject({ code: 'NOT_DISCLOSED' });
    expect(openings()).toBe(0);
    expect(await events('DisclosedIdentityRead')).toHaveLength(2);

    expect((await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: regA, fields: ['phone'] })).status).toBe(
      201,
    );
    const phoneOnly = await call('GET', `/disclosures/${refA}`, orgUser(regA));
    expect(phoneOnly.body.personalData).toEqual({ phone: data.phone });
    expect(await events('DisclosedIdentityRead')).toHaveLength(3);
  });

  it('R-SKR-6: a block ends the disclosure and no disclosure is made to a blocked registration', async () => {
    expect((await call('POST', `/seekers/${seekerId}/blocks`, seeker(), { registrationId: regA })).status).toBe(200);
    expect((await call('GET', `/disclosures/${refA}`, orgUser(regA))).status).toBe(403);
    const refused = await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: regA, fields: ['name'] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'REGISTRATION_BLOCKED', rule: 'R-SKR-6' });
    expect((await call('DELETE', `/seekers/${seekerId}/blocks/${regA}`, seeker())).status).toBe(200);
    expect((await call('GET', `/disclosures/${refA}`, orgUser(regA))).status).toBe(403); // lifting the block does not restore it
    expect(await events('DisclosedIdentityRead')).toHaveLength(3);
  });

  it('R-AUD-2: after erasure the disclosure is unreadable — 404 with no data, nothing decrypted, no read recorded', async () => {
    expect(
      (await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: regA, fields: ['name', 'address'] })).status,
    ).toBe(201);
    expect((await call('GET', `/disclosures/${refA}`, orgUser(regA))).body.personalData).toEqual({
      name: data.name,
      address: data.address,
    });
    expect((await call('POST', `/seekers/${seekerId}/erasure`, counter(), { requestReference: `REQ-${run}` })).status).toBe(200);

    trail.length = 0;
    const gone = await call('GET', `/disclosures/${refA}`, orgUser(regA));
    expect(gone.status).toBe(404);
    for (const v of values) expect(gone.text).not.toContain(v);
    expect(trail).toEqual([]);
    expect(await events('DisclosedIdentityRead')).toHaveLength(4);
    const again = await call('POST', `/seekers/${seekerId}/disclosures`, seeker(), { registrationId: regA, fields: ['name'] });
    expect(again.body).toMatchObject({ code: 'SEEKER_ERASED', rule: 'R-AUD-2' });
  });
});
