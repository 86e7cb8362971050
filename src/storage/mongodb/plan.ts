import type { Association } from '../../domain/association.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import { duplicateInDelta, newObjectUuids, uniqueIdsOf } from '../delta.js';
import { StoreConflictError } from '../errors.js';
import type { SubmissionDelta } from '../ports.js';
import {
  associationToStored, COLLECTION, documentEntryToStored, folderToStored, submissionSetToStored,
  type ObjectChange, type RegistryCollection, type StoredObject,
} from './documents.js';

/**
 * What one submission writes, worked out before anything is written: the new objects in their
 * stored shapes, the claims that make identifiers unique, and the changes to stored objects.
 * Both commit protocols (commit-log.ts without transactions, commit-txn.ts with them) apply
 * the same plan.
 */

/**
 * A claim makes an identifier unique across the whole registry by being a document whose
 * `_id` is that identifier: inserting a second one fails atomically (duplicate key), with or
 * without transactions, and across collections (an entryUUID is unique over all four kinds).
 * Claims are permanent; only the rollback of the submission that made them removes them.
 */
export interface Claim {
  /** `uuid:<entryUUID>`, `ss:<uniqueId>` or `folder:<uniqueId>`. */
  readonly _id: string;
  /** The submission that made the claim. */
  readonly sub: string;
  /** Folder claims: the logicalId, since a new version of a Folder may reuse its uniqueId. */
  readonly logicalId?: string;
}

/** One change to an object already stored. */
export interface PlannedChange {
  readonly c: RegistryCollection;
  readonly id: string;
  readonly change: ObjectChange;
}

export interface Plan {
  readonly sub: string;
  readonly inserts: readonly { readonly c: RegistryCollection; readonly docs: readonly StoredObject[] }[];
  readonly claims: readonly Claim[];
  readonly changes: readonly PlannedChange[];
}

/** Where a stored object lives, for status changes and folder updates. */
export interface Located { readonly c: RegistryCollection; readonly id: string }

const uuidClaim = (uuid: string): string => `uuid:${uuid}`;
const ssClaim = (uniqueId: string): string => `ss:${uniqueId}`;
const folderClaim = (uniqueId: string): string => `folder:${uniqueId}`;

/**
 * Rejects a delta that uses one entryUUID, or one SubmissionSet or Folder uniqueId, twice.
 * @param delta - the submission's delta
 * @throws StoreConflictError('duplicateInDelta')
 */
export function checkInDelta(delta: SubmissionDelta): void {
  const dup = duplicateInDelta(delta);
  if (dup) throw dup;
}

/** Status changes and folder updates merged per object, in delta order. */
function mergedChanges(delta: SubmissionDelta): Map<string, ObjectChange> {
  const out = new Map<string, ObjectChange>();
  for (const s of delta.statusChanges) out.set(s.entryUuid, { ...out.get(s.entryUuid), status: s.status });
  for (const f of delta.folderUpdates) out.set(f.entryUuid, { ...out.get(f.entryUuid), lastUpdateTime: f.lastUpdateTime });
  return out;
}

/** The uuids of a delta's changes that name objects outside the delta (stored ones). */
export function storedTargets(delta: SubmissionDelta): string[] {
  const inDelta = new Set(newObjectUuids(delta));
  return [...mergedChanges(delta).keys()].filter((u) => !inDelta.has(u));
}

function withChange<T extends { readonly entryUuid: string }>(o: T, changes: ReadonlyMap<string, ObjectChange>, folder: boolean): T {
  const c = changes.get(o.entryUuid);
  if (!c) return o;
  return {
    ...o,
    ...(c.status === undefined ? {} : { availabilityStatus: c.status }),
    ...(folder && c.lastUpdateTime !== undefined ? { lastUpdateTime: c.lastUpdateTime } : {}),
  };
}

/**
 * Builds the plan of a delta whose stored targets have been located.
 * @param delta - the submission's delta, already checked with checkInDelta
 * @param sub - the submission id
 * @param located - the stored objects that the delta's changes name (see storedTargets)
 * @returns the plan
 * @throws StoreConflictError('unknownObject') when a change names an object that is neither
 *   in the delta nor stored, or a folder update names something that is not a Folder
 */
export function buildPlan(delta: SubmissionDelta, sub: string, located: ReadonlyMap<string, Located>): Plan {
  const changes = mergedChanges(delta);
  const deltaFolders = new Set(delta.folders.map((f) => f.entryUuid));
  const unknown = storedTargets(delta).filter((u) => !located.has(u));
  unknown.push(...delta.folderUpdates.map((f) => f.entryUuid)
    .filter((u) => !deltaFolders.has(u) && located.get(u)?.c !== COLLECTION.Folder));
  if (unknown.length > 0) throw new StoreConflictError('unknownObject', [...new Set(unknown)]);
  const ss = delta.submissionSets.map((o) => submissionSetToStored(withChange<SubmissionSet>(o, changes, false)));
  const de = delta.documentEntries.map((o) => documentEntryToStored(withChange<DocumentEntry>(o, changes, false)));
  const fd = delta.folders.map((o) => folderToStored(withChange<Folder>(o, changes, true)));
  const as = delta.associations.map((o) => associationToStored(withChange<Association>(o, changes, false)));
  const claims: Claim[] = [
    ...newObjectUuids(delta).map((u) => ({ _id: uuidClaim(u), sub })),
    ...uniqueIdsOf(delta.submissionSets).map((u) => ({ _id: ssClaim(u), sub })),
    ...delta.folders.flatMap((f) => (f.uniqueId === undefined ? []
      : [{ _id: folderClaim(f.uniqueId), sub, ...(f.logicalId === undefined ? {} : { logicalId: f.logicalId }) }])),
  ];
  const planned = [...located.values()].map((l) => ({ c: l.c, id: l.id, change: changes.get(l.id)! }));
  return {
    sub,
    inserts: [
      { c: COLLECTION.SubmissionSet, docs: ss }, { c: COLLECTION.Folder, docs: fd },
      { c: COLLECTION.DocumentEntry, docs: de }, { c: COLLECTION.Association, docs: as },
    ].filter((i) => i.docs.length > 0),
    claims,
    changes: planned.filter((p) => p.change !== undefined),
  };
}

/**
 * Turns duplicate-key failures on claims into the conflict the port names, entryUUIDs first
 * (the order in which the embedded adapter checks).
 * @param dupIds - `_id`s of claims that already existed (folder claims a new version may reuse excluded)
 * @returns the conflict
 */
export function conflictOf(dupIds: readonly string[]): StoreConflictError {
  const uuids = dupIds.filter((i) => i.startsWith('uuid:')).map((i) => i.slice('uuid:'.length));
  if (uuids.length > 0) return new StoreConflictError('entryUuidExists', uuids);
  return new StoreConflictError('uniqueIdExists', dupIds.map((i) => i.slice(i.indexOf(':') + 1)));
}
