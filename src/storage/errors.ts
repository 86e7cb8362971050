/**
 * Errors that storage adapters raise through the port. The registry checks a submission before
 * committing it; these errors surface only when a concurrent submission won a race between that
 * check and the commit, or when a caller hands the store a delta that breaks its invariants.
 */

/** What kind of invariant a rejected delta broke. */
export type StoreConflictKind =
  /** An object of the delta has an entryUUID that is already stored. */
  | 'entryUuidExists'
  /** A SubmissionSet or Folder of the delta has a uniqueId that is already stored. */
  | 'uniqueIdExists'
  /** Two objects of the delta share an entryUUID or uniqueId. */
  | 'duplicateInDelta'
  /** A status change or folder update names an object that is not stored. */
  | 'unknownObject';

/**
 * A delta the store refused as a whole: nothing of it was applied. The registry maps it to
 * XDSDuplicateUniqueIdInRegistry / XDSRegistryMetadataError (see errors/messages.ts).
 */
export class StoreConflictError extends Error {
  /** Which invariant was broken. */
  readonly kind: StoreConflictKind;
  /** The entryUUIDs or uniqueIds at fault. */
  readonly ids: readonly string[];

  /**
   * @param kind - the invariant the delta broke
   * @param ids - the identifiers at fault
   */
  constructor(kind: StoreConflictKind, ids: readonly string[]) {
    super(`Submission rejected by the store (${kind}): ${ids.join(', ')}`);
    this.name = 'StoreConflictError';
    this.kind = kind;
    this.ids = ids;
  }
}

/**
 * The store cannot serve requests (a write or fsync failed, the store is closed, the database
 * is away). The registry answers it with XDSRegistryNotAvailable, the repository with
 * XDSRepositoryError; see services/store-errors.ts.
 */
export class StoreUnavailableError extends Error {
  /**
   * @param message - what went wrong
   * @param cause - the underlying error, if any
   */
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * An object is being changed by another submission and did not become free in time; the
 * caller may try again (XDSRegistryBusy).
 */
export class StoreBusyError extends Error {
  /** The object being changed. */
  readonly id: string;
  /** @param id - the object being changed */
  constructor(id: string) {
    super(`Object ${id} is being changed by another submission`);
    this.name = 'StoreBusyError';
    this.id = id;
  }
}
