import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import {
  ageBandAt,
  applicationExpiresAt,
  applicationValidUntil,
  newGraduateEligibleFrom,
  SeekerCommand,
  seekerDecider,
  SeekerEvent,
} from './index';
import { isMunicipalityCode, isOccupationCode } from './profile-codes';
import { at, counter, profile, registeredEvent, seekerId } from './testing/seeker.fixtures';

const spec = DeciderSpecification.for(seekerDecider);
const otherOffice = { ...counter, officeCode: '27010' };
const sealed = 'v1.sealed-personal-data';

const register = (over: Partial<Extract<SeekerCommand, { type: 'RegisterSeeker' }>['data']> = {}): SeekerCommand => ({
  type: 'RegisterSeeker',
  data: {
    seekerId,
    officeCode: '13010',
    personalData: sealed,
    appliedOn: '2026-11-20',
    school: { status: 'none' },
    scope: ['private-agencies'],
    termsVersion: '2026-04',
    profile,
    at,
    by: counter,
    ...over,
  },
});

const registered = registeredEvent({ personalData: sealed });
const stopped: SeekerEvent = { type: 'SeekerStoppedUse', data: { seekerId, stoppedAt: at } };
const erased: SeekerEvent = { type: 'SeekerErased', data: { seekerId, requestReference: 'REQ-1', erasedAt: at } };
const cmd = <T extends SeekerCommand['type']>(type: T, data: object = {}, when = at): SeekerCommand =>
  ({ type, data: { seekerId, at: when, by: counter, ...data } }) as SeekerCommand;

