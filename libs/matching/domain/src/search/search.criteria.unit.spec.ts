import { monthlyWage, normaliseMunicipality, occupationPrefixRange, selfPrTerms } from './search.criteria';

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
