/**
 * A per-process cache that never holds more than `limit` entries: adding a new key to a full
 * map empties it first. For caches whose every entry can be rebuilt on demand (folds brought up
 * to date from the log, derived keys, verified tokens), where an occasional cold start is
 * cheaper than tracking recency on every hit.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
