import { StoreConflictError } from './errors.js';
import type { SubmissionDelta } from './ports.js';

/**
 * Storage-neutral reading of a SubmissionDelta that every adapter needs the same way, so that
 * the embedded and the MongoDB adapter refuse the same deltas with the same conflict.
 */

/**
 * The entryUUIDs of a delta's new objects, in the order SubmissionSets, DocumentEntries,
 * Folders, Associations.
 * @param delta - the submission's delta
 * @returns the entryUUIDs, duplicates kept
 */
export function newObjectUuids(delta: SubmissionDelta): string[] {
  return [...delta.submissionSets, ...delta.documentEntries, ...delta.folders, ...delta.associations].map((o) => o.entryUuid);
}

/**
 * The uniqueIds that objects carry, in order, skipping objects without one.
 * @param objs - SubmissionSets or Folders
 * @returns the uniqueIds
 */
export function uniqueIdsOf(objs: readonly { readonly uniqueId?: string }[]): string[] {
  return objs.flatMap((o) => (o.uniqueId === undefined ? [] : [o.uniqueId]));
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>(); const dup = new Set<string>();
  for (const v of values) { if (seen.has(v)) dup.add(v); seen.add(v); }
  return [...dup];
}

/**
 * The conflict of a delta that uses one entryUUID, or one SubmissionSet or Folder uniqueId,
 * twice (DocumentEntry uniqueIds are not checked: versions legitimately share them).
 * @param delta - the submission's delta
 * @returns StoreConflictError('duplicateInDelta') naming the repeated ids, or undefined
 */
export function duplicateInDelta(delta: SubmissionDelta): StoreConflictError | undefined {
  const dup = [...duplicates(newObjectUuids(delta)), ...duplicates(uniqueIdsOf(delta.submissionSets)), ...duplicates(uniqueIdsOf(delta.folders))];
  return dup.length > 0 ? new StoreConflictError('duplicateInDelta', dup) : undefined;
}
