import { AnonymisedProfile, SeekerEvent } from '../index';

/** The seeker of the seeker specs, registered at office 13010 with a valid application. */
export const seekerId = '01a214ce-296c-7699-8547-3fba17ef44c1';
/** 2026-11-25 10:00 JST. */
export const at = '2026-11-25T01:00:00.000Z';
export const counter = { kind: 'staff' as const, id: 'staff-1', role: 'counter', officeCode: '13010' };
export const profile: AnonymisedProfile = {
  desiredOccupations: ['25'],
  desiredPrefectures: ['13'],
  employmentType: 'full-time',
  ageBand: '35-39',
};

type Registered = Extract<SeekerEvent, { type: 'SeekerRegistered' }>;
/** The seeker registered at `at`, eligible, with a valid application — but for what `over` says. */
export const registeredEvent = (over: Partial<Registered['data']> = {}): Registered => ({
  type: 'SeekerRegistered',
  data: {
    seekerId,
    officeCode: '13010',
    personalData: 'v1.sealed-personal-data',
    scope: ['private-agencies'],
    termsVersion: '2026-04',
    profile,
    appliedOn: '2026-11-20',
    validUntil: '2027-01-31',
    school: { status: 'none' },
    newUniversityGraduate: false,
    eligible: true,
    registeredAt: at,
    ...over,
  },
});
