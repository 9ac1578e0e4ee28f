import { RecordedEvent } from '@hw/platform/core';
import { recordedEvent, schemaErrors } from '@hw/platform/testing';
import { foldSeekerConsent, RegistrationEvents, registrationSchemas } from '@hw/registration/contracts';
import { SeekerEvent } from '@hw/registration/domain';
import { translateRegistrationEvent } from './translate';

const seekerId = '01a214ce-296c-7699-8547-3fba17ef44c1';
const registrationId = '01a214ce-296c-7699-8547-3fba17ef0001';
const at = '2026-11-25T01:00:00.000Z';
const recorded = (event: SeekerEvent): RecordedEvent => recordedEvent(event, { streamId: `seeker-${seekerId}`, occurredAt: at });

const registered: SeekerEvent = {
  type: 'SeekerRegistered',
  data: {
    seekerId,
    officeCode: '13010',
    personalData: 'v1.aaaa.bbbb.cccc',
    scope: ['private-agencies'],
    termsVersion: '2026-04',
    profile: {
      desiredOccupations: ['25'],
      desiredPrefectures: ['13'],
      desiredMunicipalities: ['13101'],
      employmentType: 'full-time',
      hours: { perWeek: 40, from: '09:00', to: '18:00' },
      desiredWage: { amount: 250000, per: 'month' },
      qualifications: ['日商簿記2級'],
      educationLevel: 'university',
      workHistory: [{ occupation: '26', years: 5 }],
      selfPr: '経理の経験を活かしたいです',
      ageBand: '35-39',
    },
    appliedOn: '2026-11-20',
    validUntil: '2027-01-31',
    school: { status: 'none' },
    newUniversityGraduate: false,
    eligible: true,
    registeredAt: at,
  },
};

/** One domain event of each kind that has a public counterpart, with the integration type it becomes. */
const cases: Array<[SeekerEvent, string]> = [
  [registered, RegistrationEvents.SeekerRegistered],
  [{ type: 'SeekerStoppedUse', data: { seekerId, stoppedAt: at } }, RegistrationEvents.SeekerStoppedUse],
  [{ type: 'SeekerResumedUse', data: { seekerId, resumedAt: at } }, RegistrationEvents.SeekerResumedUse],
  [
    {
      type: 'SeekerProfileChanged',
      data: { seekerId, profile: { desiredOccupations: ['10'], desiredPrefectures: ['27'], employmentType: 'any' }, changedAt: at },
    },
    RegistrationEvents.SeekerProfileChanged,
  ],
  [
    { type: 'SeekerScopeChanged', data: { seekerId, scope: ['local-governments'], termsVersion: '2026-10', changedAt: at } },
    RegistrationEvents.SeekerScopeChanged,
  ],
  [
    {
      type: 'SeekerSchoolStatusChanged',
      data: {
        seekerId,
        school: { status: 'student', schoolKind: 'high' },
        newUniversityGraduate: false,
        eligible: false,
        ineligibleReason: 'STUDENT_OF_EXCLUDED_SCHOOL',
        changedAt: at,
      },
    },
    RegistrationEvents.SeekerEligibilityChanged,
  ],
  [
    { type: 'SeekerNewGraduateWindowClosed', data: { seekerId, eligible: true, closedAt: at } },
    RegistrationEvents.SeekerEligibilityChanged,
  ],
  [
    { type: 'SeekerApplicationExpired', data: { seekerId, validUntil: '2027-01-31', expiredAt: at } },
    RegistrationEvents.SeekerEligibilityChanged,
  ],
  [{ type: 'SeekerPlaced', data: { seekerId, placedAt: at } }, RegistrationEvents.SeekerEligibilityChanged],
  [
    { type: 'SeekerApplicationExtended', data: { seekerId, validUntil: '2027-02-28', extendedAt: at } },
    RegistrationEvents.SeekerApplicationExtended,
  ],
  [{ type: 'SeekerBlockedRegistration', data: { seekerId, registrationId, blockedAt: at } }, RegistrationEvents.SeekerBlockedRegistration],
  [
    { type: 'SeekerUnblockedRegistration', data: { seekerId, registrationId, unblockedAt: at } },
    RegistrationEvents.SeekerUnblockedRegistration,
  ],
  [
    { type: 'SeekerDisclosedIdentity', data: { seekerId, registrationId, fields: ['name', 'email'], disclosedAt: at } },
    RegistrationEvents.SeekerDisclosedIdentity,
  ],
  [{ type: 'SeekerWithdrewDisclosure', data: { seekerId, registrationId, withdrawnAt: at } }, RegistrationEvents.SeekerWithdrewDisclosure],
  [{ type: 'SeekerErased', data: { seekerId, requestReference: 'REQ-1', erasedAt: at } }, RegistrationEvents.SeekerErased],
];

