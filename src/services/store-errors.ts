/**
 * The one place where the storage port's errors become catalogue errors: a store that cannot
 * serve is XDSRegistryNotAvailable at the registry and XDSRepositoryError at the repository
 * (house style A8 "busy / out of resources"), a busy object XDSRegistryBusy. Adapters throw the
 * port's errors (storage/errors.ts) and never the catalogue's.
 */
import { issue, touchedBy, UnexpectedError, XdsError } from '../errors/issue.js';
import { StoreBusyError, StoreUnavailableError } from '../storage/errors.js';

/** The actor that meets the error. */
export type StoreUser = 'registry' | 'repository';

/**
 * @param e - anything a service call threw
 * @param actor - the actor whose answer it becomes
 * @returns the catalogue error for a storage error (with it as the cause, and what the request
 *   had touched), else `e` itself
 */
export function storeErrorAsXds(e: unknown, actor: StoreUser): unknown {
  const cause = e instanceof UnexpectedError ? e.reason : e;
  const as = (found: Parameters<typeof issue>): XdsError => Object.assign(new XdsError([issue(...found)], touchedBy(e)), { cause });
  if (cause instanceof StoreUnavailableError) return as([actor === 'registry' ? 'REGISTRY_UNAVAILABLE' : 'REPOSITORY_UNAVAILABLE']);
  if (cause instanceof StoreBusyError) return as(['REGISTRY_BUSY', [cause.id]]);
  return e;
}

/**
 * @param service - an actor's service (an object of async methods)
 * @param actor - which actor it is
 * @returns the same service, its methods answering storage errors as storeErrorAsXds does
 */
export function withStoreErrors<T extends object>(service: T, actor: StoreUser): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(service)) {
    wrapped[name] = typeof member !== 'function' ? member : async (...args: unknown[]) => {
      try {
        return await (member as (...a: unknown[]) => unknown).apply(service, args);
      } catch (e) {
        throw storeErrorAsXds(e, actor);
      }
    };
  }
  return wrapped as T;
}
