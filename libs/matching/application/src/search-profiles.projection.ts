import { EntityManager } from 'typeorm';
import { IntegrationEvent } from '@hw/platform/bus';
import { IntegrationProjection, runSql } from '@hw/platform/projections';
import { ProvisionScope, REGISTRATION_TOPIC, TolerantRegistrationEvent } from '@hw/registration/contracts';
import { hourlyWage, monthlyWage, normaliseMunicipality, occupationKey, prefectureOfMunicipality } from '@hw/matching/domain';
import {
  NATIONAL,
  SearchBlock,
  SearchProfile,
  SearchProfileKey,
  SearchProfileLocation,
  SearchProfileOccupation,
  SearchProfileQualification,
  SearchRegistration,
  StoredProfile,
} from './search-profile.entity';

/** The profile as it arrives: the stored shape, every field optional. */
type ProfileIn = Partial<StoredProfile>;
/** registration's published events, read tolerantly (ids required, every other field optional). */
type Incoming = TolerantRegistrationEvent;

/**
 * R-SKR-5: only these fields of a profile are ever stored or shown. Anything else an event
 * might carry is dropped here, so it can never reach an organisation.
 */
export const anonymisedProfile = (p: ProfileIn): StoredProfile => {
  const out: StoredProfile = {
    desiredOccupations: p.desiredOccupations ?? [],
    desiredPrefectures: p.desiredPrefectures ?? [],
    desiredMunicipalities: p.desiredMunicipalities ?? [],
    employmentType: p.employmentType ?? 'any',
  };
  if (p.hours) out.hours = { perWeek: p.hours.perWeek, from: p.hours.from, to: p.hours.to };
  if (p.desiredWage) out.desiredWage = { amount: p.desiredWage.amount, per: p.desiredWage.per };
  if (p.qualifications) out.qualifications = [...p.qualifications];
  if (p.educationLevel !== undefined) out.educationLevel = p.educationLevel;
  if (p.workHistory) out.workHistory = p.workHistory.map((w) => ({ occupation: w.occupation, years: w.years }));
  if (p.selfPr !== undefined) out.selfPr = p.selfPr;
  if (p.ageBand !== undefined) out.ageBand = p.ageBand;
  return out;
};

const profileColumns = (p: ProfileIn) => ({
  employmentType: p.employmentType ?? 'any',
  wageMonthly: monthlyWage(p.desiredWage),
  wageHourly: hourlyWage(p.desiredWage),
  selfPr: p.selfPr ?? '',
  profile: anonymisedProfile(p),
});

/**
 * A statement parameter for an integer: a string. TypeORM's SQLite escaping inlines numbers
 * into the SQL text, so every doc id or wage made a new statement, prepared again each time (a
 * rebuild spent more time preparing than writing); a string is bound, and the column's INTEGER
 * affinity (SQLite) or the parameter's inferred integer type (PostgreSQL) stores and compares
 * the same integer. Anything else (null, a fraction) goes as before.
 */
const int = (n: number | null | undefined): string | number | null =>
  n === null || n === undefined ? null : Number.isInteger(n) ? String(n) : n;

const findDoc = async (tx: EntityManager, seekerId: string): Promise<number | undefined> => {
  const [row] = await runSql<Array<{ doc_id: number | string }>>(tx, 'SELECT doc_id FROM search_profiles WHERE seeker_id = :seekerId', {
    seekerId,
  });
  return row === undefined ? undefined : Number(row.doc_id);
};

/** What the search keys are made of, as writeCriteria just wrote it. */
interface Criteria {
  prefectures: string[];
  codes: string[];
}

/** Rewrites the multi-valued criteria rows of one profile (plain statements: a rebuild runs this per event). */
const writeCriteria = async (tx: EntityManager, docId: number, p: ProfileIn): Promise<Criteria> => {
  const doc = int(docId);
  for (const table of ['search_profile_occupations', 'search_profile_locations', 'search_profile_qualifications'])
    await runSql(tx, `DELETE FROM ${table} WHERE doc_id = :doc`, { doc });
  const codes = [...new Set(p.desiredOccupations ?? [])];
  const occupations = codes.map((code) => [doc, code]);
  await insertRows(tx, 'search_profile_occupations', ['doc_id', 'code'], occupations);
  const places = new Map<string, { prefecture: string; municipality: string }>();
  for (const prefecture of p.desiredPrefectures ?? []) places.set(`${prefecture}:`, { prefecture, municipality: '' });
  for (const code of p.desiredMunicipalities ?? []) {
    const municipality = normaliseMunicipality(code);
    const prefecture = prefectureOfMunicipality(municipality);
    places.set(`${prefecture}:${municipality}`, { prefecture, municipality });
  }
  const locations = [...places.values()].map((l) => [doc, l.prefecture, l.municipality]);
  await insertRows(tx, 'search_profile_locations', ['doc_id', 'prefecture', 'municipality'], locations);
  const names = [...new Set(p.qualifications ?? [])];
  const qualifications = names.map((name) => [doc, name]);
  await insertRows(tx, 'search_profile_qualifications', ['doc_id', 'name'], qualifications);
  return { prefectures: [...places.values()].map((l) => l.prefecture), codes };
};

