import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The search read model: anonymised profiles only (R-SKR-5) — no name, contact, birth date
 * or job-seeker number ever reaches matching. Portable column types (SQLite and PostgreSQL).
 */
@Entity({ name: 'search_profiles' })
export class SearchProfile {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'seeker_id' })
  seekerId!: string;

  /** 'active' | 'stopped' (R-SKR-4: a stopped seeker is not searchable). */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'boolean', name: 'scope_private' })
  scopePrivate!: boolean;

  @Column({ type: 'boolean', name: 'scope_local_government' })
  scopeLocalGovernment!: boolean;

  @Column({ type: 'simple-json', name: 'desired_occupations' })
  desiredOccupations!: string[];

  @Column({ type: 'simple-json', name: 'desired_prefectures' })
  desiredPrefectures!: string[];

  @Column({ type: 'varchar', length: 16, name: 'employment_type' })
  employmentType!: string;

  @Column({ type: 'varchar', length: 32, name: 'registered_at' })
  registeredAt!: string;
}
