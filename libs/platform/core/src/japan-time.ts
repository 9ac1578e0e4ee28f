/**
 * Japan time, once for every context: "a day" is a calendar day in Asia/Tokyo (UTC+9, no
 * daylight saving; ARCHITECTURE: time; R-MSG-2, R-SKR-3). A calendar day is written either
 * `yyyy-mm-dd` (a date: registration's dates, the HTTP APIs) or `yyyymmdd` (a day: per-day
 * stream ids and messaging's `day`); the arithmetic below takes either and answers in the
 * format it was given. Pure: it works on the calendar date, never on the machine's time zone.
 */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const MS_PER_DAY = 86_400_000;
const CALENDAR_DAY = /^(\d{4})(-?)(\d{2})\2(\d{2})$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/** UTC midnight of a calendar day, and whether it was written `yyyymmdd`. */
const parse = (value: string): { ms: number; compact: boolean } => {
  const match = CALENDAR_DAY.exec(value);
  if (!match) throw new RangeError(`not a calendar day: ${value}`);
  return { ms: Date.UTC(Number(match[1]), Number(match[3]) - 1, Number(match[4])), compact: match[2] === '' };
};

const format = (ms: number, compact: boolean): string => {
  const date = new Date(ms);
  const parts = [String(date.getUTCFullYear()), pad(date.getUTCMonth() + 1), pad(date.getUTCDate())];
  return parts.join(compact ? '' : '-');
};

/** The Japan-time calendar date of an instant, `yyyy-mm-dd`. */
export const jstDate = (at: string | Date): string => format(new Date(at).getTime() + JST_OFFSET_MS, false);

/** The Japan-time calendar day of an instant, `yyyymmdd` (the per-day streams' format). */
export const tokyoDay = (at: Date): string => format(at.getTime() + JST_OFFSET_MS, true);

/** The instant a Japan-time calendar day starts (00:00 JST), as a UTC ISO string. */
export const jstStartOf = (day: string): string => new Date(parse(day).ms - JST_OFFSET_MS).toISOString();

/** The instant the next Japan-time calendar day starts (00:00 JST), as UTC. */
export const nextTokyoMidnight = (at: Date): Date => new Date(jstStartOf(addDays(jstDate(at), 1)));

/** The calendar day `days` after (or before) `day`, in `day`'s format. */
export const addDays = (day: string, days: number): string => {
  const { ms, compact } = parse(day);
  return format(ms + days * MS_PER_DAY, compact);
};

/** Number of days from `from` to `to`, both included (1 for the same day, 0 or less when `to` is before `from`). */
export const daysInclusive = (from: string, to: string): number => Math.round((parse(to).ms - parse(from).ms) / MS_PER_DAY) + 1;

/** Every day from `from` to `to`, both included, in order. */
export const eachDay = (from: string, to: string): string[] =>
  Array.from({ length: Math.max(0, daysInclusive(from, to)) }, (_, i) => addDays(from, i));

/** The last calendar day of the month `months` after the month of `day`, in `day`'s format. */
export const endOfMonthAfter = (day: string, months: number): string => {
  const { ms, compact } = parse(day);
  const date = new Date(ms);
  // Day 0 of the following month is the last day of the wanted month.
  return format(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0), compact);
};

/** A real calendar date written `yyyy-mm-dd` (2026-02-29 is not; birth dates before 2000 are). */
export const isCalendarDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && format(parse(value).ms, false) === value;

/** A real calendar day written `yyyymmdd`, from 2000 on (20260229 is not; 20280229 is). */
export const isJapanDay = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{8}$/.test(value) && Number(value.slice(0, 4)) >= 2000 && format(parse(value).ms, true) === value;
