/**
 * The codes of the anonymised profile (R-SKR-5). Occupations are the MHLW classification in
 * registration's contracts (shared with matching); re-exported for registration's application code.
 */
export { isOccupationCode, MHLW_OCCUPATIONS, OCCUPATION_CODES } from '@hw/registration/contracts';
export type { OccupationGroup, OccupationMajorGroup } from '@hw/registration/contracts';

/** Prefecture codes 01–47 (JIS X 0401). */
export const isPrefectureCode = (code: string): boolean => /^(0[1-9]|[1-3]\d|4[0-7])$/.test(code);

/**
 * Municipality codes (全国地方公共団体コード): five digits, the first two the prefecture, or the six-digit
 * form whose last digit is the check digit (weights 6..2, the last digit of 11 − (Σ mod 11)).
 */
export const isMunicipalityCode = (code: string): boolean => {
  if (!/^\d{5,6}$/.test(code) || !isPrefectureCode(code.slice(0, 2))) return false;
  if (code.length === 5) return true;
  const sum = [...code.slice(0, 5)].reduce((s, d, i) => s + Number(d) * (6 - i), 0);
  return Number(code[5]) === (11 - (sum % 11)) % 10;
};
