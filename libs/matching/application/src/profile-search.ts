import { DataSource } from 'typeorm';
import { DomainError } from '@hw/platform/core';
import { seekerReference } from '@hw/matching/contracts';
import { OrganisationKind, registrationMaySearchPolicy, RegistrationStatus } from '@hw/matching/domain';
import { buildSearchQuery, pageOf, SearchCriteria, searchHints, SearchRow, SearchViewer } from './search-query';
import { SearchRegistration, StoredProfile } from './search-profile.entity';

/** What an organisation sees of a seeker (R-SKR-5): never the seeker id, job-seeker number, name, contact or birth date. */
export type ProfileView = StoredProfile & {
  /** This registration's pseudonymous handle of the seeker; the one it messages. */
  reference: string;
};

export interface SearchPage {
  items: ProfileView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const PROFILE_FIELDS = [
  'desiredOccupations',
  'desiredPrefectures',
  'desiredMunicipalities',
  'employmentType',
  'hours',
  'desiredWage',
  'qualifications',
  'educationLevel',
  'workHistory',
  'selfPr',
  'ageBand',
] as const;

/** The search as the HTTP route and the benchmark run it. */
export class ProfileSearch {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceSecret: string,
  ) {}

  /**
   * R-ORG-1: only a registration matching knows to be active searches. Its kind comes from
   * registration's events (authoritative over the token's claim, R-SKR-2). A registration
   * matching has not heard of (approval not yet projected, or never approved) is refused too:
   * a signed token alone does not prove the registration is active now (fail closed).
   */
  async viewerFor(registrationId: string, tokenKind: OrganisationKind): Promise<SearchViewer> {
    const known = await this.dataSource.getRepository(SearchRegistration).findOne({ where: { registrationId } });
    if (!known || !registrationMaySearchPolicy(known.status as RegistrationStatus)) {
      throw new DomainError(
        'REGISTRATION_NOT_ACTIVE',
        known
          ? `registration is ${known.status}: search is available only while it is active`
          : 'registration is not known to matching as active (its approval may not have arrived yet)',
        'R-ORG-1',
        'forbidden',
      );
    }
    return { registrationId, organisationKind: (known.organisationKind as OrganisationKind | null) ?? tokenKind };
  }

  async search(registrationId: string, tokenKind: OrganisationKind, criteria: SearchCriteria): Promise<SearchPage> {
    const viewer = await this.viewerFor(registrationId, tokenKind);
    const rows = (await buildSearchQuery(
      this.dataSource,
      viewer,
      criteria,
      await searchHints(this.dataSource, criteria),
    ).getRawMany()) as SearchRow[];
    const { rows: page, nextCursor } = pageOf(rows, criteria);
    return { items: page.map((row) => this.view(viewer.registrationId, row)), nextCursor };
  }

  private view(registrationId: string, row: SearchRow): ProfileView {
    const stored = (typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile) as Record<string, unknown>;
    const view: Record<string, unknown> = { reference: seekerReference(this.referenceSecret, registrationId, row.seeker_id) };
    for (const field of PROFILE_FIELDS) if (stored[field] !== undefined) view[field] = stored[field];
    return view as unknown as ProfileView;
  }
}
