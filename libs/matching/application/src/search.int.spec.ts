import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { newId } from '@hw/platform/core';
import { Bus } from '@hw/platform/bus';
import { InboxConsumer, openReadDataSource, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS, ReadDbConfig } from '@hw/platform/projections';
import { describeWith, dropSchema, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { DomainError } from '@hw/platform/core';
import { seekerReference } from '@hw/matching/contracts';
import {
  MATCHING_ENTITIES,
  MATCHING_MIGRATIONS,
  ProfileSearch,
  searchProfilesProjection,
  decodeCursor,
  SearchCriteria,
  buildSearchQuery,
} from './index';

const SECRET = 'test-seeker-reference-secret-of-32-chars!';
const AGENCY = { id: 'reg-agency', kind: 'private-paid' as const };
const OTHER_AGENCY = { id: 'reg-other', kind: 'private-free' as const };
const CITY = { id: 'reg-city', kind: 'local-government' as const };

type Backend = { name: string; needs: Array<'postgres'>; config: () => { config: ReadDbConfig; cleanup: () => Promise<void> } };

const backends: Backend[] = [
  {
    name: 'SQLite',
    needs: [],
    config: () => {
      const dir = mkdtempSync(join(tmpdir(), 'hw-matching-'));
      return {
        config: { type: 'sqlite', file: join(dir, 'read.sqlite') },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    needs: ['postgres'],
    config: () => {
      const schema = uniqueSchema('matching');
      return {
        config: { type: 'postgres', url: postgresUrl(), schema },
        cleanup: () => dropSchema(schema),
      };
    },
  },
];

for (const backend of backends) {
  describeWith(backend.needs, `matching search read model on ${backend.name}`, () => {
    let ds: DataSource;
    let cleanup: () => Promise<void>;
    let consumer: InboxConsumer;
    let search: ProfileSearch;
    let clock = Date.parse('2026-04-01T00:00:00Z');

    beforeAll(async () => {
      const made = backend.config();
      cleanup = made.cleanup;
      ds = await openReadDataSource(
        made.config,
        [...PLATFORM_ENTITIES, ...MATCHING_ENTITIES],
        [...PLATFORM_MIGRATIONS, ...MATCHING_MIGRATIONS],
      );
      consumer = new InboxConsumer({} as Bus, ds, searchProfilesProjection, {
        logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      });
      search = new ProfileSearch(ds, SECRET);
      for (const viewer of [AGENCY, OTHER_AGENCY, CITY])
        await deliver('RegistrationApproved', { registrationId: viewer.id, organisationKind: viewer.kind });
    });
    afterAll(async () => {
      await ds?.destroy();
      await cleanup?.();
    });

    const deliver = async (type: string, data: Record<string, unknown>, id = newId()) =>
      consumer.receive({ id, type: `registration.${type}.v1`, key: 'k', occurredAt: new Date(clock).toISOString(), data });

    const register = async (profile: Record<string, unknown>, over: Record<string, unknown> = {}) => {
      const seekerId = newId();
      clock += 60_000;
      await deliver('SeekerRegistered', {
        seekerId,
        scope: ['private-agencies', 'local-governments'],
        profile: { desiredOccupations: ['051'], desiredPrefectures: ['13'], employmentType: 'full-time', ...profile },
        registeredAt: new Date(clock).toISOString(),
        ...over,
      });
      return seekerId;
    };

    const refs = async (
      criteria: SearchCriteria,
      viewer: { id: string; kind: 'private-paid' | 'private-free' | 'local-government' } = AGENCY,
    ) => (await search.search(viewer.id, viewer.kind, { limit: 100, ...criteria })).items.map((i) => i.reference);
    const ref = (seekerId: string, viewer: { id: string } = AGENCY) => seekerReference(SECRET, viewer.id, seekerId);

    // Each test uses its own prefecture so earlier tests' seekers do not interfere.
    it('effectively once: a redelivered event is skipped by the inbox', async () => {
      const seekerId = newId();
      const id = newId();
      const data = {
        seekerId,
        scope: ['private-agencies'],
        profile: { desiredOccupations: ['051'], desiredPrefectures: ['01'], employmentType: 'any' },
        registeredAt: new Date(clock).toISOString(),
      };
      expect(await deliver('SeekerRegistered', data, id)).toBe('applied');
      expect(await deliver('SeekerRegistered', data, id)).toBe('duplicate');
      expect(await refs({ prefecture: '01' })).toEqual([ref(seekerId)]);
    });

    it('R-SKR-5: results carry a per-registration reference and the anonymised profile only — never the seeker id', async () => {
      const seekerId = await register(
        { desiredPrefectures: ['02'], selfPr: '介護の経験があります', ageBand: '35-39', workHistory: [{ occupation: '051', years: 3 }] },
        {},
      );
      const page = await search.search(AGENCY.id, AGENCY.kind, { prefecture: '02' });
      expect(page.items).toHaveLength(1);
      const text = JSON.stringify(page);
      expect(text).not.toContain(seekerId);
      expect(Object.keys(page.items[0]).sort()).toEqual(
        [
          'ageBand',
          'desiredMunicipalities',
          'desiredOccupations',
          'desiredPrefectures',
          'employmentType',
          'reference',
          'selfPr',
          'workHistory',
        ].sort(),
      );
      const other = await search.search(OTHER_AGENCY.id, OTHER_AGENCY.kind, { prefecture: '02' });
      expect(other.items[0].reference).not.toEqual(page.items[0].reference); // two organisations cannot join results
      expect((await search.search(AGENCY.id, AGENCY.kind, { prefecture: '02' })).items[0].reference).toEqual(page.items[0].reference);
    });

    it('R-SKR-1/R-SKR-3: an ineligible seeker is not found; eligibility changes apply', async () => {
      const later = await register({ desiredPrefectures: ['03'] }, { eligible: false });
      const now = await register({ desiredPrefectures: ['03'] });
      expect(await refs({ prefecture: '03' })).toEqual([ref(now)]);
      await deliver('SeekerEligibilityChanged', { seekerId: later, eligible: true });
      await deliver('SeekerEligibilityChanged', { seekerId: now, eligible: false, reason: 'PLACED' });
      expect(await refs({ prefecture: '03' })).toEqual([ref(later)]);
    });

    it('R-SKR-4: a seeker who stopped use is not found; resuming makes them findable again', async () => {
      const seekerId = await register({ desiredPrefectures: ['04'] });
      await deliver('SeekerStoppedUse', { seekerId, stoppedAt: new Date(clock).toISOString() });
      expect(await refs({ prefecture: '04' })).toEqual([]);
      await deliver('SeekerResumedUse', { seekerId, resumedAt: new Date(clock).toISOString() });
      expect(await refs({ prefecture: '04' })).toEqual([ref(seekerId)]);
    });

    it('R-SKR-2: the scope must include the organisation kind (paid/free agencies → private-agencies; local governments → local-governments)', async () => {
      const privateOnly = await register({ desiredPrefectures: ['05'] }, { scope: ['private-agencies'] });
      const localOnly = await register({ desiredPrefectures: ['05'] }, { scope: ['local-governments'] });
      expect(await refs({ prefecture: '05' }, AGENCY)).toEqual([ref(privateOnly, AGENCY)]);
      expect(await refs({ prefecture: '05' }, OTHER_AGENCY)).toEqual([ref(privateOnly, OTHER_AGENCY)]);
      expect(await refs({ prefecture: '05' }, CITY)).toEqual([ref(localOnly, CITY)]);
      await deliver('SeekerScopeChanged', { seekerId: privateOnly, scope: ['local-governments'], termsVersion: '2026-04' });
      expect(await refs({ prefecture: '05' }, AGENCY)).toEqual([]);
      expect(await refs({ prefecture: '05' }, CITY)).toEqual([ref(localOnly, CITY), ref(privateOnly, CITY)]);
    });

    it('R-SKR-6: a seeker who blocked a registration is not found by it, still by others; unblocking restores it', async () => {
      const seekerId = await register({ desiredPrefectures: ['06'] });
      await deliver('SeekerBlockedRegistration', { seekerId, registrationId: AGENCY.id });
      await deliver('SeekerBlockedRegistration', { seekerId, registrationId: AGENCY.id }); // a second block changes nothing
      expect(await refs({ prefecture: '06' }, AGENCY)).toEqual([]);
      expect(await refs({ prefecture: '06' }, OTHER_AGENCY)).toEqual([ref(seekerId, OTHER_AGENCY)]);
      await deliver('SeekerUnblockedRegistration', { seekerId, registrationId: AGENCY.id });
      expect(await refs({ prefecture: '06' }, AGENCY)).toEqual([ref(seekerId)]);
    });

    it('R-ORG-1: a registration that is not active is refused; reactivated, it searches again; its approved kind is authoritative', async () => {
      const seekerId = await register({ desiredPrefectures: ['07'] }, { scope: ['local-governments'] });
      await deliver('RegistrationApproved', { registrationId: 'reg-approved', organisationKind: 'local-government' });
      // The token claims a private agency, registration says local government: the approved kind decides (R-SKR-2).
      expect(await refs({ prefecture: '07' }, { id: 'reg-approved', kind: 'private-paid' })).toEqual([
        ref(seekerId, { id: 'reg-approved' }),
      ]);
      await deliver('RegistrationStatusChanged', { registrationId: 'reg-approved', status: 'suspended', reason: 'own request' });
      await expect(search.search('reg-approved', 'local-government', { prefecture: '07' })).rejects.toMatchObject({
        code: 'REGISTRATION_NOT_ACTIVE',
        rule: 'R-ORG-1',
        kind: 'forbidden',
      });
      await expect(search.search('reg-approved', 'local-government', {})).rejects.toBeInstanceOf(DomainError);
      await deliver('RegistrationStatusChanged', { registrationId: 'reg-approved', status: 'active', reason: 'resumed' });
      expect(await refs({ prefecture: '07' }, CITY)).toHaveLength(1);
      await deliver('RegistrationStatusChanged', { registrationId: 'reg-approved', status: 'terminated', reason: 'sanction' });
      await expect(search.search('reg-approved', 'local-government', {})).rejects.toMatchObject({ rule: 'R-ORG-1' });
    });

    it('R-ORG-1: a registration matching never heard of is refused on its signed token alone (fail closed), and searches once its approval arrives', async () => {
      const seekerId = await register({ desiredPrefectures: ['46'] }, { scope: ['private-agencies'] });
      const unknown = { id: `reg-unknown-${newId()}`, kind: 'private-free' as const };
      await expect(search.search(unknown.id, unknown.kind, { prefecture: '46' })).rejects.toMatchObject({
        code: 'REGISTRATION_NOT_ACTIVE',
        rule: 'R-ORG-1',
        kind: 'forbidden',
      });
      await deliver('RegistrationApproved', { registrationId: unknown.id, organisationKind: unknown.kind });
      expect(await refs({ prefecture: '46' }, unknown)).toEqual([ref(seekerId, unknown)]);
    });

    it('R-AUD-2: an erased seeker leaves nothing in the search model', async () => {
      const seekerId = await register({ desiredPrefectures: ['08'], qualifications: ['普通自動車免許'], selfPr: '消去される自己PR' });
      await deliver('SeekerBlockedRegistration', { seekerId, registrationId: OTHER_AGENCY.id });
      await deliver('SeekerErased', { seekerId, erasedAt: new Date(clock).toISOString() });
      expect(await refs({ prefecture: '08' })).toEqual([]);
      expect(await refs({ text: '消去される' })).toEqual([]);
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM search_blocks WHERE seeker_id = '${seekerId}'`);
      expect(Number(n)).toBe(0);
    });

    it('filters: occupation code and group prefix, prefecture, municipality, employment type', async () => {
      const nurse = await register({ desiredOccupations: ['021-01'], desiredPrefectures: ['09'], employmentType: 'part-time' });
      const driver = await register({ desiredOccupations: ['101'], desiredMunicipalities: ['092011'], employmentType: 'any' });
      const clerk = await register({ desiredOccupations: ['051', '102'], desiredPrefectures: ['09'], employmentType: 'full-time' });
      expect(await refs({ prefecture: '09', occupations: ['02'] })).toEqual([ref(nurse)]);
      expect(await refs({ prefecture: '09', occupations: ['021-01'] })).toEqual([ref(nurse)]);
      expect(await refs({ prefecture: '09', occupations: ['10'] })).toEqual([ref(clerk), ref(driver)]);
      expect(await refs({ prefecture: '09', occupations: ['101', '02'] })).toEqual([ref(driver), ref(nurse)]);
      // Major groups (A–K) stand for their middle groups: B = 05–24 (professional), H = 49–64 (production).
      const engineer = await register({ desiredOccupations: ['10'], desiredPrefectures: ['09'] });
      const assembler = await register({ desiredOccupations: ['51'], desiredPrefectures: ['09'] });
      expect(await refs({ prefecture: '09', occupations: ['H'] })).toEqual([ref(assembler)]);
      expect(await refs({ prefecture: '09', occupations: ['b'] })).toEqual([ref(engineer), ref(clerk), ref(driver)]);
      expect(await refs({ prefecture: '09', occupations: ['A'] })).toEqual([ref(nurse)]);
      expect(await refs({ municipality: '09201' })).toEqual([ref(assembler), ref(engineer), ref(clerk), ref(driver), ref(nurse)]); // wanting all of 09 includes 09201
      expect(await refs({ municipality: '092029' })).toEqual([ref(assembler), ref(engineer), ref(clerk), ref(nurse)]);
      expect(await refs({ prefecture: '09', occupations: ['02', '10', '051'], employmentType: 'part-time' })).toEqual([
        ref(driver),
        ref(nurse),
      ]);
      expect(await refs({ prefecture: '09', occupations: ['02', '101', '051'], employmentType: 'full-time' })).toEqual([
        ref(clerk),
        ref(driver),
      ]);
    });

    it('filters: wage range (monthly and hourly), qualifications', async () => {
      const a = await register({
        desiredPrefectures: ['10'],
        desiredWage: { amount: 250_000, per: 'month' },
        qualifications: ['介護福祉士', '普通自動車免許'],
      });
      const b = await register({
        desiredPrefectures: ['10'],
        desiredWage: { amount: 1_200, per: 'hour' },
        qualifications: ['普通自動車免許'],
      });
      const c = await register({ desiredPrefectures: ['10'] });
      expect(await refs({ prefecture: '10', wageMin: 200_000, wageMax: 240_000 })).toEqual([ref(b)]);
      expect(await refs({ prefecture: '10', wageMin: 1_400, wageUnit: 'hour' })).toEqual([ref(a)]);
      expect(await refs({ prefecture: '10', qualifications: ['普通自動車免許'] })).toEqual([ref(b), ref(a)]);
      expect(await refs({ prefecture: '10', qualifications: ['普通自動車免許', '介護福祉士'] })).toEqual([ref(a)]);
      expect(await refs({ prefecture: '10' })).toEqual([ref(c), ref(b), ref(a)]);
    });

    it('self-PR words in Japanese: trigram index for 3+ characters, fallback for shorter words, all words must occur', async () => {
      const a = await register({ desiredPrefectures: ['11'], selfPr: '介護福祉士として十年働きました。夜勤も可能です。' });
      const b = await register({ desiredPrefectures: ['11'], selfPr: 'Excel と PC の操作が得意です。介護の資格取得を目指しています。' });
      await register({ desiredPrefectures: ['11'], selfPr: '営業職を希望します' });
      expect(await refs({ prefecture: '11', text: '介護福祉士' })).toEqual([ref(a)]);
      expect(await refs({ prefecture: '11', text: '介護' })).toEqual([ref(b), ref(a)]); // 2 characters: fallback
      expect(await refs({ prefecture: '11', text: '介護 夜勤' })).toEqual([ref(a)]);
      expect(await refs({ prefecture: '11', text: '介護　pc' })).toEqual([ref(b)]); // ideographic space; case-insensitive Latin
      expect(await refs({ prefecture: '11', text: 'excel 得意です' })).toEqual([ref(b)]);
      expect(await refs({ prefecture: '11', text: '100%' })).toEqual([]); // LIKE wildcards are literal
      await deliver('SeekerProfileChanged', {
        seekerId: a,
        profile: { desiredOccupations: ['051'], desiredPrefectures: ['11'], employmentType: 'any', selfPr: '事務職を希望' },
      });
      expect(await refs({ prefecture: '11', text: '介護福祉士' })).toEqual([]);
      expect(await refs({ prefecture: '11', text: '事務職' })).toEqual([ref(a)]);
    });

    it('self-PR words: the rare-word plan (trigram index first) and the common-word plan (key walk) give the same results, with and without a place', async () => {
      const words = ['品質管理', '品質 管理', '倉庫作業', '夜勤'];
      await register({ desiredOccupations: ['081'], desiredPrefectures: ['36'], selfPr: '製造ラインで品質管理を担当しました' });
      await register({ desiredOccupations: ['101'], desiredPrefectures: ['36'], selfPr: '倉庫作業と品質のチェック、夜勤も可能' });
      await register({ desiredOccupations: ['081'], desiredPrefectures: ['37'], selfPr: '品質管理と倉庫作業の経験' });
      const viewer = { registrationId: AGENCY.id, organisationKind: AGENCY.kind };
      const docs = async (criteria: SearchCriteria, rareText: boolean) =>
        ((await buildSearchQuery(ds, viewer, { limit: 100, ...criteria }, { rareText }).getRawMany()) as Array<{ doc_id: number }>).map(
          (r) => Number(r.doc_id),
        );
      for (const text of words)
        for (const place of [{ prefecture: '36' }, {}, { prefecture: '37', occupations: ['08'] }]) {
          const criteria = { text, ...place };
          const [rare, common] = [await docs(criteria, true), await docs(criteria, false)];
          expect({ criteria, rare }).toEqual({ criteria, rare: common });
        }
      expect(await docs({ text: '品質管理' }, true)).toHaveLength(2);
    });

    it('sorting by newest and by wage, with cursor pagination that is stable under inserts', async () => {
      const wages = [300_000, 180_000, 220_000, 250_000, 200_000];
      const ids: string[] = [];
      for (const amount of wages) ids.push(await register({ desiredPrefectures: ['12'], desiredWage: { amount, per: 'month' } }));
      await register({ desiredPrefectures: ['12'] }); // no wage: not in wage sorts
      const byWage = [1, 4, 2, 3, 0].map((i) => ref(ids[i]));
      expect(await refs({ prefecture: '12', sort: 'wage-asc' })).toEqual(byWage);
      expect(await refs({ prefecture: '12', sort: 'wage-desc' })).toEqual([...byWage].reverse());

      const first = await search.search(AGENCY.id, AGENCY.kind, { prefecture: '12', limit: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      const inserted = await register({ desiredPrefectures: ['12'] }); // newer than everything: must not shift later pages
      const seen = [...first.items.map((i) => i.reference)];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await search.search(AGENCY.id, AGENCY.kind, { prefecture: '12', limit: 2, after: decodeCursor(cursor, 'newest') });
        seen.push(...page.items.map((i) => i.reference));
        cursor = page.nextCursor;
      }
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
      expect(seen).not.toContain(ref(inserted));

      const wagePage = await search.search(AGENCY.id, AGENCY.kind, { prefecture: '12', sort: 'wage-asc', limit: 3 });
      const rest = await search.search(AGENCY.id, AGENCY.kind, {
        prefecture: '12',
        sort: 'wage-asc',
        limit: 3,
        after: decodeCursor(wagePage.nextCursor!, 'wage-asc'),
      });
      expect([...wagePage.items, ...rest.items].map((i) => i.reference)).toEqual(byWage);
      expect(rest.nextCursor).toBeNull();
      expect(() => decodeCursor(wagePage.nextCursor!, 'newest')).toThrow(/sort=wage-asc/);
      expect(() => decodeCursor('not-a-cursor', 'newest')).toThrow();
    });

    it('without a place the search covers all of Japan: by occupation newest first across prefectures, paged; R-SKR-2 scope and R-SKR-4 stop apply', async () => {
      const ids = [];
      for (const prefecture of ['31', '32', '33', '34'])
        ids.push(await register({ desiredOccupations: ['096'], desiredPrefectures: [prefecture] }));
      const localOnly = await register({ desiredOccupations: ['096'], desiredPrefectures: ['35'] }, { scope: ['local-governments'] });
      const first = await search.search(AGENCY.id, AGENCY.kind, { occupations: ['096'], limit: 3 });
      const second = await search.search(AGENCY.id, AGENCY.kind, {
        occupations: ['096'],
        limit: 3,
        after: decodeCursor(first.nextCursor as string, 'newest'),
      });
      expect([...first.items, ...second.items].map((i) => i.reference)).toEqual([...ids].reverse().map((id) => ref(id)));
      expect(second.nextCursor).toBeNull();
      expect(await refs({ occupations: ['09'] })).toEqual([...ids].reverse().map((id) => ref(id))); // the middle group '09'
      // The agency's pages above left out the local-governments-only seeker; the city sees it too.
      expect(await refs({ occupations: ['096'] }, CITY)).toEqual([localOnly, ...[...ids].reverse()].map((id) => ref(id, CITY)));
      await deliver('SeekerStoppedUse', { seekerId: ids[1], stoppedAt: new Date(clock).toISOString() });
      expect(await refs({ occupations: ['096'] })).toEqual([ids[3], ids[2], ids[0]].map((id) => ref(id)));
    });
  });
}
