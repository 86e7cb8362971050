/**
 * Promise-based serialisation for the single Node process: the registry's "validate a
 * delta, then commit" must not interleave with another submission's, or two submissions
 * racing on one uniqueId could both pass validation (ITI TF-2 3.42.4.1.3).
 */

/** Runs tasks one at a time, in the order they were queued. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Queues a task behind every task queued before it.
   * @param task - the work; its failure does not stop later tasks
   * @returns the task's result
   */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

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
