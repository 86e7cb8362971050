/**
 * Promise-based serialisation for the single Node process: the registry's "validate a
 * delta, then commit" must not interleave with another submission's, or two submissions
 * racing on one uniqueId could both pass validation (ITI TF-2 3.42.4.1.3).
 */

/**
 * Mutual exclusion per key: a task holding keys runs only when no earlier task holding
 * any of the same keys is still running. Keys are claimed all at once, synchronously, so
 * two tasks can never wait on each other.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * @param keys - what the task needs exclusively (e.g. document uniqueIds)
   * @param task - the work
   * @returns the task's result
   */
  async with<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const before = unique.map((k) => this.tails.get(k) ?? Promise.resolve());
    let release!: () => void;
    const done = new Promise<void>((r) => { release = r; });
    for (const k of unique) this.tails.set(k, done);
    try {
      await Promise.all(before);
      return await task();
    } finally {
      release();
      for (const k of unique) if (this.tails.get(k) === done) this.tails.delete(k);
    }
  }
}
