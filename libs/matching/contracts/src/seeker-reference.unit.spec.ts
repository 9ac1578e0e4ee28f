import { newId } from '@hw/platform/core';
import { resolveSeekerReference, seekerReference } from './index';

const secret = 'a-secret-of-at-least-thirty-two-characters!';

describe('pseudonymous seeker references (R-SKR-5)', () => {
  it('R-SKR-5: a reference resolves back to its seeker for the same registration only', () => {
    const seekerId = newId();
    const ref = seekerReference(secret, 'reg-a', seekerId);
    expect(ref).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(resolveSeekerReference(secret, 'reg-a', ref)).toBe(seekerId);
    expect(resolveSeekerReference(secret, 'reg-b', ref)).not.toBe(seekerId);
  });

  it('R-SKR-5: two registrations see unrelated references for one seeker', () => {
    const seekerId = newId();
    expect(seekerReference(secret, 'reg-a', seekerId)).not.toBe(seekerReference(secret, 'reg-b', seekerId));
    expect(seekerReference(secret, 'reg-a', seekerId)).toBe(seekerReference(secret, 'reg-a', seekerId));
  });

  it('malformed references resolve to nothing', () => {
    expect(resolveSeekerReference(secret, 'reg-a', 'short')).toBeUndefined();
  });
});