describe('registration integration events (seekers)', () => {
  it.each(cases.map(([event, type]) => [event.type, type, event] as const))(
    'R-SKR-1..6 / R-AUD-2: %s becomes %s, keyed by stream id, carrying the log event id, valid against its schema',
    (_domain, type, event) => {
      const out = translateRegistrationEvent(recorded(event));
      expect(out).toMatchObject({ type, key: `seeker-${seekerId}`, id: '01a214ce-296c-7699-8547-3fba17ef4400' });
      expect(schemaErrors(registrationSchemas[type], out?.data)).toEqual([]);
    },
  );

  it('R-SKR-5: no integration event carries the sealed personal data, the office, the school or the terms text of registration', () => {
    const out = translateRegistrationEvent(recorded(registered));
    const text = JSON.stringify(out);
    expect(text).not.toContain('v1.aaaa');
    expect(text).not.toContain('13010');
    expect(text).not.toContain('appliedOn');
  });

  it('R-STF-2: a staff read of personal data is published as who, their office, why and when — never the route nor the data', () => {
    const out = translateRegistrationEvent(
      recorded({
        type: 'PersonalDataRead',
        data: {
          seekerId,
          reader: { kind: 'staff', id: 'counter-7', role: 'counter', officeCode: '13010' },
          purpose: 'counter-service',
          route: 'GET /seekers/:seekerId/personal-data',
          readAt: at,
        },
      }),
    );
    expect(out).toMatchObject({
      type: RegistrationEvents.StaffReadPersonalData,
      key: `seeker-${seekerId}`,
      data: { seekerId, staffId: 'counter-7', role: 'counter', officeCode: '13010', purpose: 'counter-service', readAt: at },
    });
    expect(Object.keys(out!.data as object).sort()).toEqual(['officeCode', 'purpose', 'readAt', 'role', 'seekerId', 'staffId']);
    expect(schemaErrors(registrationSchemas[RegistrationEvents.StaffReadPersonalData], out?.data)).toEqual([]);
    expect(
      schemaErrors(registrationSchemas[RegistrationEvents.StaffReadPersonalData], { ...(out!.data as object), personalData: 'v1.x' }),
    ).not.toEqual([]);
  });

  it('R-SKR-5: personal-data changes are not published; a read by anyone but staff is not published as a staff read', () => {
    expect(
      translateRegistrationEvent(
        recorded({
          type: 'PersonalDataRead',
          data: { seekerId, reader: { kind: 'system', id: 'sys' }, purpose: 'audit', route: 'x', readAt: at },
        }),
      ),
    ).toBeNull();
    expect(
      translateRegistrationEvent(
        recorded({ type: 'SeekerPersonalDataChanged', data: { seekerId, personalData: 'v1.x.y.z', changedAt: at } }),
      ),
    ).toBeNull();
  });

  it("R-STF-2: staff actions on a seeker's account, their use and the seeker's own reads stay in registration's log (reasons are staff free text)", () => {
    const staff = { kind: 'staff' as const, id: 's1', role: 'counter', officeCode: '13010' };
    for (const event of [
      {
        type: 'SeekerActivationIssued',
        data: { seekerId, by: staff, reason: 'forgot the password', reissue: true, expiresAt: at, issuedAt: at },
      },
      { type: 'SeekerCredentialActivated', data: { seekerId, issuedBy: staff, activatedAt: at } },
      { type: 'OwnPersonalDataRead', data: { seekerId, route: 'x', readAt: at } },
    ] as const)
      expect(translateRegistrationEvent(recorded(event))).toBeNull();
  });

  it("R-SKR-5: a disclosure is published with the field names only; organisations' reads of it stay in the log", () => {
    const out = translateRegistrationEvent(
      recorded({ type: 'SeekerDisclosedIdentity', data: { seekerId, registrationId, fields: ['name', 'phone'], disclosedAt: at } }),
    );
    expect(out?.data).toEqual({ seekerId, registrationId, fields: ['name', 'phone'], disclosedAt: at });
    const schema = registrationSchemas[RegistrationEvents.SeekerDisclosedIdentity];
    expect(schemaErrors(schema, { ...(out?.data as object), name: '山田太郎' })).toEqual(['/ must NOT have additional properties']);
    expect(schemaErrors(schema, { ...(out?.data as object), fields: ['birthDate'] })).not.toEqual([]);
    expect(
      translateRegistrationEvent(
        recorded({
          type: 'DisclosedIdentityRead',
          data: { seekerId, registrationId, userId: 'u1', departmentId: 'd1', fields: ['name'], readAt: at },
        }),
      ),
    ).toBeNull();
  });

  it('R-SKR-5: the schemas refuse extra fields, so personal data cannot ride along unnoticed', () => {
    const out = translateRegistrationEvent(recorded(registered));
    const withName = { ...(out?.data as object), name: '山田太郎' };
    expect(schemaErrors(registrationSchemas[RegistrationEvents.SeekerRegistered], withName)).toEqual([
      '/ must NOT have additional properties',
    ]);
    for (const schema of Object.values(registrationSchemas)) expect(schema).toMatchObject({ additionalProperties: false });
  });
});

