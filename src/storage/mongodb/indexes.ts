import type { Db } from 'mongodb';
import { COLLECTION } from './documents.js';

/**
 * The indexes the adapter's queries need, created at start (createIndexes is idempotent).
 * Creating them also creates every collection, which transactions on MongoDB before 4.4
 * cannot do by themselves.
 *
 * Stored queries always name the patient and the status (ITI TF-2 3.18.4.1.2.3.7), so each
 * kind has one compound index that starts with both, following MongoDB's equality → range
 * rule: FindDocuments adds the class code (an `$in`, equality-like) and the creation time
 * (a range); the other parameters filter the few entries a patient has. Lookups by uniqueId
 * (GetDocuments, GetSubmissionSets), by logicalId (ITI-57 versions) and by association end (GetAssociations,
 * HasMember membership of SubmissionSets and Folders, RPLC chains) have their own indexes;
 * `_id` is the entryUUID.
 */

interface IndexPlan { readonly collection: string; readonly name: string; readonly key: Record<string, 1 | -1>; readonly unique?: boolean }

const PLAN: readonly IndexPlan[] = [
  { collection: COLLECTION.DocumentEntry, name: 'patient_status_class_creation', key: { patientKey: 1, status: 1, classCode: 1, creationTime: 1 } },
  { collection: COLLECTION.DocumentEntry, name: 'uniqueId', key: { uniqueId: 1 } },
  { collection: COLLECTION.DocumentEntry, name: 'logicalKey', key: { logicalKey: 1 } },
  { collection: COLLECTION.DocumentEntry, name: 'referenceIds', key: { referenceIds: 1 } },
  { collection: COLLECTION.SubmissionSet, name: 'patient_status_submission', key: { patientKey: 1, status: 1, submissionTime: 1 } },
  { collection: COLLECTION.SubmissionSet, name: 'uniqueId', key: { uniqueId: 1 } },
  { collection: COLLECTION.Folder, name: 'patient_status_lastUpdate', key: { patientKey: 1, status: 1, lastUpdateTime: 1 } },
  { collection: COLLECTION.Folder, name: 'uniqueId', key: { uniqueId: 1 } },
  { collection: COLLECTION.Folder, name: 'logicalKey', key: { logicalKey: 1 } },
  { collection: COLLECTION.Association, name: 'source_type', key: { source: 1, type: 1 } },
  { collection: COLLECTION.Association, name: 'target_type', key: { target: 1, type: 1 } },
  // Objects with a pending change (commit-log.ts `next`): readers look for them beside each filter.
  ...Object.values(COLLECTION).map((collection) => ({ collection, name: 'pendingChange', key: { 'next.sub': 1 } as Record<string, 1> })),
  { collection: 'commits', name: 'state', key: { state: 1 } },
  // GridFS's own indexes (the driver would create them on first upload; here they exist up front).
  { collection: 'documents.files', name: 'filename_1_uploadDate_1', key: { filename: 1, uploadDate: 1 } },
  { collection: 'documents.chunks', name: 'files_id_1_n_1', key: { files_id: 1, n: 1 }, unique: true },
  { collection: 'documents.uploads', name: 'at', key: { at: 1 } },
];

/** Collections the adapter uses that need no index beyond `_id`. */
const PLAIN_COLLECTIONS = ['claims'] as const;

/**
 * Creates every collection and index the adapter uses, when missing.
 * @param db - the gateway's database
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of PLAIN_COLLECTIONS) if (!existing.has(name)) await db.createCollection(name).catch(ignoreExists);
  const byCollection = new Map<string, IndexPlan[]>();
  for (const p of PLAN) byCollection.set(p.collection, [...(byCollection.get(p.collection) ?? []), p]);
  for (const [collection, plans] of byCollection) {
    // Only the missing ones: FerretDB 1.24 drops the connection when several indexes of one
    // createIndexes call all exist already.
    const coll = db.collection(collection);
    const have = existing.has(collection) ? new Set((await coll.listIndexes().toArray()).map((i) => String(i.name))) : new Set();
    const missing = plans.filter((p) => !have.has(p.name));
    if (missing.length > 0) await coll.createIndexes(missing.map((p) => ({ key: p.key, name: p.name, ...(p.unique ? { unique: true } : {}) })));
  }
}

/** A concurrent start may create the same collection: NamespaceExists (48) is fine. */
function ignoreExists(e: unknown): void {
  if ((e as { code?: unknown }).code !== 48) throw e;
}