describe('seeker decider', () => {
  describe('R-SKR-2: registration by counter staff', () => {
    it('R-SKR-2: counter staff register a seeker with a chosen scope, the terms version, sealed personal data and the anonymised profile', () =>
      spec
        .given([])
        .when(register({ scope: ['private-agencies', 'private-agencies'] }))
        .then([registered]));

    it('R-SKR-2: a registration without any scope is refused, naming the field', () =>
      spec
        .given([])
        .when(register({ scope: [] }))
        .thenThrows(DomainError, { code: 'SCOPE_REQUIRED', rule: 'R-SKR-2', field: 'scope' }));

    it('R-SKR-2: a registration without agreement to the terms is refused', () =>
      spec
        .given([])
        .when(register({ termsVersion: '' }))
        .thenThrows(DomainError, { code: 'TERMS_NOT_AGREED', rule: 'R-SKR-2', field: 'termsVersion' }));

    it('R-SKR-2: a seeker is registered once', () =>
      spec.given([registered]).when(register()).thenThrows(DomainError, { code: 'SEEKER_ALREADY_REGISTERED' }));

    it('R-SKR-2: staff change the profile', () => {
      const changed = { ...profile, desiredOccupations: ['10', '25'], selfPr: '経理の経験を活かしたいです' };
      spec
        .given([registered])
        .when(cmd('ChangeProfile', { profile: changed }))
        .then([{ type: 'SeekerProfileChanged', data: { seekerId, profile: changed, changedAt: at } }]);
    });

    it('R-SKR-2: staff change the scope with the current terms version', () =>
      spec
        .given([registered])
        .when(cmd('ChangeScope', { scope: ['private-agencies', 'local-governments'], termsVersion: '2026-10' }))
        .then([
          {
            type: 'SeekerScopeChanged',
            data: { seekerId, scope: ['private-agencies', 'local-governments'], termsVersion: '2026-10', changedAt: at },
          },
        ]));

    it('R-SKR-2: a scope change to no scope is refused', () =>
      spec
        .given([registered])
        .when(cmd('ChangeScope', { scope: [], termsVersion: '2026-10' }))
        .thenThrows(DomainError, { code: 'SCOPE_REQUIRED' }));

    it('R-SKR-2 / R-STF-1: counter staff of another office cannot change the seeker', () =>
      spec
        .given([registered])
        .when(cmd('ChangeProfile', { profile, by: otherOffice }))
        .thenThrows(DomainError, { code: 'NOT_SEEKERS_OFFICE', kind: 'forbidden' }));

    it('R-SKR-5: correcting the birth date moves the age band organisations see, the personal data stays sealed', () =>
      spec
        .given([registered])
        .when(cmd('ChangePersonalData', { personalData: 'v1.other', ageBand: '40-44' }))
        .then([
          { type: 'SeekerPersonalDataChanged', data: { seekerId, personalData: 'v1.other', changedAt: at } },
          { type: 'SeekerProfileChanged', data: { seekerId, profile: { ...profile, ageBand: '40-44' }, changedAt: at } },
        ]));
  });

  describe('R-SKR-1: eligibility', () => {
    it('R-SKR-1: a high-school student is refused with the reason STUDENT_OF_EXCLUDED_SCHOOL', () =>
      spec
        .given([])
        .when(register({ school: { status: 'student', schoolKind: 'high' } }))
        .thenThrows(DomainError, { kind: 'refused', code: 'STUDENT_OF_EXCLUDED_SCHOOL', rule: 'R-SKR-1', field: 'school' }));

    it('R-SKR-1: a university student is eligible (universities and colleges of technology are not excluded)', () =>
      spec
        .given([])
        .when(register({ school: { status: 'student', schoolKind: 'college-of-technology' } }))
        .then([registeredEvent({ school: { status: 'student', schoolKind: 'college-of-technology' } })]));

    it('R-SKR-1: a new high-school graduate before 1 July is registered but not eligible, with the instant the window closes', () => {
      const school = { status: 'new-graduate' as const, schoolKind: 'high' as const, graduationDate: '2026-03-01' };
      const april = '2026-04-10T01:00:00.000Z';
      spec
        .given([])
        .when(register({ school, appliedOn: '2026-04-10', at: april }))
        .then([
          registeredEvent({
            school,
            appliedOn: '2026-04-10',
            validUntil: '2026-06-30',
            eligible: false,
            ineligibleReason: 'NEW_GRADUATE_BEFORE_JULY',
            eligibleFrom: '2026-06-30T15:00:00.000Z',
            registeredAt: april,
          }),
        ]);
    });

    it('R-SKR-1: the 30 June window closes at 00:00 JST on 1 July and the new graduate becomes eligible by itself', () => {
      const school = { status: 'new-graduate' as const, schoolKind: 'high' as const, graduationDate: '2026-03-01' };
      const pending = registeredEvent({
        school,
        appliedOn: '2026-06-10',
        validUntil: '2026-08-31',
        eligible: false,
        ineligibleReason: 'NEW_GRADUATE_BEFORE_JULY',
        eligibleFrom: '2026-06-30T15:00:00.000Z',
      });
      spec
        .given([pending])
        .when(cmd('CloseNewGraduateWindow', {}, '2026-06-30T14:59:59.999Z'))
        .then([]);
      spec
        .given([pending])
        .when(cmd('CloseNewGraduateWindow', {}, '2026-06-30T15:00:00.000Z'))
        .then([{ type: 'SeekerNewGraduateWindowClosed', data: { seekerId, eligible: true, closedAt: '2026-06-30T15:00:00.000Z' } }]);
      expect(newGraduateEligibleFrom('2026-03-01')).toBe('2026-06-30T15:00:00.000Z');
    });

    it('R-SKR-1: a new university graduate is eligible at once and flagged for R-MSG-6c', () => {
      const school = { status: 'new-graduate' as const, schoolKind: 'university' as const, graduationDate: '2026-03-20' };
      spec
        .given([])
        .when(register({ school }))
        .then([registeredEvent({ school, newUniversityGraduate: true })]);
    });

    it('R-SKR-1: a graduation date in the future is refused', () =>
      spec
        .given([])
        .when(register({ school: { status: 'new-graduate', schoolKind: 'high', graduationDate: '2027-03-01' } }))
        .thenThrows(DomainError, { code: 'GRADUATION_DATE_INVALID', field: 'school.graduationDate' }));

    it('R-SKR-1: a change of school status re-decides eligibility with its reason', () =>
      spec
        .given([registered])
        .when(cmd('ChangeSchoolStatus', { school: { status: 'student', schoolKind: 'special-needs' } }))
        .then([
          {
            type: 'SeekerSchoolStatusChanged',
            data: {
              seekerId,
              school: { status: 'student', schoolKind: 'special-needs' },
              newUniversityGraduate: false,
              eligible: false,
              ineligibleReason: 'STUDENT_OF_EXCLUDED_SCHOOL',
              changedAt: at,
            },
          },
        ]));
  });

  describe('R-SKR-3: validity of the job application', () => {
    it('R-SKR-3: valid until the end of the second month after the application month', () => {
      expect(applicationValidUntil('2026-11-20')).toBe('2027-01-31');
      expect(applicationValidUntil('2026-12-01')).toBe('2027-02-28');
      expect(applicationValidUntil('2027-12-31')).toBe('2028-02-29');
      expect(applicationExpiresAt('2027-01-31')).toBe('2027-01-31T15:00:00.000Z'); // 00:00 JST on 1 February
    });

    it('R-SKR-3: an application already past its validity is refused at registration', () =>
      spec
        .given([])
        .when(register({ appliedOn: '2026-08-31' })) // valid until 31 October
        .thenThrows(DomainError, { kind: 'refused', code: 'APPLICATION_EXPIRED', rule: 'R-SKR-3', field: 'appliedOn' }));

    it('R-SKR-3: activity in the last month extends the application by one month', () =>
      spec
        .given([registered])
        .when(cmd('RecordActivity', {}, '2027-01-15T01:00:00.000Z'))
        .then([
          { type: 'SeekerApplicationExtended', data: { seekerId, validUntil: '2027-02-28', extendedAt: '2027-01-15T01:00:00.000Z' } },
        ]));

    it('R-SKR-3: activity before the last month does not extend it', () =>
      spec
        .given([registered])
        .when(cmd('RecordActivity', {}, '2026-12-31T14:59:59.000Z'))
        .then([]));

    it('R-SKR-3: at 00:00 JST after the last day the application expires (not a millisecond before)', () => {
      spec
        .given([registered])
        .when(cmd('ExpireApplication', {}, '2027-01-31T14:59:59.999Z'))
        .then([]);
      spec
        .given([registered])
        .when(cmd('ExpireApplication', {}, '2027-01-31T15:00:00.000Z'))
        .then([{ type: 'SeekerApplicationExpired', data: { seekerId, validUntil: '2027-01-31', expiredAt: '2027-01-31T15:00:00.000Z' } }]);
    });

    it('R-SKR-3: an extension moves the expiry', () =>
      spec
        .given([registered, { type: 'SeekerApplicationExtended', data: { seekerId, validUntil: '2027-02-28', extendedAt: at } }])
        .when(cmd('ExpireApplication', {}, '2027-01-31T15:00:00.000Z'))
        .then([]));

    it('R-SKR-3: placement makes the application invalid; activity after it is refused with PLACED', () => {
      spec
        .given([registered])
        .when(cmd('RecordPlacement'))
        .then([{ type: 'SeekerPlaced', data: { seekerId, placedAt: at } }]);
      spec
        .given([registered, { type: 'SeekerPlaced', data: { seekerId, placedAt: at } }])
        .when(cmd('RecordActivity', {}, '2027-01-15T01:00:00.000Z'))
        .thenThrows(DomainError, { kind: 'refused', code: 'PLACED', rule: 'R-SKR-3' });
    });

    it('R-SKR-3: an expired application cannot be extended', () =>
      spec
        .given([registered, { type: 'SeekerApplicationExpired', data: { seekerId, validUntil: '2027-01-31', expiredAt: at } }])
        .when(cmd('RecordActivity', {}, '2027-01-31T16:00:00.000Z'))
        .thenThrows(DomainError, { kind: 'refused', code: 'APPLICATION_EXPIRED' }));
  });

  describe('R-SKR-4: stop and resume', () => {
    it('R-SKR-4: the seeker stops use at any time, effective at once', () =>
      spec
        .given([registered])
        .when(cmd('StopUse', { by: { kind: 'seeker', id: seekerId } }))
        .then([stopped]));

    it('R-SKR-4: stopping twice is refused', () =>
      spec.given([registered, stopped]).when(cmd('StopUse')).thenThrows(DomainError, { code: 'ALREADY_STOPPED' }));

    it('R-SKR-4: an unknown seeker cannot stop', () =>
      spec.given([]).when(cmd('StopUse')).thenThrows(DomainError, { code: 'SEEKER_NOT_REGISTERED' }));

    it('R-SKR-4: use is resumed at Hello Work after a stop', () =>
      spec
        .given([registered, stopped])
        .when(cmd('ResumeUse'))
        .then([{ type: 'SeekerResumedUse', data: { seekerId, resumedAt: at } }]));

    it('R-SKR-4: nothing to resume when use was not stopped', () =>
      spec.given([registered]).when(cmd('ResumeUse')).thenThrows(DomainError, { code: 'NOT_STOPPED' }));
  });

  describe('R-SKR-5: the anonymised profile', () => {
    it('R-SKR-5: age is a 5-year band computed in Japan time at the command', () => {
      expect(ageBandAt('1990-11-25', '2026-11-24T14:59:59.000Z')).toBe('35-39'); // 23:59 JST on the 24th: still 35
      expect(ageBandAt('1991-11-25', '2026-11-24T15:00:00.000Z')).toBe('35-39'); // 00:00 JST on the 25th: 35
      expect(ageBandAt('1996-11-26', '2026-11-25T01:00:00.000Z')).toBe('25-29'); // 29, birthday tomorrow
    });

    it('R-SKR-5: occupations are MHLW middle-group codes, locations prefecture/municipality codes', () => {
      expect(isOccupationCode('25')).toBe(true);
      expect(isOccupationCode('53')).toBe(false);
      expect(isMunicipalityCode('13101')).toBe(true);
      expect(isMunicipalityCode('131016')).toBe(true);
      expect(isMunicipalityCode('131017')).toBe(false);
      expect(isMunicipalityCode('48101')).toBe(false);
    });
  });

  describe('R-SKR-6: blocks', () => {
    const registrationId = '01a214ce-296c-7699-8547-3fba17ef0001';
    const blocked: SeekerEvent = { type: 'SeekerBlockedRegistration', data: { seekerId, registrationId, blockedAt: at } };

    it('R-SKR-6: a seeker blocks an organisation registration', () =>
      spec.given([registered]).when(cmd('BlockRegistration', { registrationId })).then([blocked]));

    it('R-SKR-6: blocking twice is refused', () =>
      spec
        .given([registered, blocked])
        .when(cmd('BlockRegistration', { registrationId }))
        .thenThrows(DomainError, { code: 'ALREADY_BLOCKED', rule: 'R-SKR-6' }));

    it('R-SKR-6: the seeker lifts a block', () =>
      spec
        .given([registered, blocked])
        .when(cmd('UnblockRegistration', { registrationId }))
        .then([{ type: 'SeekerUnblockedRegistration', data: { seekerId, registrationId, unblockedAt: at } }]));

    it('R-SKR-6: lifting a block that does not exist is refused', () =>
      spec.given([registered]).when(cmd('UnblockRegistration', { registrationId })).thenThrows(DomainError, { code: 'NOT_BLOCKED' }));
  });

  describe('R-STF-2 and R-AUD-2', () => {
    it('R-STF-2: a staff read of personal data is recorded with who, when, which seeker and why', () =>
      spec
        .given([registered])
        .when(cmd('RecordPersonalDataRead', { reader: counter, purpose: 'counter-service', route: 'GET /seekers/:seekerId/personal-data' }))
        .then([
          {
            type: 'PersonalDataRead',
            data: { seekerId, reader: counter, purpose: 'counter-service', route: 'GET /seekers/:seekerId/personal-data', readAt: at },
          },
        ]));

    it('R-AUD-2: erasure is an event; the log is not rewritten', () =>
      spec
        .given([registered])
        .when(cmd('EraseSeeker', { requestReference: 'REQ-1' }))
        .then([erased]));

    it('R-AUD-2: after erasure nothing more is done with the seeker, registering again included', () => {
      spec
        .given([registered, erased])
        .when(cmd('RecordPersonalDataRead', { reader: counter, purpose: 'audit', route: 'x' }))
        .thenThrows(DomainError, { code: 'SEEKER_ERASED' });
      spec
        .given([registered, erased])
        .when(cmd('EraseSeeker', { requestReference: 'REQ-2' }))
        .thenThrows(DomainError, { code: 'SEEKER_ERASED' });
      spec.given([registered, erased]).when(register()).thenThrows(DomainError, { code: 'SEEKER_ERASED' });
    });
  });
});
