import { occupationPrefixRange, selfPrTerms, monthlyWage, normaliseMunicipality } from './criteria';
import { scopeForOrganisationKind, seekerVisibleTo, SeekerVisibility, Viewer, registrationMaySearchPolicy } from './visibility';

const seeker = (over: Partial<SeekerVisibility> = {}): SeekerVisibility => ({
  eligible: true,
  stopped: false,
  scope: ['private-agencies'],
  blockedRegistrationIds: [],
  ...over,
});
const agency: Viewer = { registrationId: 'reg-a', organisationKind: 'private-paid' };
const city: Viewer = { registrationId: 'reg-c', organisationKind: 'local-government' };

describe('search visibility policies', () => {
  it('R-SKR-1/R-SKR-3: an ineligible seeker is visible to no one', () => {
    expect(seekerVisibleTo(seeker(), agency)).toBe(true);
    expect(seekerVisibleTo(seeker({ eligible: false }), agency)).toBe(false);
  });
  it('R-SKR-4: a seeker who stopped use is not visible', () => {
    expect(seekerVisibleTo(seeker({ stopped: true }), agency)).toBe(false);
  });
  it('R-SKR-2: paid and free agencies map to private-agencies, local governments to local-governments', () => {
    expect(scopeForOrganisationKind('private-paid')).toBe('private-agencies');
    expect(scopeForOrganisationKind('private-free')).toBe('private-agencies');
    expect(scopeForOrganisationKind('local-government')).toBe('local-governments');
    expect(seekerVisibleTo(seeker(), city)).toBe(false);
  });
  it('R-SKR-6: a blocked registration does not see the seeker; others still do', () => {
    const blocked = seeker({ blockedRegistrationIds: ['reg-a'] });
    expect(seekerVisibleTo(blocked, agency)).toBe(false);
    expect(seekerVisibleTo(blocked, { registrationId: 'reg-b', organisationKind: 'private-free' })).toBe(true);
  });
  it('R-ORG-1: only an active registration searches', () => {
    expect(registrationMaySearchPolicy('active')).toBe(true);
    expect(registrationMaySearchPolicy('suspended')).toBe(false);
  });
});

describe('search criteria helpers', () => {
  it('an occupation group prefix becomes a half-open range', () => {
    expect(occupationPrefixRange('05')).toEqual({ from: '05', to: '06' });
    expect(occupationPrefixRange('059')).toEqual({ from: '059', to: '05:' });
  });
  it('splits self-PR words on ASCII and ideographic spaces, short words apart', () => {
    expect(selfPrTerms('介護福祉士　PC 英語')).toEqual({ indexed: ['介護福祉士'], short: ['PC', '英語'] });
  });
  it('normalises wages and municipality codes', () => {
    expect(monthlyWage({ amount: 1200, per: 'hour' })).toBe(207_600);
    expect(normaliseMunicipality('131016')).toBe('13101');
  });
});
