import { registrationMaySearchPolicy } from './search.policies';

describe('search policies', () => {
  it('R-ORG-1: only an active registration searches', () => {
    expect(registrationMaySearchPolicy('active')).toBe(true);
    expect(registrationMaySearchPolicy('suspended')).toBe(false);
    expect(registrationMaySearchPolicy('terminated')).toBe(false);
    expect(registrationMaySearchPolicy('expired')).toBe(false);
  });
});
