import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { isPostgresDataSource } from '@hw/platform/projections';
import { expandOccupationCriterion, occupationPrefixRange, OrganisationKind, normaliseMunicipality, prefectureOfMunicipality, selfPrTerms } from '@hw/matching/domain';

export type SearchSort = 'newest' | 'wage-asc' | 'wage-desc';
export const SEARCH_SORTS: SearchSort[] = ['newest', 'wage-asc', 'wage-desc'];

export interface SearchCriteria {
  /** MHLW major group letters (A–K), middle-group codes or code prefixes; a profile matches when one of its desired occupations is under one of them. */
  occupations?: string[];
  prefecture?: string;
  /** 5- or 6-digit local government code; matches that municipality and seekers wanting anywhere in its prefecture. */
  municipality?: string;
  employmentType?: 'full-time' | 'part-time' | 'contract' | 'any';
  wageMin?: number;
  wageMax?: number;
  wageUnit?: 'month' | 'hour';
  /** Every one must be held. */
  qualifications?: string[];
  /** Words of the self-PR; every one must occur. */
  text?: string;
  sort?: SearchSort;
  after?: SearchCursor;
  limit?: number;
}

export interface SearchViewer {
  registrationId: string;
  organisationKind: OrganisationKind;
}

/** Where the previous page ended: the sort key and the doc id tie-breaker (keyset pagination). */
export interface SearchCursor {
  sort: SearchSort;
  key: string | number;
  docId: number;
}

export class InvalidCursorError extends Error {}

/** Opaque to clients; it only says where a page ended, never who was on it. */
export const encodeCursor = (cursor: SearchCursor): string =>
  Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.docId])).toString('base64url');

export const decodeCursor = (text: string, sort: SearchSort): SearchCursor => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this service issued');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !SEARCH_SORTS.includes(parsed[0]) || !Number.isInteger(parsed[2]))
    throw new InvalidCursorError('cursor is not one this service issued');
  const [cursorSort, key, docId] = parsed as [SearchSort, unknown, number];
  if (cursorSort !== sort) throw new InvalidCursorError(`cursor belongs to sort=${cursorSort}, not sort=${sort}`);
  if (cursorSort === 'newest' ? typeof key !== 'string' : !Number.isInteger(key))
    throw new InvalidCursorError('cursor is not one this service issued');
  return { sort: cursorSort, key: key as string | number, docId };
};

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const likeEscape = (word: string): string => word.replace(/[\\%_]/g, (c) => `\\${c}`);
const ftsPhrase = (word: string): string => `"${word.replace(/"/g, '""')}"`;

/**
 * Builds the search as ONE SQL statement, for SQLite and PostgreSQL alike (only the self-PR's
 * trigram predicate differs). The service runs it; the benchmark runs it and, as its raw
 * baseline, the very SQL and parameters it produces (`getQueryAndParameters()`).
 *
 * Visibility (who may see whom) is part of the statement, never a filter after it:
 * R-SKR-1/R-SKR-3 eligible, R-SKR-4 not stopped, R-SKR-2 scope includes the viewer's kind,
 * R-SKR-6 not blocked by the viewer's registration. R-ORG-1 (the viewer's registration is
 * active) is checked before the query (see ProfileSearch).
 */
