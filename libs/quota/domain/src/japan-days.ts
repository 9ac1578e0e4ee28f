/**
 * Japan-time calendar days as `yyyymmdd` (the format of the daily-quota streams and of
 * `day` in messaging's events). "A day" always means Asia/Tokyo (R-MSG-2). Pure: the day
 * arithmetic works on the calendar date itself, never on the machine's time zone.
 */
const DAY = /^(\d{4})(\d{2})(\d{2})$/;
const MS_PER_DAY = 86_400_000;

const toUtcMidnight = (day: string): number => {
  const [, y, m, d] = DAY.exec(day) as RegExpExecArray;
  return Date.UTC(Number(y), Number(m) - 1, Number(d));
};

const fromUtcMidnight = (ms: number): string => {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`;
};

/** A real calendar date written `yyyymmdd` (20260229 is not; 20280229 is). */
export const isJapanDay = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match || Number(match[1]) < 2000) return false;
  return fromUtcMidnight(toUtcMidnight(value)) === value;
};

export const addDays = (day: string, days: number): string => fromUtcMidnight(toUtcMidnight(day) + days * MS_PER_DAY);

/** Number of days from `from` to `to`, both included (1 for the same day, 0 or less when `to` is before `from`). */
export const daysInclusive = (from: string, to: string): number => Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / MS_PER_DAY) + 1;

/** Every day from `from` to `to`, both included, in order. */
export const eachDay = (from: string, to: string): string[] => {
  const count = daysInclusive(from, to);
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(from, i));
};
