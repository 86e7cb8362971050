import type { ClientSession, Collection, Db, MongoClient } from 'mongodb';
import { insertClaims, insertObjects } from './claims.js';
import { changeToSet, type StoredObject } from './documents.js';
import type { Claim, Plan } from './plan.js';

/**
 * All-or-nothing submissions WITH multi-document transactions (a replica set or sharded
 * cluster): the plan's claims, objects and changes are written in one transaction committed
 * with write concern majority + journal, so nothing of it is visible or durable unless all is.
 * Two concurrent submissions that touch the same document (the same claim, or the same stored
 * object) conflict inside MongoDB; the driver retries the loser (TransientTransactionError),
 * which then sees the winner's writes: a taken identifier becomes a StoreConflictError.
 * No markers are written, so readers have nothing to resolve.
 *
 * The plan is built inside the transaction (`build` gets its session) so that the stored
 * objects it changes are read at the transaction's snapshot.
 */

/**
 * Runs a submission in one transaction.
 * @param client - the connected client
 * @param db - the gateway's database
 * @param build - builds the plan, reading with the given session
 */
export async function commitInTransaction(client: MongoClient, db: Db, build: (session: ClientSession) => Promise<Plan>): Promise<void> {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      const plan = await build(session);
      await insertClaims(db.collection<Claim>('claims'), plan, session);
      for (const i of plan.inserts) await insertObjects(db.collection<StoredObject>(i.c), i.docs, session);
      for (const c of plan.changes) await coll(db, c.c).updateOne({ _id: c.id }, { $set: changeToSet(c.change) }, { session });
    }, { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority', journal: true } });
  } finally {
    await session.endSession();
  }
}

function coll(db: Db, name: string): Collection<StoredObject> {
  return db.collection<StoredObject>(name);
}