export const buildSearchQuery = (
  dataSource: DataSource,
  viewer: SearchViewer,
  criteria: SearchCriteria,
): SelectQueryBuilder<Record<string, unknown>> => {
  const postgres = isPostgresDataSource(dataSource);
  const sort = criteria.sort ?? 'newest';
  const limit = Math.min(Math.max(criteria.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const qb = dataSource
    .createQueryBuilder()
    .select('p.doc_id', 'doc_id')
    .addSelect('p.seeker_id', 'seeker_id')
    .addSelect('p.registered_at', 'registered_at')
    .addSelect('p.wage_monthly', 'wage_monthly')
    .addSelect('p.profile', 'profile')
    .from('search_profiles', 'p')
    // R-SKR-4, R-SKR-1/R-SKR-3
    .where('p.status = :active', { active: 'active' })
    .andWhere('p.eligible = :yes', { yes: true })
    // R-SKR-2
    .andWhere(viewer.organisationKind === 'local-government' ? 'p.scope_local_government = :yes' : 'p.scope_private = :yes')
    // R-SKR-6
    .andWhere('NOT EXISTS (SELECT 1 FROM search_blocks b WHERE b.registration_id = :viewer AND b.seeker_id = p.seeker_id)', {
      viewer: viewer.registrationId,
    });

  const occupations = [...new Set((criteria.occupations ?? []).flatMap(expandOccupationCriterion))];
  if (occupations.length) {
    const ranges = occupations.map((code, i) => {
      const { from, to } = occupationPrefixRange(code);
      qb.setParameter(`occFrom${i}`, from).setParameter(`occTo${i}`, to);
      return `(o.code >= :occFrom${i} AND o.code < :occTo${i})`;
    });
    qb.andWhere(`p.doc_id IN (SELECT o.doc_id FROM search_profile_occupations o WHERE ${ranges.join(' OR ')})`);
  }
  if (criteria.prefecture) {
    qb.andWhere('p.doc_id IN (SELECT lp.doc_id FROM search_profile_locations lp WHERE lp.prefecture = :prefecture)', {
      prefecture: criteria.prefecture,
    });
  }
  if (criteria.municipality) {
    const municipality = normaliseMunicipality(criteria.municipality);
    qb.andWhere(
      `p.doc_id IN (SELECT lm.doc_id FROM search_profile_locations lm WHERE lm.municipality = :municipality
         OR (lm.prefecture = :municipalityPrefecture AND lm.municipality = ''))`,
      { municipality, municipalityPrefecture: prefectureOfMunicipality(municipality) },
    );
  }
  if (criteria.employmentType && criteria.employmentType !== 'any') {
    // A seeker open to any employment type matches every requested type.
    qb.andWhere('p.employment_type IN (:...employmentTypes)', { employmentTypes: [criteria.employmentType, 'any'] });
  }
  const wageColumn = criteria.wageUnit === 'hour' ? 'p.wage_hourly' : 'p.wage_monthly';
  if (criteria.wageMin !== undefined) qb.andWhere(`${wageColumn} >= :wageMin`, { wageMin: criteria.wageMin });
  if (criteria.wageMax !== undefined) qb.andWhere(`${wageColumn} <= :wageMax`, { wageMax: criteria.wageMax });
  [...new Set(criteria.qualifications ?? [])].forEach((name, i) => {
    qb.andWhere(`p.doc_id IN (SELECT q${i}.doc_id FROM search_profile_qualifications q${i} WHERE q${i}.name = :qualification${i})`, {
      [`qualification${i}`]: name,
    });
  });
  if (criteria.text) {
    const terms = selfPrTerms(criteria.text);
    const like = postgres ? 'ILIKE' : 'LIKE';
    if (terms.indexed.length) {
      if (postgres) {
        // pg_trgm's GIN index answers ILIKE '%word%' for words of three or more characters.
        terms.indexed.forEach((word, i) => qb.andWhere(`p.self_pr ILIKE :text${i} ESCAPE '\\'`, { [`text${i}`]: `%${likeEscape(word)}%` }));
      } else {
        // FTS5 trigram: quoted strings are substrings; several are ANDed.
        qb.andWhere('p.doc_id IN (SELECT rowid FROM search_profiles_fts WHERE search_profiles_fts MATCH :fts)', {
          fts: terms.indexed.map(ftsPhrase).join(' '),
        });
      }
    }
    // Fallback for words under three characters: a substring test on the rows the rest left.
    terms.short.forEach((word, i) => qb.andWhere(`p.self_pr ${like} :short${i} ESCAPE '\\'`, { [`short${i}`]: `%${likeEscape(word)}%` }));
  }

  const after = criteria.after;
  if (sort === 'newest') {
    if (after) qb.andWhere('(p.registered_at < :afterKey OR (p.registered_at = :afterKey AND p.doc_id < :afterDoc))', { afterKey: after.key, afterDoc: after.docId });
    qb.orderBy('p.registered_at', 'DESC').addOrderBy('p.doc_id', 'DESC');
  } else {
    // Sorting by wage lists the profiles that state a desired wage.
    const asc = sort === 'wage-asc';
    qb.andWhere('p.wage_monthly IS NOT NULL');
    if (after)
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`p.wage_monthly ${asc ? '>' : '<'} :afterKey`, { afterKey: after.key })
            .orWhere(`(p.wage_monthly = :afterKey AND p.doc_id ${asc ? '>' : '<'} :afterDoc)`, { afterDoc: after.docId }),
        ),
      );
    qb.orderBy('p.wage_monthly', asc ? 'ASC' : 'DESC').addOrderBy('p.doc_id', asc ? 'ASC' : 'DESC');
  }
  // One more than a page: whether a next page exists, without a COUNT.
  return qb.limit(limit + 1) as SelectQueryBuilder<Record<string, unknown>>;
};

export interface SearchRow {
  doc_id: number | string;
  seeker_id: string;
  registered_at: string;
  wage_monthly: number | string | null;
  profile: string;
}

/** Splits limit+1 rows into a page and the cursor after it. */
export const pageOf = (rows: SearchRow[], criteria: SearchCriteria): { rows: SearchRow[]; nextCursor: string | null } => {
  const sort = criteria.sort ?? 'newest';
  const limit = Math.min(Math.max(criteria.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ sort, key: sort === 'newest' ? last.registered_at : Number(last.wage_monthly), docId: Number(last.doc_id) })
      : null;
  return { rows: page, nextCursor };
};
