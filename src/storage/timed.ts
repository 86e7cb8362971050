/**
 * A store whose every asynchronous call is timed, for the store latency metric. Wraps any port
 * (MetadataStore, DocumentStore, AuditStore) without knowing its methods; the calls run on the
 * adapter itself, so adapters keep their private state.
 */
export type StoreTimer = (operation: string, seconds: number, failed: boolean) => void;

/**
 * @param port - the store
 * @param record - told of each call that returns a promise, once it settles
 * @returns a view of the store with the same methods
 */
export function timedStore<T extends object>(port: T, record: StoreTimer): T {
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result: unknown = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (v: unknown) => { record(prop, (performance.now() - started) / 1000, false); return v; },
          (e: unknown) => { record(prop, (performance.now() - started) / 1000, true); throw e; },
        );
      };
    },
  });
}
