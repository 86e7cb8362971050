import { duplicateInDelta, newObjectUuids, uniqueIdsOf } from '../delta.js';
import { StoreConflictError } from '../errors.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionDelta } from '../ports.js';
import type { MultiMap } from './multi-map.js';

/** What the checks read of the stored registry (RegistryState provides it). */
export interface StoredIds {
  has(uuid: string): boolean;
  readonly folders: ReadonlyMap<string, Folder>;
  readonly ssByUniqueId: Pick<MultiMap, 'has'>;
  readonly folderByUniqueId: Pick<MultiMap, 'get'>;
}

/**
 * What the deltas accepted earlier in the same write batch add, so that a later delta of the
 * batch is checked as if they were already applied (they are applied only after the batch is
 * on disk).
 */
export class BatchScope {
  readonly uuids = new Set<string>();
  readonly folders = new Set<string>();
  readonly ssUniqueIds = new Set<string>();
  /** Folder uniqueId → logicalId (undefined when the folder has none). */
  readonly folderUniqueIds = new Map<string, string | undefined>();
}

/**
 * A Folder may reuse a stored Folder's uniqueId only as a new version of it (ITI-57 metadata
 * update): both carry the same logicalId.
 */
function folderUniqueIdTaken(state: StoredIds, scope: BatchScope, uniqueId: string, logicalId: string | undefined): boolean {
  const stored = state.folderByUniqueId.get(uniqueId).map((u) => state.folders.get(u)?.logicalId);
  const pending = scope.folderUniqueIds.has(uniqueId) ? [scope.folderUniqueIds.get(uniqueId)] : [];
  const others = [...stored, ...pending];
  return others.length > 0 && (logicalId === undefined || others.some((l) => l !== logicalId));
}

/**
 * The invariants the store can check cheaply, as the last defence against two concurrent
 * submissions that both passed the registry's own checks: new entryUUIDs and SubmissionSet /
 * Folder uniqueIds are not taken, and status changes and folder updates name known objects.
 * DocumentEntry uniqueIds are not checked here: versions (ITI-57) legitimately share them,
 * and the registry owns the rules about resubmitted documents.
 * @returns the first conflict found, or undefined (and the scope now includes the delta)
 */
export function checkDelta(state: StoredIds, delta: SubmissionDelta, scope: BatchScope): StoreConflictError | undefined {
  const dup = duplicateInDelta(delta);
  if (dup) return dup;
  const newUuids = newObjectUuids(delta);
  const ssUids = uniqueIdsOf(delta.submissionSets);
  const taken = newUuids.filter((u) => state.has(u) || scope.uuids.has(u));
  if (taken.length > 0) return new StoreConflictError('entryUuidExists', taken);
  const takenUids = [
    ...ssUids.filter((u) => state.ssByUniqueId.has(u) || scope.ssUniqueIds.has(u)),
    ...delta.folders.filter((f) => f.uniqueId !== undefined && folderUniqueIdTaken(state, scope, f.uniqueId, f.logicalId)).map((f) => f.uniqueId!),
  ];
  if (takenUids.length > 0) return new StoreConflictError('uniqueIdExists', takenUids);
  const inDelta = new Set(newUuids);
  const deltaFolders = new Set(delta.folders.map((f) => f.entryUuid));
  const unknown = [
    ...delta.statusChanges.map((c) => c.entryUuid).filter((u) => !inDelta.has(u) && !scope.uuids.has(u) && !state.has(u)),
    ...delta.folderUpdates.map((c) => c.entryUuid).filter((u) => !deltaFolders.has(u) && !scope.folders.has(u) && !state.folders.has(u)),
  ];
  if (unknown.length > 0) return new StoreConflictError('unknownObject', unknown);
  for (const u of newUuids) scope.uuids.add(u);
  for (const u of deltaFolders) scope.folders.add(u);
  for (const u of ssUids) scope.ssUniqueIds.add(u);
  for (const f of delta.folders) if (f.uniqueId !== undefined) scope.folderUniqueIds.set(f.uniqueId, f.logicalId);
  return undefined;
}
