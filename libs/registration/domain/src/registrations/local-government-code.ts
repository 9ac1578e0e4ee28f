/**
 * Local government codes (地方公共団体コード, JIS X 0402 + check digit): five digits — prefecture
 * 01–47 then the municipality (000 for the prefecture itself) — and a sixth, the check digit:
 * multiply the digits by 6, 5, 4, 3, 2, sum, take the remainder modulo 11; the check digit is
 * the last digit of 11 − remainder (so remainder 0 → 1, remainder 1 → 0). E.g. 13101 → 131016.
 */
export interface LocalGovernmentCode {
  value: string;
  prefecture: string;
}

export const localGovernmentCheckDigit = (fiveDigits: string): number => {
  const weights = [6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(fiveDigits[i]), 0);
  return (11 - (sum % 11)) % 10;
};

export const parseLocalGovernmentCode = (value: string): LocalGovernmentCode | null => {
  if (!/^[0-9]{6}$/.test(value)) return null;
  const prefecture = value.slice(0, 2);
  if (Number(prefecture) < 1 || Number(prefecture) > 47) return null;
  if (localGovernmentCheckDigit(value.slice(0, 5)) !== Number(value[5])) return null;
  return { value, prefecture };
};
