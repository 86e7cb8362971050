import { MongoBulkWriteError, MongoServerError, type ClientSession, type Collection, type OptionalUnlessRequiredId } from 'mongodb';
import { conflictOf, type Claim, type Plan } from './plan.js';

/**
 * Inserting a plan's claims: the atomic uniqueness check of both commit protocols.
 */

const DUPLICATE_KEY = 11000;

/** `_id`s of the claims an insertMany could not insert because they existed. */
function duplicateIds(e: unknown, claims: readonly Claim[]): string[] | undefined {
  if (e instanceof MongoBulkWriteError) {
    const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
    if (errors.length > 0 && errors.every((w) => w.code === DUPLICATE_KEY)) return errors.map((w) => claims[w.index]!._id);
  }
  if (e instanceof MongoServerError && e.code === DUPLICATE_KEY && claims.length === 1) return [claims[0]!._id];
  return undefined;
}

/**
 * Whether a stored folder claim lets this claim through: a new version of a Folder (ITI-57)
 * may reuse the uniqueId of a stored Folder with the same logicalId.
 */
function reusable(stored: Claim | undefined, mine: Claim): boolean {
  return stored !== undefined && mine.logicalId !== undefined && stored.logicalId === mine.logicalId;
}

/**
 * Inserts the plan's claims. Folder claims that a stored claim with the same logicalId already
 * covers are skipped (read first, since inside a transaction a failed insert aborts it).
 * @param claims - the claims collection
 * @param plan - the submission's plan
 * @param session - a transaction's session, if any
 * @throws StoreConflictError when an entryUUID or uniqueId is taken
 */
export async function insertClaims(claims: Collection<Claim>, plan: Plan, session?: ClientSession): Promise<void> {
  const opt = session ? { session } : {};
  const folderIds = plan.claims.filter((c) => c.logicalId !== undefined).map((c) => c._id);
  const stored = folderIds.length === 0 ? [] : await claims.find({ _id: { $in: folderIds } }, opt).toArray();
  const byId = new Map(stored.map((c) => [c._id, c]));
  const toInsert = plan.claims.filter((c) => !reusable(byId.get(c._id), c));
  if (toInsert.length === 0) return;
  try {
    await claims.insertMany([...toInsert], { ordered: false, ...opt });
  } catch (e) {
    const dup = duplicateIds(e, toInsert);
    if (!dup) throw e;
    // Inside a transaction the failed insert has aborted it: no second look (the folder claims
    // were read above; a same-logicalId version racing this one is then refused, a rare case).
    if (session) throw conflictOf(dup);
    const again = new Map((await claims.find({ _id: { $in: dup } }, opt).toArray()).map((c) => [c._id, c]));
    const mine = new Map(toInsert.map((c) => [c._id, c]));
    const real = dup.filter((id) => !reusable(again.get(id), mine.get(id)!));
    if (real.length > 0) throw conflictOf(real);
    // Only reusable folder claims collided (a concurrent version of the same Folder): fine.
  }
}

/**
 * Inserts objects, turning duplicate `_id`s (an entryUUID stored without a claim, which only a
 * database written by other means can hold) into the port's conflict.
 * @param coll - the collection
 * @param docs - the stored shapes
 * @param session - a transaction's session, if any
 */
export async function insertObjects<D extends { _id: string }>(coll: Collection<D>, docs: readonly D[], session?: ClientSession): Promise<void> {
  if (docs.length === 0) return;
  try {
    await coll.insertMany(docs as OptionalUnlessRequiredId<D>[], { ordered: false, ...(session ? { session } : {}) });
  } catch (e) {
    const dup = duplicateIds(e, docs.map((d) => ({ _id: `uuid:${d._id}`, sub: '' })));
    if (dup) throw conflictOf(dup);
    throw e;
  }
}
