import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@hw/platform/testing';
import { seekerReference } from '@hw/matching/contracts';
import { approveRegistration, AUTH_SECRET, bearer, http, startProcess, Started, waitForHealth } from './support/processes';

const REGISTRATION = 3401;
const MATCHING = 3402;

/**
 * GET /profiles over HTTP on the embedded default (registration + matching in one process):
 * seekers registered at registration are found through the in-process bus and the inbox,
 * anonymised (R-SKR-5), paginated, and the query is validated (400 naming the field).
 */
describe('matching: GET /profiles over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-matching-e2e-'));
  let platform: Started;
  const staff = bearer({ kind: 'staff', sub: 'counter-1', role: 'counter', officeCode: '13010' });
  // R-ORG-1: matching serves only registrations it knows to be active, so both are applied for and approved first.
  let agencyId: string;
  let agency: string;
  let city: string;
  const seekerIds: string[] = [];
  const search = (query: string, who = agency) => http('GET', `http://127.0.0.1:${MATCHING}/profiles${query}`, who);

  beforeAll(async () => {
    platform = startProcess('apps/launcher/src/main.ts', {
      SERVICES: 'registration,matching',
      DATA_DIR: dataDir,
      REGISTRATION_PORT: String(REGISTRATION),
      MATCHING_PORT: String(MATCHING),
    });
    await waitForHealth(REGISTRATION, platform);
    await waitForHealth(MATCHING, platform);
    agencyId = await approveRegistration(REGISTRATION);
    const cityId = await approveRegistration(REGISTRATION, {
      organisationName: '検索試験市',
      kind: 'local-government',
      permitNumber: undefined,
      localGovernmentCode: '131016',
      departments: [{ name: '産業振興課' }],
    });
    agency = bearer({
      kind: 'organisation-user',
      sub: 'u1',
      registrationId: agencyId,
      departmentId: 'd1',
      organisationKind: 'private-paid',
    });
    city = bearer({
      kind: 'organisation-user',
      sub: 'u2',
      registrationId: cityId,
      departmentId: 'd1',
      organisationKind: 'local-government',
    });
    for (let i = 0; i < 3; i += 1) {
      const created = await http('POST', `http://127.0.0.1:${REGISTRATION}/seekers`, staff, {
        scope: ['private-agencies', 'local-governments'],
        termsVersion: '2026-04',
        personalData: {
          jobSeekerNumber: `13010-0000000${i}`,
          name: '山田 花子',
          birthDate: '1990-04-01',
          address: '岡山県岡山市北区1-1',
          phone: '086-000-0000',
          email: `hanako${i}@example.jp`,
        },
        appliedOn: new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10),
        school: { status: 'none' },
        profile: {
          desiredOccupations: ['25'],
          desiredPrefectures: ['33'],
          employmentType: 'full-time',
          desiredWage: { amount: 200_000 + i * 10_000, per: 'month' },
          selfPr: '事務職の経験があります。',
        },
      });
      expect({ status: created.status, body: created.status === 201 ? 'ok' : created.body }).toEqual({ status: 201, body: 'ok' });
      seekerIds.push(created.body.seekerId);
    }
    await eventually(async () => expect((await search('?prefecture=33')).body.items).toHaveLength(3));
  }, 120_000);

  afterAll(async () => {
    await platform?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-SKR-5: results carry the registration-specific reference and never the seeker id', async () => {
    const found = await search('?prefecture=33&occupation=C');
    expect(found.status).toBe(200);
    const text = JSON.stringify(found.body);
    for (const id of seekerIds) expect(text).not.toContain(id);
    for (const personal of ['13010-', '山田', '1990-04-01', '086-000-0000', 'example.jp', '岡山市']) expect(text).not.toContain(personal);
    expect(found.body.items[0]).toMatchObject({ selfPr: '事務職の経験があります。', desiredOccupations: ['25'] });
    expect(found.body.items.map((i: { reference: string }) => i.reference).sort()).toEqual(
      seekerIds.map((id) => seekerReference(AUTH_SECRET, agencyId, id)).sort(),
    );
    const byCity = await search('?prefecture=33', city);
    expect(byCity.body.items.map((i: { reference: string }) => i.reference)).not.toContain(found.body.items[0].reference);
  });

  it('R-SKR-6: a seeker who blocks a registration disappears from its results only', async () => {
    const seeker = bearer({ kind: 'seeker', sub: seekerIds[0] });
    const blocked = await http('POST', `http://127.0.0.1:${REGISTRATION}/seekers/${seekerIds[0]}/blocks`, seeker, {
      registrationId: agencyId,
    });
    expect(blocked.status).toBeLessThan(300);
    const mine = seekerReference(AUTH_SECRET, agencyId, seekerIds[0]);
    await eventually(async () =>
      expect((await search('?prefecture=33')).body.items.map((i: { reference: string }) => i.reference)).not.toContain(mine),
    );
    expect((await search('?prefecture=33', city)).body.items).toHaveLength(3);
    await http('DELETE', `http://127.0.0.1:${REGISTRATION}/seekers/${seekerIds[0]}/blocks/${agencyId}`, seeker);
    await eventually(async () => expect((await search('?prefecture=33')).body.items).toHaveLength(3));
  });

  it('sorts by wage (query q matches Japanese words in the self-PR)', async () => {
    const byWage = await search('?prefecture=33&sort=wage-desc&q=事務職');
    expect(byWage.body.items.map((i: { desiredWage: { amount: number } }) => i.desiredWage.amount)).toEqual([220_000, 210_000, 200_000]);
  });

  it('pages with an opaque cursor until the last page', async () => {
    const first = await search('?prefecture=33&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await search(`?prefecture=33&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('R-ORG-1: a registration matching has never heard of is refused (403) even on a validly signed token', async () => {
    const stranger = bearer({
      kind: 'organisation-user',
      sub: 'u3',
      registrationId: 'reg-never-approved',
      departmentId: 'd1',
      organisationKind: 'private-paid',
    });
    expect(await search('?prefecture=33', stranger)).toMatchObject({
      status: 403,
      body: { code: 'REGISTRATION_NOT_ACTIVE', rule: 'R-ORG-1' },
    });
  });

  it('refuses an invalid query with 400 naming the field', async () => {
    for (const [query, field] of [
      ['?prefecture=48', 'prefecture'],
      ['?occupation=abc', 'occupation'],
      ['?limit=0', 'limit'],
      ['?sort=oldest', 'sort'],
      ['?wageMin=300000&wageMax=200000', 'wageMax'],
      ['?cursor=garbage', 'cursor'],
      ['?seekerId=x', 'seekerId'],
    ]) {
      const response = await search(query);
      expect({ query, status: response.status, field: response.body.field }).toEqual({ query, status: 400, field });
    }
  });

  it('documents GET /profiles in OpenAPI, with the Swagger UI and its assets served at /docs', async () => {
    for (const path of ['/docs', '/docs/swagger-ui.css']) {
      const page = await fetch(`http://127.0.0.1:${MATCHING}${path}`);
      expect({ path, status: page.status, length: (await page.text()).length > 100 }).toEqual({ path, status: 200, length: true });
    }
    const doc = await http('GET', `http://127.0.0.1:${MATCHING}/docs-json`);
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/profiles'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['occupation', 'prefecture', 'municipality', 'wageMin', 'q', 'sort', 'cursor', 'limit']),
    );
  });
});
