import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AnonymisedProfileV1 } from '@hw/registration/contracts';

/**
 * The anonymised profile as stored and shown to organisations (R-SKR-5's list, nothing more):
 * registration's published profile, with every list present (anonymisedProfile copies it field by field).
 */
export type StoredProfile = Omit<AnonymisedProfileV1, 'desiredMunicipalities'> & { desiredMunicipalities: string[] };

/**
 * The filters that live on a profile's row and are copied into each of its search keys (the
 * keys' covering columns, see SearchKeys1764300000000): the same columns in both tables,
 * declared once (TypeORM inherits the columns of a parent class).
 */
abstract class ProfileFilters {
  @Column({ type: 'boolean', name: 'scope_private' })
  scopePrivate!: boolean;

  @Column({ type: 'boolean', name: 'scope_local_government' })
  scopeLocalGovernment!: boolean;

  @Column({ type: 'varchar', length: 16, name: 'employment_type' })
  employmentType!: string;

  /** Desired wage normalised to yen per month / per hour (null: not stated). */
  @Column({ type: 'integer', name: 'wage_monthly', nullable: true })
  wageMonthly!: number | null;

  @Column({ type: 'integer', name: 'wage_hourly', nullable: true })
  wageHourly!: number | null;
}

/**
 * The search read model: anonymised profiles only (R-SKR-5) — no name, contact, birth date or
 * job-seeker number ever reaches matching (registration's events do not carry them).
 * Portable column types: one entity set for SQLite and PostgreSQL; the self-PR's trigram index
 * is per driver (see migrations.ts).
 *
 * `doc_id` is a compact integer key: the FTS5 table's rowid on SQLite, the join key of the
 * multi-valued criteria tables, and the tie-breaker of every sort (cursor pagination).
 */
@Entity({ name: 'search_profiles' })
export class SearchProfile extends ProfileFilters {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'doc_id' })
  docId!: number;

  @Index('UQ_search_profiles_seeker_id', { unique: true })
  @Column({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  /** 'active' | 'stopped' (R-SKR-4: a stopped seeker is not searchable). */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** R-SKR-1 / R-SKR-3. */
  @Column({ type: 'boolean' })
  eligible!: boolean;

  @Column({ type: 'text', name: 'self_pr', default: '' })
  selfPr!: string;

  /** UTC instant, ISO 8601 (lexicographic order = time order). */
  @Column({ type: 'varchar', length: 32, name: 'registered_at' })
  registeredAt!: string;

  /** The anonymised profile as shown to organisations (whitelisted fields only). */
  @Column({ type: 'simple-json' })
  profile!: StoredProfile;
}

/** Desired occupations (MHLW codes), one row each: group searches are prefix ranges on `code`. */
@Entity({ name: 'search_profile_occupations' })
@Index('IDX_spo_code', ['code', 'docId'])
export class SearchProfileOccupation {
  @PrimaryColumn({ type: 'integer', name: 'doc_id' })
  docId!: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  code!: string;
}

/** Desired work locations: a prefecture, or a municipality (5-digit code) within it ('' = anywhere in the prefecture). */
@Entity({ name: 'search_profile_locations' })
@Index('IDX_spl_prefecture', ['prefecture', 'docId'])
@Index('IDX_spl_municipality', ['municipality', 'docId'])
export class SearchProfileLocation {
  @PrimaryColumn({ type: 'integer', name: 'doc_id' })
  docId!: number;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  prefecture!: string;

  @PrimaryColumn({ type: 'varchar', length: 5 })
  municipality!: string;
}

@Entity({ name: 'search_profile_qualifications' })
@Index('IDX_spq_name', ['name', 'docId'])
export class SearchProfileQualification {
  @PrimaryColumn({ type: 'integer', name: 'doc_id' })
  docId!: number;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;
}

/**
 * The search key (see migration SearchKeys1764300000000): one row per visible profile ×
 * desired prefecture × desired occupation middle group ('' = any occupation), in the order of
 * the 'newest' sort, with the profile-row filters copied in. Written only by the projection.
 */
/** The prefecture of the key rows that serve a search without a place (all of Japan). */
export const NATIONAL = '';

@Entity({ name: 'search_profile_keys' })
export class SearchProfileKey extends ProfileFilters {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  prefecture!: string;

  /** An occupation code's first two characters (its MHLW middle group), or '' for "any". */
  @PrimaryColumn({ type: 'varchar', length: 2 })
  occupation!: string;

  @PrimaryColumn({ type: 'varchar', length: 32, name: 'registered_at' })
  registeredAt!: string;

  @PrimaryColumn({ type: 'integer', name: 'doc_id' })
  docId!: number;
}

/** R-SKR-6: registrations a seeker blocked. */
@Entity({ name: 'search_blocks' })
export class SearchBlock {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;
}

/** R-ORG-1: registrations as matching knows them (kind and status from registration's events). */
@Entity({ name: 'search_registrations' })
export class SearchRegistration {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'registration_id' })
  registrationId!: string;

  @Column({ type: 'varchar', length: 32, name: 'organisation_kind', nullable: true })
  organisationKind!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: string;
}

export const MATCHING_ENTITIES = [
  SearchProfile,
  SearchProfileOccupation,
  SearchProfileLocation,
  SearchProfileQualification,
  SearchProfileKey,
  SearchBlock,
  SearchRegistration,
];
