/**
 * A map from a key to one or more strings that stores a lone value without an array, because
 * most keys of the registry's indexes (uniqueId → entry, target → association) have exactly one.
 */
export class MultiMap {
  private readonly m = new Map<string, string | string[]>();

  /** Adds a value under a key. */
  add(key: string, value: string): void {
    const cur = this.m.get(key);
    if (cur === undefined) this.m.set(key, value);
    else if (typeof cur === 'string') this.m.set(key, [cur, value]);
    else cur.push(value);
  }

  /** The values under a key, in insertion order. */
  get(key: string): readonly string[] {
    const cur = this.m.get(key);
    return cur === undefined ? [] : typeof cur === 'string' ? [cur] : cur;
  }

  has(key: string): boolean { return this.m.has(key); }

  /** Removes one value from a key. */
  remove(key: string, value: string): void {
    const cur = this.m.get(key);
    if (cur === value) this.m.delete(key);
    else if (Array.isArray(cur)) {
      const rest = cur.filter((v) => v !== value);
      if (rest.length === 0) this.m.delete(key); else this.m.set(key, rest.length === 1 ? rest[0]! : rest);
    }
  }

  get size(): number { return this.m.size; }
}

/**
 * A map from a key to one or more objects, stored like MultiMap (a lone object without an
 * array). The patient indexes hold the objects themselves rather than their entryUUIDs, so a
 * query by patient reads them without a lookup in a registry-wide map per candidate.
 */
export class ListMap<T extends object> {
  private readonly m = new Map<string, T | T[]>();

  /** Adds an object under a key. */
  add(key: string, value: T): void {
    const cur = this.m.get(key);
    if (cur === undefined) this.m.set(key, value);
    else if (Array.isArray(cur)) cur.push(value);
    else this.m.set(key, [cur, value]);
  }

  /** The objects under a key, in insertion order. */
  get(key: string): readonly T[] {
    const cur = this.m.get(key);
    return cur === undefined ? [] : Array.isArray(cur) ? cur : [cur];
  }

  /** Puts `next` where `prev` was under a key (a new version of a stored object). */
  replace(key: string, prev: T, next: T): void {
    const cur = this.m.get(key);
    if (cur === prev) this.m.set(key, next);
    else if (Array.isArray(cur)) { const i = cur.indexOf(prev); if (i >= 0) cur[i] = next; }
  }
}
