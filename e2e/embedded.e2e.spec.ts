import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@hw/platform/testing';
import { approveRegistration, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

const PORTS = { gateway: 3100, registration: 3101, matching: 3102, messaging: 3103, quota: 3104, complaints: 3105, reporting: 3106 };
const portEnv = Object.fromEntries(Object.entries(PORTS).map(([s, p]) => [`${s.toUpperCase()}_PORT`, String(p)]));

/** The README's start line: every service in one process on the embedded default. */
describe('embedded default (npm start): one process, seven services, data under DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-embedded-'));
  const env = { ...portEnv, DATA_DIR: dataDir };
  let platform: Started;

  afterAll(async () => {
    await platform?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts every service on its own port, each answering GET /health', async () => {
    platform = startProcess('apps/launcher/src/main.ts', env);
    for (const port of Object.values(PORTS)) await waitForHealth(port, platform);
    for (const [service, port] of Object.entries(PORTS)) {
      const health = await http('GET', `http://127.0.0.1:${port}/health`);
      expect(health).toEqual({ status: 200, body: { status: 'ok', service, eventLog: 'ok', readDb: 'ok' } });
    }
  });

  it('carries a registration event through the in-process bus into matching, and keeps it across a clean restart (Ctrl-C)', async () => {
    const staff = bearer({ kind: 'staff', sub: 'counter-1', role: 'counter', officeCode: '13010' });
    // R-ORG-1: matching serves only a registration it knows to be active.
    const registrationId = await approveRegistration(PORTS.registration);
    const org = bearer({ kind: 'organisation-user', sub: 'u1', registrationId, departmentId: 'd1', organisationKind: 'private-paid' });
    const created = await http('POST', `http://127.0.0.1:${PORTS.registration}/seekers`, staff, {
      scope: ['private-agencies'],
      termsVersion: '2026-04',
      personalData: {
        jobSeekerNumber: '13010-00000001',
        name: '山田 花子',
        birthDate: '1990-04-01',
        address: '東京都千代田区1-1',
        phone: '03-0000-0000',
        email: 'hanako@example.jp',
      },
      appliedOn: new Date().toISOString().slice(0, 10),
      school: { status: 'none' },
      profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
    });
    expect(created.status).toBe(201);
    await eventually(async () => {
      const found = await http('GET', `http://127.0.0.1:${PORTS.matching}/profiles?prefecture=13`, org);
      expect(found.body.items).toHaveLength(1);
    });

    expect(await platform.stop('SIGINT')).toBe(0); // clean shutdown on Ctrl-C
    expect(platform.output()).toContain('stopped cleanly');

    platform = startProcess('apps/launcher/src/main.ts', env);
    for (const port of Object.values(PORTS)) await waitForHealth(port, platform);
    const status = await http('GET', `http://127.0.0.1:${PORTS.registration}/seekers/${created.body.seekerId}`, staff);
    expect(status.body).toMatchObject({ status: 'active', scope: ['private-agencies'] });
    const found = await http('GET', `http://127.0.0.1:${PORTS.matching}/profiles?prefecture=13`, org);
    expect(found.body.items).toHaveLength(1);
  });

  it('every route but /health and /docs needs a bearer token', async () => {
    expect((await http('GET', `http://127.0.0.1:${PORTS.matching}/profiles`)).status).toBe(401);
    const seeker = bearer({ kind: 'seeker', sub: 'someone' });
    expect((await http('GET', `http://127.0.0.1:${PORTS.matching}/profiles`, seeker)).status).toBe(403);
  });
});

describe('start-up configuration', () => {
  it('stops with a message naming the setting and the values it accepts', async () => {
    const bad = startProcess('apps/launcher/src/main.ts', { BUS: 'rabbitmq', READ_DB: 'oracle' });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('BUS: must be one of the following values: in-process, kafka, got "rabbitmq"');
    expect(bad.output()).toContain('READ_DB: must be one of the following values: sqlite, postgres, got "oracle"');
  });
});
