import { addDays, endOfMonthAfter, jstDate, jstStartOf } from '@hw/platform/core';

/**
 * R-SKR-1 and R-SKR-3 as pure policies. Dates are Japan-time calendar dates `yyyy-mm-dd`;
 * instants are UTC ISO strings. Nothing here reads a clock: every time arrives as an argument.
 */

// Japan time is platform core's, once for every context; re-exported for registration's application code.
export { addDays, endOfMonthAfter, isCalendarDate, jstDate, jstStartOf } from '@hw/platform/core';

/** R-SKR-3: a job application is valid until the end of the second month after the month it was made. */
export const applicationValidUntil = (appliedOn: string): string => endOfMonthAfter(appliedOn, 2);

/** R-SKR-3: activity in the application's last month extends it by one month; earlier activity does not. */
export const validityAfterActivity = (validUntil: string, activityOn: string): string | undefined =>
  activityOn.slice(0, 7) === validUntil.slice(0, 7) && activityOn <= validUntil ? endOfMonthAfter(validUntil, 1) : undefined;

/** R-SKR-3: the instant the application expires — the start of the Japan-time day after its last day. */
export const applicationExpiresAt = (validUntil: string): string => jstStartOf(addDays(validUntil, 1));

/** Schools a seeker may attend or have just left (School Education Act, 学校教育法). */
export const SCHOOL_KINDS = [
  'junior-high', // 中学校
  'compulsory-education', // 義務教育学校
  'high', // 高等学校
  'secondary', // 中等教育学校
  'special-needs', // 特別支援学校
  'university', // 大学 (graduate schools included)
  'junior-college', // 短期大学 (a university under the Act)
  'college-of-technology', // 高等専門学校
  'specialised-training', // 専修学校 (not an Article 1 school)
  'other',
] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

/**
 * R-SKR-1: schools under the School Education Act other than universities and colleges of
 * technology — their students are not eligible, nor their new graduates until 30 June of the
 * graduation year. Read as the Act's Article 1 schools below university level; 専修学校 and
 * others are not excluded.
 */
export const EXCLUDED_SCHOOL_KINDS: ReadonlySet<SchoolKind> = new Set([
  'junior-high',
  'compulsory-education',
  'high',
  'secondary',
  'special-needs',
]);

/** R-MSG-6c: a university-level school (university, junior college; graduate schools count as university). */
export const UNIVERSITY_KINDS: ReadonlySet<SchoolKind> = new Set(['university', 'junior-college']);

export type SchoolStatus =
  | { status: 'none' }
  | { status: 'student'; schoolKind: SchoolKind }
  | { status: 'new-graduate'; schoolKind: SchoolKind; graduationDate: string };

/** Why a seeker is not eligible (R-SKR-1, R-SKR-3): each refusal has its own reason. */
export type IneligibleReason = 'STUDENT_OF_EXCLUDED_SCHOOL' | 'NEW_GRADUATE_BEFORE_JULY' | 'APPLICATION_EXPIRED' | 'PLACED';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason; until?: string };

/** R-SKR-1: the instant a new graduate of an excluded school becomes eligible — 1 July 00:00 JST of the graduation year. */
export const newGraduateEligibleFrom = (graduationDate: string): string => jstStartOf(`${graduationDate.slice(0, 4)}-07-01`);

/** R-SKR-1: students and (until 30 June) new graduates of schools below university level are excluded. */
export const schoolEligibilityPolicy = (school: SchoolStatus, at: string): Eligibility => {
  if (school.status === 'none' || !EXCLUDED_SCHOOL_KINDS.has(school.schoolKind)) return { eligible: true };
  if (school.status === 'student') return { eligible: false, reason: 'STUDENT_OF_EXCLUDED_SCHOOL' };
  const from = newGraduateEligibleFrom(school.graduationDate);
  return at < from ? { eligible: false, reason: 'NEW_GRADUATE_BEFORE_JULY', until: from } : { eligible: true };
};

/** R-SKR-3: an application is valid until its last day, unless the seeker was placed. */
export const applicationValidityPolicy = (application: { validUntil: string; placed: boolean }, at: string): Eligibility => {
  if (application.placed) return { eligible: false, reason: 'PLACED' };
  if (at >= applicationExpiresAt(application.validUntil)) return { eligible: false, reason: 'APPLICATION_EXPIRED' };
  return { eligible: true };
};

/** R-SKR-1 (with R-SKR-3): eligible with a valid application and not an excluded student or early new graduate. */
export const eligibilityPolicy = (application: { validUntil: string; placed: boolean }, school: SchoolStatus, at: string): Eligibility => {
  const validity = applicationValidityPolicy(application, at);
  return validity.eligible ? schoolEligibilityPolicy(school, at) : validity;
};

/** An eligibility as the fields of an event (R-SKR-1, R-SKR-3). */
export const eligibilityFields = (e: Eligibility) =>
  e.eligible
    ? { eligible: true as const }
    : { eligible: false as const, ineligibleReason: e.reason, ...(e.until ? { eligibleFrom: e.until } : {}) };

/** R-MSG-6c: a new university graduate (graduated from a university-level school, or about to). */
export const isNewUniversityGraduate = (school: SchoolStatus): boolean =>
  school.status === 'new-graduate' && UNIVERSITY_KINDS.has(school.schoolKind);

/** R-SKR-5: organisations see age only as a 5-year band (`20-24`), computed at the command's time in Japan. */
export const ageBandAt = (birthDate: string, at: string): string => {
  const today = jstDate(at);
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  const low = Math.floor(Math.max(age, 0) / 5) * 5;
  return `${low}-${low + 4}`;
};
