import { OCCUPATION_MAJOR_GROUPS } from '@hw/registration/contracts';

/**
 * Pure helpers for search criteria: code ranges, normalisation, and how self-PR words are
 * matched. No I/O.
 */

/**
 * An occupation criterion: a major group letter (A–K) stands for its middle groups (the MHLW
 * table in registration's contracts); a digit code matches itself and every finer code under
 * it (prefix).
 */
export const expandOccupationCriterion = (code: string): string[] => OCCUPATION_MAJOR_GROUPS[code.toUpperCase()] ?? [code];

/**
 * MHLW occupational classification codes are digit strings where a group's code is a prefix
 * of its members' codes (major `05` ⊃ middle `051` ⊃ minor `051-01`). A prefix becomes a range
 * [prefix, next) so every database can answer it from an ordinary index.
 */
export const occupationPrefixRange = (prefix: string): { from: string; to: string } => {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { from: prefix, to: `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}` };
};

/**
 * The search key of a desired occupation: its first two characters, the MHLW middle group
 * (`051-01` → `05`). Every criterion of two or more characters lies under exactly one key.
 */
export const occupationKey = (code: string): string => code.slice(0, 2);

/** Local government codes: 6 digits with a check digit, or the 5 digits without it; stored as 5. */
export const normaliseMunicipality = (code: string): string => code.slice(0, 5);

/** The prefecture a municipality lies in: its code's first two digits. */
export const prefectureOfMunicipality = (code: string): string => code.slice(0, 2);

/** Average monthly working hours used to compare hourly and monthly desired wages (40 h × 52 / 12). */
export const HOURS_PER_MONTH = 173;

export const monthlyWage = (wage: { amount: number; per: 'hour' | 'month' } | undefined): number | null =>
  wage ? (wage.per === 'hour' ? Math.round(wage.amount * HOURS_PER_MONTH) : wage.amount) : null;
export const hourlyWage = (wage: { amount: number; per: 'hour' | 'month' } | undefined): number | null =>
  wage ? (wage.per === 'month' ? Math.round(wage.amount / HOURS_PER_MONTH) : wage.amount) : null;

/**
 * Japanese has no spaces between words: the self-PR is indexed by trigrams (three-character
 * substrings). A query word of three or more characters is answered by the trigram index; a
 * shorter one cannot be (it has no trigram) and falls back to a substring scan of the rows the
 * other criteria left. Words are separated by ASCII or ideographic spaces; every word must occur.
 */
export const TRIGRAM = 3;

export interface SelfPrTerms {
  indexed: string[];
  short: string[];
}

export const selfPrTerms = (query: string): SelfPrTerms => {
  const words = [...new Set(query.split(/[\s\u3000]+/u).filter(Boolean))];
  return {
    indexed: words.filter((w) => [...w].length >= TRIGRAM),
    short: words.filter((w) => [...w].length < TRIGRAM),
  };
};