/** One multi-row INSERT (SQLite and PostgreSQL alike); none for no rows. */
const insertRows = async (tx: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<unknown> => {
  if (rows.length === 0) return;
  const parameters: Record<string, unknown> = {};
  const values = rows.map((row, r) => `(${row.map((value, c) => ((parameters[`v${r}_${c}`] = value), `:v${r}_${c}`)).join(', ')})`);
  return runSql(tx, `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, parameters);
};

interface ProfileRow {
  status: string;
  eligible: boolean | number;
  registered_at: string;
  scope_private: boolean | number;
  scope_local_government: boolean | number;
  employment_type: string;
  wage_monthly: number | null;
  wage_hourly: number | null;
}

/**
 * Rewrites the search keys of one profile from its current rows: none unless it is active and
 * eligible (R-SKR-1/3/4), else one per desired prefecture (and NATIONAL, all of Japan) ×
 * occupation middle group, and one per prefecture with occupation '' (any). Called after every change to the profile's row or
 * criteria, so the keys never disagree with what they summarise. `criteria`: the rows
 * writeCriteria has just written (else they are read back).
 */
const writeKeys = async (tx: EntityManager, docId: number, criteria?: Criteria): Promise<void> => {
  const doc = int(docId);
  await runSql(tx, 'DELETE FROM search_profile_keys WHERE doc_id = :doc', { doc });
  const [profile] = await runSql<ProfileRow[]>(
    tx,
    `SELECT status, eligible, registered_at, scope_private, scope_local_government, employment_type, wage_monthly, wage_hourly
       FROM search_profiles WHERE doc_id = :doc`,
    { doc },
  );
  if (!profile || profile.status !== 'active' || !profile.eligible) return;
  const { prefectures: desired, codes } = criteria ?? {
    prefectures: (
      await runSql<Array<{ prefecture: string }>>(tx, 'SELECT prefecture FROM search_profile_locations WHERE doc_id = :doc', { doc })
    ).map((l) => l.prefecture),
    codes: (await runSql<Array<{ code: string }>>(tx, 'SELECT code FROM search_profile_occupations WHERE doc_id = :doc', { doc })).map(
      (o) => o.code,
    ),
  };
  // NATIONAL: every profile is also keyed under all of Japan, for searches without a place.
  const prefectures = new Set([NATIONAL, ...desired]);
  const occupations = new Set(['', ...codes.map(occupationKey)]);
  const rows = [...prefectures].flatMap((prefecture) =>
    [...occupations].map((occupation) => [
      prefecture,
      occupation,
      profile.registered_at,
      doc,
      Boolean(profile.scope_private),
      Boolean(profile.scope_local_government),
      profile.employment_type,
      int(profile.wage_monthly),
      int(profile.wage_hourly),
    ]),
  );
  await insertRows(
    tx,
    'search_profile_keys',
    [
      'prefecture',
      'occupation',
      'registered_at',
      'doc_id',
      'scope_private',
      'scope_local_government',
      'employment_type',
      'wage_monthly',
      'wage_hourly',
    ],
    rows,
  );
};

const keysOfSeeker = async (tx: EntityManager, seekerId: string): Promise<void> => {
  const docId = await findDoc(tx, seekerId);
  if (docId !== undefined) await writeKeys(tx, docId);
};

/** The profile's own columns as parameters (booleans and JSON as TypeORM's entity writes them). */
const profileParameters = (p: ProfileIn) => {
  const c = profileColumns(p);
  return {
    employmentType: c.employmentType,
    wageMonthly: int(c.wageMonthly),
    wageHourly: int(c.wageHourly),
    selfPr: c.selfPr,
    // simple-json: the entity reads it back with JSON.parse, as it wrote it.
    profile: JSON.stringify(c.profile),
  };
};

const scopeColumns = (scope: ProvisionScope[] = []) => ({
  scopePrivate: scope.includes('private-agencies'),
  scopeLocalGovernment: scope.includes('local-governments'),
});

/**
 * Projects registration's integration events into the search read model. Fed through the
 * inbox (effectively once); every write goes through `tx`, which commits with the inbox row.
 * Each handler is also idempotent on its own (upserts, deletes), so a rebuild converges.
 */
export const searchProfilesProjection: IntegrationProjection = {
  name: 'matching-search-profiles-v2',
  topics: [REGISTRATION_TOPIC],
  tables: [
    'search_profiles',
    'search_profile_occupations',
    'search_profile_locations',
    'search_profile_qualifications',
    'search_profile_keys',
    'search_blocks',
    'search_registrations',
  ],
  async handle(raw: IntegrationEvent, tx: EntityManager): Promise<void> {
    const event = raw as unknown as Incoming;
    const profiles = tx.getRepository(SearchProfile);
    switch (event.type) {
      case 'registration.SeekerRegistered.v1': {
        const { seekerId } = event.data;
        const profile = event.data.profile ?? {};
        const row = {
          seekerId,
          status: 'active',
          eligible: event.data.eligible ?? true,
          ...scopeColumns(event.data.scope),
          ...profileParameters(profile),
          registeredAt: new Date(event.data.registeredAt ?? raw.occurredAt).toISOString(),
        };
        let docId = await findDoc(tx, seekerId);
        if (docId === undefined) {
          const [inserted] = await runSql<Array<{ doc_id: number | string }>>(
            tx,
            `INSERT INTO search_profiles (seeker_id, status, eligible, scope_private, scope_local_government, employment_type, wage_monthly, wage_hourly, self_pr, registered_at, profile)
             VALUES (:seekerId, :status, :eligible, :scopePrivate, :scopeLocalGovernment, :employmentType, :wageMonthly, :wageHourly, :selfPr, :registeredAt, :profile)
             RETURNING doc_id`,
            row,
          );
          docId = inserted === undefined ? await findDoc(tx, seekerId) : Number(inserted.doc_id);
        } else {
          await runSql(
            tx,
            `UPDATE search_profiles SET seeker_id = :seekerId, status = :status, eligible = :eligible, scope_private = :scopePrivate,
               scope_local_government = :scopeLocalGovernment, employment_type = :employmentType, wage_monthly = :wageMonthly,
               wage_hourly = :wageHourly, self_pr = :selfPr, registered_at = :registeredAt, profile = :profile
             WHERE doc_id = :doc`,
            { ...row, doc: int(docId) },
          );
        }
        await writeKeys(tx, docId as number, await writeCriteria(tx, docId as number, profile));
        return;
      }
      case 'registration.SeekerProfileChanged.v1': {
        const docId = await findDoc(tx, event.data.seekerId);
        if (docId === undefined || !event.data.profile) return;
        await runSql(
          tx,
          `UPDATE search_profiles SET employment_type = :employmentType, wage_monthly = :wageMonthly, wage_hourly = :wageHourly,
             self_pr = :selfPr, profile = :profile
           WHERE doc_id = :doc`,
          { ...profileParameters(event.data.profile), doc: int(docId) },
        );
        await writeKeys(tx, docId, await writeCriteria(tx, docId, event.data.profile));
        return;
      }
      case 'registration.SeekerStoppedUse.v1': // R-SKR-4
        await profiles.update({ seekerId: event.data.seekerId }, { status: 'stopped' });
        await keysOfSeeker(tx, event.data.seekerId);
        return;
      case 'registration.SeekerResumedUse.v1':
        await profiles.update({ seekerId: event.data.seekerId }, { status: 'active' });
        await keysOfSeeker(tx, event.data.seekerId);
        return;
      case 'registration.SeekerScopeChanged.v1': // R-SKR-2
        await profiles.update({ seekerId: event.data.seekerId }, scopeColumns(event.data.scope));
        await keysOfSeeker(tx, event.data.seekerId);
        return;
      case 'registration.SeekerEligibilityChanged.v1': // R-SKR-1 / R-SKR-3
        await profiles.update({ seekerId: event.data.seekerId }, { eligible: Boolean(event.data.eligible) });
        await keysOfSeeker(tx, event.data.seekerId);
        return;
      case 'registration.SeekerBlockedRegistration.v1': // R-SKR-6
        await tx
          .createQueryBuilder()
          .insert()
          .into(SearchBlock)
          .values({ registrationId: event.data.registrationId, seekerId: event.data.seekerId })
          .orIgnore()
          .execute();
        return;
      case 'registration.SeekerUnblockedRegistration.v1':
        await tx.getRepository(SearchBlock).delete({ registrationId: event.data.registrationId, seekerId: event.data.seekerId });
        return;
      case 'registration.SeekerErased.v1': {
        // R-AUD-2: nothing of the seeker stays in the search model.
        const docId = await findDoc(tx, event.data.seekerId);
        if (docId !== undefined) {
          await tx.getRepository(SearchProfileOccupation).delete({ docId });
          await tx.getRepository(SearchProfileLocation).delete({ docId });
          await tx.getRepository(SearchProfileQualification).delete({ docId });
          await tx.getRepository(SearchProfileKey).delete({ docId });
          await profiles.delete({ docId });
        }
        await tx.getRepository(SearchBlock).delete({ seekerId: event.data.seekerId });
        return;
      }
      case 'registration.RegistrationApproved.v1':
        await tx.getRepository(SearchRegistration).save({
          registrationId: event.data.registrationId,
          organisationKind: event.data.organisationKind ?? null,
          status: 'active',
        });
        return;
      case 'registration.RegistrationStatusChanged.v1': {
        // R-ORG-1: a status change may arrive for a registration matching has not seen approved.
        const registrations = tx.getRepository(SearchRegistration);
        const known = await registrations.findOne({ where: { registrationId: event.data.registrationId } });
        await registrations.save({
          registrationId: event.data.registrationId,
          organisationKind: known?.organisationKind ?? null,
          status: event.data.status ?? 'active',
        });
        return;
      }
      default:
        return; // other registration events do not change the search model
    }
  },
};
