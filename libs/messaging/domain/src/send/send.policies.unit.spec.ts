import { ConsentView, mayMessagePolicy, RegistrationView } from './index';

const active: RegistrationView = { registrationId: 'r1', status: 'active', organisationKind: 'private-free' };
const consent: ConsentView = {
  registered: true,
  stopped: false,
  eligible: true,
  scope: ['private-agencies'],
  blockedRegistrationIds: [],
  newUniversityGraduate: false,
};
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { code: (e as { code: string }).code, rule: (e as { rule: string }).rule };
  }
  return undefined;
};

describe('who may be messaged (R-MSG-5: each refusal its own code and reason)', () => {
  it('R-MSG-5: an active registration may message an eligible seeker in scope', () => {
    expect(mayMessagePolicy(active, consent, 'r1')).toBe(active);
  });
  it('R-MSG-5 / R-ORG-1: registration not active', () => {
    expect(code(() => mayMessagePolicy({ ...active, status: 'suspended' }, consent, 'r1'))).toEqual({
      code: 'REGISTRATION_NOT_ACTIVE',
      rule: 'R-MSG-5',
    });
    expect(code(() => mayMessagePolicy(undefined, consent, 'r1'))).toMatchObject({ code: 'REGISTRATION_NOT_ACTIVE' });
  });
  it('R-MSG-5 / R-SKR-1: seeker not eligible', () => {
    expect(code(() => mayMessagePolicy(active, { ...consent, eligible: false }, 'r1'))).toMatchObject({ code: 'SEEKER_NOT_ELIGIBLE' });
  });
  it('R-MSG-5 / R-SKR-4: seeker stopped use', () => {
    expect(code(() => mayMessagePolicy(active, { ...consent, stopped: true }, 'r1'))).toEqual({
      code: 'SEEKER_STOPPED_USE',
      rule: 'R-SKR-4',
    });
  });
  it("R-MSG-5 / R-SKR-2: outside the scope for the organisation's kind", () => {
    expect(code(() => mayMessagePolicy({ ...active, organisationKind: 'local-government' }, consent, 'r1'))).toMatchObject({
      code: 'SEEKER_OUTSIDE_SCOPE',
    });
  });
  it('R-MSG-5 / R-SKR-6: blocked', () => {
    expect(code(() => mayMessagePolicy(active, { ...consent, blockedRegistrationIds: ['r1'] }, 'r1'))).toEqual({
      code: 'SEEKER_BLOCKED_ORGANISATION',
      rule: 'R-SKR-6',
    });
    expect(mayMessagePolicy(active, { ...consent, blockedRegistrationIds: ['r2'] }, 'r1')).toBe(active);
  });
});
