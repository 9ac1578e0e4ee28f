/**
 * An immutable set that grows by one element in O(1): `with(x)` on the newest version appends
 * to storage shared with its ancestors, and each version sees only the elements added up to
 * it. Growing an older version (a sibling already grew the storage) copies its own elements
 * first, so no version ever changes under its holder. For deciders' states that remember every
 * id they have seen (R-MSG-8), where copying a Set per event made folding a stream quadratic.
 */
export class GrowOnlySet<T> {
  private constructor(
    private readonly shared: { order: Map<T, number>; length: number },
    readonly size: number,
  ) {}

  static empty<T>(): GrowOnlySet<T> {
    return new GrowOnlySet<T>({ order: new Map(), length: 0 }, 0);
  }

  static of<T>(values: Iterable<T>): GrowOnlySet<T> {
    let set = GrowOnlySet.empty<T>();
    for (const value of values) set = set.with(value);
    return set;
  }

  has(value: T): boolean {
    const index = this.shared.order.get(value);
    return index !== undefined && index < this.size;
  }

  with(value: T): GrowOnlySet<T> {
    if (this.has(value)) return this;
    if (this.size === this.shared.length) {
      this.shared.order.set(value, this.size);
      this.shared.length += 1;
      return new GrowOnlySet(this.shared, this.size + 1);
    }
    const order = new Map<T, number>();
    for (const [v, i] of this.shared.order) if (i < this.size) order.set(v, i);
    order.set(value, this.size);
    return new GrowOnlySet({ order, length: this.size + 1 }, this.size + 1);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const [value, index] of this.shared.order) if (index < this.size) yield value;
  }
}