describe('foldSeekerConsent (the log-level consent contract messaging reads)', () => {
  const events = (list: SeekerEvent[]) => list.map((e) => ({ type: e.type, data: e.data }));

  it('R-SKR-6: blocks add and lift registration ids', () => {
    const blocked: SeekerEvent = { type: 'SeekerBlockedRegistration', data: { seekerId, registrationId, blockedAt: at } };
    expect(foldSeekerConsent(events([registered, blocked])).blockedRegistrationIds).toEqual([registrationId]);
    expect(
      foldSeekerConsent(
        events([registered, blocked, { type: 'SeekerUnblockedRegistration', data: { seekerId, registrationId, unblockedAt: at } }]),
      ).blockedRegistrationIds,
    ).toEqual([]);
  });

  it('R-SKR-1 / R-SKR-3: eligibility follows expiry, placement, the school status and the 30 June window', () => {
    expect(foldSeekerConsent(events([registered])).eligible).toBe(true);
    expect(
      foldSeekerConsent(
        events([registered, { type: 'SeekerApplicationExpired', data: { seekerId, validUntil: '2027-01-31', expiredAt: at } }]),
      ).eligible,
    ).toBe(false);
    expect(foldSeekerConsent(events([registered, { type: 'SeekerPlaced', data: { seekerId, placedAt: at } }])).eligible).toBe(false);
    const pending = {
      ...registered,
      data: { ...registered.data, eligible: false, ineligibleReason: 'NEW_GRADUATE_BEFORE_JULY' },
    } as SeekerEvent;
    expect(foldSeekerConsent(events([pending])).eligible).toBe(false);
    expect(
      foldSeekerConsent(events([pending, { type: 'SeekerNewGraduateWindowClosed', data: { seekerId, eligible: true, closedAt: at } }]))
        .eligible,
    ).toBe(true);
    const graduate: SeekerEvent = {
      type: 'SeekerSchoolStatusChanged',
      data: {
        seekerId,
        school: { status: 'new-graduate', schoolKind: 'university', graduationDate: '2026-03-20' },
        newUniversityGraduate: true,
        eligible: true,
        changedAt: at,
      },
    };
    expect(foldSeekerConsent(events([registered, graduate]))).toMatchObject({ eligible: true, newUniversityGraduate: true });
  });

  it('R-SKR-2: a scope change moves the scope; R-AUD-2: an erased seeker is provided to no one', () => {
    expect(
      foldSeekerConsent(
        events([
          registered,
          { type: 'SeekerScopeChanged', data: { seekerId, scope: ['local-governments'], termsVersion: '2026-10', changedAt: at } },
        ]),
      ).scope,
    ).toEqual(['local-governments']);
    expect(
      foldSeekerConsent(events([registered, { type: 'SeekerErased', data: { seekerId, requestReference: 'R', erasedAt: at } }])),
    ).toMatchObject({ eligible: false, stopped: true, erased: true });
  });
});
