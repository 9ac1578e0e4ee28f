import { GrowOnlySet } from './grow-only-set';

describe('GrowOnlySet: an immutable set that grows in O(1) (decider states that remember ids, R-MSG-8)', () => {
  it('given a set, when it grows, then the new version has the element and the old one does not', () => {
    const a = GrowOnlySet.of(['m1', 'm2']);
    const b = a.with('m3');
    expect([a.has('m3'), b.has('m3'), b.has('m1')]).toEqual([false, true, true]);
    expect([a.size, b.size]).toEqual([2, 3]);
    expect([...b]).toEqual(['m1', 'm2', 'm3']);
  });

  it("given two versions grown from one ancestor, then neither sees the other's element (no change under a holder)", () => {
    const base = GrowOnlySet.of(['m1']);
    const left = base.with('left');
    const right = base.with('right'); // base is no longer the newest: copies
    expect([left.has('left'), left.has('right'), right.has('right'), right.has('left'), base.has('left'), base.has('right')]).toEqual([
      true,
      false,
      true,
      false,
      false,
      false,
    ]);
    expect([...left.with('more')]).toEqual(['m1', 'left', 'more']);
    expect([...right]).toEqual(['m1', 'right']);
  });

  it('adding an element already present returns the same version', () => {
    const a = GrowOnlySet.of(['m1']);
    expect(a.with('m1')).toBe(a);
  });
});
