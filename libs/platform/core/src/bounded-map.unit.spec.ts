import { BoundedMap } from './bounded-map';

describe('BoundedMap: a rebuildable per-process cache with a hard size bound', () => {
  it('given a full map, when a new key is added, then it is emptied first and holds only the new entry', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    map.set('c', 3);
    expect([...map]).toEqual([['c', 3]]);
  });

  it('given a full map, when a key it holds is updated, then nothing is dropped', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 10);
    expect([...map]).toEqual([
      ['a', 10],
      ['b', 2],
    ]);
  });

  it('never exceeds its limit', () => {
    const map = new BoundedMap<number, number>(3);
    for (let i = 0; i < 10; i++) {
      map.set(i, i);
      expect(map.size).toBeLessThanOrEqual(3);
    }
  });
});
