import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { isPostgresDataSource } from '@hw/platform/projections';
import { NATIONAL } from './search-profile.entity';
import {
  expandOccupationCriterion,
  normaliseMunicipality,
  occupationKey,
  occupationPrefixRange,
  OrganisationKind,
  prefectureOfMunicipality,
  selfPrTerms,
} from '@hw/matching/domain';

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
 *
 * Two shapes, same results:
 * - keyed (the typical search; without a place, under NATIONAL): walks the search key table
 *   (prefecture, occupation middle group, registered_at, doc_id) in sort order and stops after a
 *   page; see `buildKeyedQuery`;
 * - scan (self-PR words without a place, or an occupation criterion coarser than a middle
 *   group): the profile table's own sort index, filtered row by row.
 */
export const buildSearchQuery = (
  dataSource: DataSource,
  viewer: SearchViewer,
  criteria: SearchCriteria,
  hints: SearchHints = {},
): SelectQueryBuilder<Record<string, unknown>> => {
  const keyed = keyedPlan(criteria, hints);
  return keyed ? buildKeyedQuery(dataSource, viewer, criteria, keyed) : buildScanQuery(dataSource, viewer, criteria);
};

interface KeyedPlan {
  prefecture: string;
  /** One walk per occupation key; `ranges` (when set) narrow a middle group to finer codes. */
  arms: Array<{ key: string; ranges: Array<{ from: string; to: string }> | null }>;
}

/**
 * What the search's SQL depends on besides its criteria, found by a cheap query first
 * (`searchHints`): whether the self-PR words are rare.
 */
export interface SearchHints {
  /** The indexed self-PR words match at most RARE_TEXT_MATCHES profiles. */
  rareText?: boolean;
}

/** Up to this many matches, self-PR words drive the search (their matches are fetched and sorted). */
export const RARE_TEXT_MATCHES = 2_000;

/**
 * Counts the profiles the indexed self-PR words match, stopping past RARE_TEXT_MATCHES: a rare
 * word is found through the trigram index (few rows to sort), a common one by walking the keys
 * in sort order (a page is reached quickly). Words under 3 characters have no index: a walk.
 */
export const searchHints = async (dataSource: DataSource, criteria: SearchCriteria): Promise<SearchHints> => {
  if (!criteria.text) return {};
  const terms = selfPrTerms(criteria.text);
  if (!terms.indexed.length) return { rareText: false };
  const cap = RARE_TEXT_MATCHES + 1;
  const rows: Array<{ n: number | string }> = isPostgresDataSource(dataSource)
    ? await dataSource.query(
        `SELECT count(*) AS n FROM (SELECT 1 FROM search_profiles p WHERE ${terms.indexed.map((_, i) => `p.self_pr ILIKE $${i + 1} ESCAPE '\\'`).join(' AND ')} LIMIT ${cap}) m`,
        terms.indexed.map((word) => `%${likeEscape(word)}%`),
      )
    : await dataSource.query(
        `SELECT count(*) AS n FROM (SELECT rowid FROM search_profiles_fts WHERE search_profiles_fts MATCH ? LIMIT ${cap})`,
        [terms.indexed.map(ftsPhrase).join(' ')],
      );
  return { rareText: Number(rows[0].n) <= RARE_TEXT_MATCHES };
};

/**
 * A search is keyed — a walk of the key rows in sort order that stops after a page — when every
 * occupation criterion has a middle group and its self-PR words (if any) are not rare. Without
 * a place it walks the NATIONAL keys (all of Japan), for the newest-first sort; a wage sort
 * without a place uses the profile table's wage index instead (the scan). Rare words drive the
 * scan through the trigram index.
 */
const keyedPlan = (criteria: SearchCriteria, hints: SearchHints): KeyedPlan | null => {
  const place =
    criteria.prefecture ?? (criteria.municipality ? prefectureOfMunicipality(normaliseMunicipality(criteria.municipality)) : undefined);
  if (criteria.text && hints.rareText) return null;
  if (!place && (criteria.sort ?? 'newest') !== 'newest') return null;
  const prefecture = place ?? NATIONAL;
  const occupations = [...new Set((criteria.occupations ?? []).flatMap(expandOccupationCriterion))];
  if (!occupations.length) return { prefecture, arms: [{ key: '', ranges: null }] };
  if (occupations.some((code) => code.length < 2)) return null;
  const arms = new Map<string, Array<{ from: string; to: string }> | null>();
  for (const code of occupations) {
    const key = occupationKey(code);
    const ranges = arms.get(key);
    if (code === key)
      arms.set(key, null); // the whole middle group
    else if (ranges !== null) arms.set(key, [...(ranges ?? []), occupationPrefixRange(code)]);
  }
  return { prefecture, arms: [...arms].map(([key, ranges]) => ({ key, ranges })) };
};

