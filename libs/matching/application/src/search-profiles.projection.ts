import { EntityManager } from 'typeorm';
import { IntegrationEvent } from '@hw/platform/bus';
import { IntegrationProjection } from '@hw/platform/projections';
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

const findDoc = async (tx: EntityManager, seekerId: string): Promise<number | undefined> =>
  (await tx.getRepository(SearchProfile).findOne({ select: { docId: true }, where: { seekerId } }))?.docId;

/** Rewrites the multi-valued criteria rows of one profile. */
const writeCriteria = async (tx: EntityManager, docId: number, p: ProfileIn): Promise<void> => {
  const occupations = tx.getRepository(SearchProfileOccupation);
  const locations = tx.getRepository(SearchProfileLocation);
  const qualifications = tx.getRepository(SearchProfileQualification);
  await occupations.delete({ docId });
  await locations.delete({ docId });
  await qualifications.delete({ docId });
  const codes = [...new Set(p.desiredOccupations ?? [])];
  if (codes.length) await occupations.insert(codes.map((code) => ({ docId, code })));
  const places = new Map<string, { docId: number; prefecture: string; municipality: string }>();
  for (const prefecture of p.desiredPrefectures ?? []) places.set(`${prefecture}:`, { docId, prefecture, municipality: '' });
  for (const code of p.desiredMunicipalities ?? []) {
    const municipality = normaliseMunicipality(code);
    const prefecture = prefectureOfMunicipality(municipality);
    places.set(`${prefecture}:${municipality}`, { docId, prefecture, municipality });
  }
  if (places.size) await locations.insert([...places.values()]);
  const names = [...new Set(p.qualifications ?? [])];
  if (names.length) await qualifications.insert(names.map((name) => ({ docId, name })));
};

/**
 * Rewrites the search keys of one profile from its current rows: none unless it is active and
 * eligible (R-SKR-1/3/4), else one per desired prefecture (and NATIONAL, all of Japan) ×
 * occupation middle group, and one per prefecture with occupation '' (any). Called after every change to the profile's row or
 * criteria, so the keys never disagree with what they summarise.
 */
const writeKeys = async (tx: EntityManager, docId: number): Promise<void> => {
  const keys = tx.getRepository(SearchProfileKey);
  await keys.delete({ docId });
  const profile = await tx.getRepository(SearchProfile).findOne({ where: { docId } });
  if (!profile || profile.status !== 'active' || !profile.eligible) return;
  // NATIONAL: every profile is also keyed under all of Japan, for searches without a place.
  const prefectures = new Set([
    NATIONAL,
    ...(await tx.getRepository(SearchProfileLocation).find({ where: { docId } })).map((l) => l.prefecture),
  ]);
  const occupations = new Set([
    '',
    ...(await tx.getRepository(SearchProfileOccupation).find({ where: { docId } })).map((o) => occupationKey(o.code)),
  ]);
  const rows = [...prefectures].flatMap((prefecture) =>
    [...occupations].map((occupation) => ({
      prefecture,
      occupation,
      registeredAt: profile.registeredAt,
      docId,
      scopePrivate: profile.scopePrivate,
      scopeLocalGovernment: profile.scopeLocalGovernment,
      employmentType: profile.employmentType,
      wageMonthly: profile.wageMonthly,
      wageHourly: profile.wageHourly,
    })),
  );
  if (rows.length) await keys.insert(rows);
};

const keysOfSeeker = async (tx: EntityManager, seekerId: string): Promise<void> => {
  const docId = await findDoc(tx, seekerId);
  if (docId !== undefined) await writeKeys(tx, docId);
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
          ...profileColumns(profile),
          registeredAt: new Date(event.data.registeredAt ?? raw.occurredAt).toISOString(),
        };
        let docId = await findDoc(tx, seekerId);
        if (docId === undefined) {
          const inserted = await profiles.insert(row);
          docId = (inserted.identifiers[0]?.docId as number | undefined) ?? (await findDoc(tx, seekerId));
        } else {
          await profiles.update({ docId }, row);
        }
        await writeCriteria(tx, docId as number, profile);
        await writeKeys(tx, docId as number);
        return;
      }
      case 'registration.SeekerProfileChanged.v1': {
        const docId = await findDoc(tx, event.data.seekerId);
        if (docId === undefined || !event.data.profile) return;
        await profiles.update({ docId }, profileColumns(event.data.profile));
        await writeCriteria(tx, docId, event.data.profile);
        await writeKeys(tx, docId);
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
