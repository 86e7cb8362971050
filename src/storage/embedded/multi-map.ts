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