const sortOf = (criteria: SearchCriteria) => {
  const sort = criteria.sort ?? 'newest';
  const column = sort === 'newest' ? 'registered_at' : 'wage_monthly';
  const direction: 'ASC' | 'DESC' = sort === 'wage-asc' ? 'ASC' : 'DESC';
  return { sort, column, direction };
};

/**
 * The typical search. Each occupation key is one walk of search_profile_keys' primary key
 * (prefecture, occupation, registered_at, doc_id) in sort order: the filters copied into the
 * key row (scope, employment type, wage) reject rows without touching the profile, the rest
 * (block, self-PR words, qualifications, municipality, finer occupation codes) are point
 * look-ups by doc_id, and the walk stops after limit + 1 rows — the cursor is a row-value
 * bound on the same key, so page 2 starts where page 1 ended. Several keys (a major group, or
 * several occupations) are several such walks of limit + 1 each, merged and cut to the page.
 * The 'newest' sort is served by the key order; a wage sort sorts the key range.
 */
const buildKeyedQuery = (
  dataSource: DataSource,
  viewer: SearchViewer,
  criteria: SearchCriteria,
  plan: KeyedPlan,
): SelectQueryBuilder<Record<string, unknown>> => {
  const postgres = isPostgresDataSource(dataSource);
  const limit = Math.min(Math.max(criteria.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const { sort, column, direction } = sortOf(criteria);
  const qb = dataSource.createQueryBuilder();
  const where: string[] = [
    'k.prefecture = :keyPrefecture',
    // R-SKR-1/3/4: only active, eligible profiles have key rows. R-SKR-2:
    viewer.organisationKind === 'local-government' ? 'k.scope_local_government = :yes' : 'k.scope_private = :yes',
  ];
  qb.setParameters({ keyPrefecture: plan.prefecture, yes: true });
  if (criteria.employmentType && criteria.employmentType !== 'any') {
    where.push('k.employment_type IN (:...employmentTypes)');
    qb.setParameter('employmentTypes', [criteria.employmentType, 'any']);
  }
  const wageColumn = criteria.wageUnit === 'hour' ? 'k.wage_hourly' : 'k.wage_monthly';
  if (criteria.wageMin !== undefined) {
    where.push(`${wageColumn} >= :wageMin`);
    qb.setParameter('wageMin', criteria.wageMin);
  }
  if (criteria.wageMax !== undefined) {
    where.push(`${wageColumn} <= :wageMax`);
    qb.setParameter('wageMax', criteria.wageMax);
  }
  if (sort !== 'newest') where.push('k.wage_monthly IS NOT NULL'); // a wage sort lists profiles that state one
  const after = criteria.after;
  if (after) {
    where.push(`(k.${column}, k.doc_id) ${direction === 'DESC' ? '<' : '>'} (:afterKey, :afterDoc)`);
    qb.setParameters({ afterKey: after.key, afterDoc: after.docId });
  }
  // R-SKR-6
  where.push('NOT EXISTS (SELECT 1 FROM search_blocks b WHERE b.registration_id = :viewer AND b.seeker_id = p.seeker_id)');
  qb.setParameter('viewer', viewer.registrationId);
  if (criteria.municipality) {
    const municipality = normaliseMunicipality(criteria.municipality);
    where.push(`EXISTS (SELECT 1 FROM search_profile_locations lm WHERE lm.doc_id = k.doc_id
       AND (lm.municipality = :municipality OR (lm.prefecture = :municipalityPrefecture AND lm.municipality = '')))`);
    qb.setParameters({ municipality, municipalityPrefecture: prefectureOfMunicipality(municipality) });
  }
  [...new Set(criteria.qualifications ?? [])].forEach((name, i) => {
    where.push(
      `EXISTS (SELECT 1 FROM search_profile_qualifications q${i} WHERE q${i}.doc_id = k.doc_id AND q${i}.name = :qualification${i})`,
    );
    qb.setParameter(`qualification${i}`, name);
  });
  if (criteria.text) {
    // Tested on the rows the walk reaches, which stops after a page: for the words people
    // search for this reads fewer rows than the trigram index would return.
    const terms = selfPrTerms(criteria.text);
    [...terms.indexed, ...terms.short].forEach((word, i) => {
      where.push(`p.self_pr ${postgres ? 'ILIKE' : 'LIKE'} :text${i} ESCAPE '\\'`);
      qb.setParameter(`text${i}`, `%${likeEscape(word)}%`);
    });
  }
  const arm = (i: number, ranges: Array<{ from: string; to: string }> | null) => {
    const conditions = [`k.occupation = :occKey${i}`, ...where];
    if (ranges) {
      const codes = ranges.map((range, j) => {
        qb.setParameters({ [`occFrom${i}_${j}`]: range.from, [`occTo${i}_${j}`]: range.to });
        return `(o.code >= :occFrom${i}_${j} AND o.code < :occTo${i}_${j})`;
      });
      conditions.push(`EXISTS (SELECT 1 FROM search_profile_occupations o WHERE o.doc_id = k.doc_id AND (${codes.join(' OR ')}))`);
    }
    return conditions.join(' AND ');
  };
  plan.arms.forEach((a, i) => qb.setParameter(`occKey${i}`, a.key));

  if (plan.arms.length === 1) {
    qb.select('p.doc_id', 'doc_id')
      .addSelect('p.seeker_id', 'seeker_id')
      .addSelect('p.registered_at', 'registered_at')
      .addSelect('p.wage_monthly', 'wage_monthly')
      .addSelect('p.profile', 'profile')
      .from('search_profile_keys', 'k')
      .addFrom('search_profiles', 'p')
      .where('p.doc_id = k.doc_id')
      .andWhere(arm(0, plan.arms[0].ranges))
      .orderBy(`k.${column}`, direction)
      .addOrderBy('k.doc_id', direction);
    return qb.limit(limit + 1) as SelectQueryBuilder<Record<string, unknown>>;
  }
  const walks = plan.arms.map(
    (a, i) =>
      `SELECT doc_id FROM (SELECT k.doc_id FROM search_profile_keys k, search_profiles p WHERE p.doc_id = k.doc_id AND ${arm(i, a.ranges)}
       ORDER BY k.${column} ${direction}, k.doc_id ${direction} LIMIT ${limit + 1}) w${i}`,
  );
  qb.select('p.doc_id', 'doc_id')
    .addSelect('p.seeker_id', 'seeker_id')
    .addSelect('p.registered_at', 'registered_at')
    .addSelect('p.wage_monthly', 'wage_monthly')
    .addSelect('p.profile', 'profile')
    .from('search_profiles', 'p')
    .where(`p.doc_id IN (${walks.join(' UNION ')})`)
    .orderBy(`p.${column}`, direction)
    .addOrderBy('p.doc_id', direction);
  return qb.limit(limit + 1) as SelectQueryBuilder<Record<string, unknown>>;
};

/**
 * The scan: rare self-PR words (the trigram index yields the few candidates, then they are
 * sorted), and wage sorts without a place (the profile table's wage index). Every other
 * criterion is a correlated EXISTS on the candidate, so it filters and never drives the plan.
 */
const buildScanQuery = (
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
    qb.andWhere(`EXISTS (SELECT 1 FROM search_profile_occupations o WHERE o.doc_id = p.doc_id AND (${ranges.join(' OR ')}))`);
  }
  if (criteria.prefecture) {
    qb.andWhere('EXISTS (SELECT 1 FROM search_profile_locations lp WHERE lp.doc_id = p.doc_id AND lp.prefecture = :prefecture)', {
      prefecture: criteria.prefecture,
    });
  }
  if (criteria.municipality) {
    const municipality = normaliseMunicipality(criteria.municipality);
    qb.andWhere(
      `EXISTS (SELECT 1 FROM search_profile_locations lm WHERE lm.doc_id = p.doc_id AND (lm.municipality = :municipality
         OR (lm.prefecture = :municipalityPrefecture AND lm.municipality = '')))`,
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
    qb.andWhere(
      `EXISTS (SELECT 1 FROM search_profile_qualifications q${i} WHERE q${i}.doc_id = p.doc_id AND q${i}.name = :qualification${i})`,
      {
        [`qualification${i}`]: name,
      },
    );
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
    if (after)
      qb.andWhere('(p.registered_at < :afterKey OR (p.registered_at = :afterKey AND p.doc_id < :afterDoc))', {
        afterKey: after.key,
        afterDoc: after.docId,
      });
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
