import type { Collection, Db } from 'mongodb';
import { StoreBusyError } from '../errors.js';
import type { Logger } from '../../logging/logger.js';
import { insertClaims, insertObjects } from './claims.js';
import { changeToSet, type PendingChange, type StoredObject } from './documents.js';
import type { Claim, Plan } from './plan.js';
import type { CommitRecord, RecordStates } from './visibility.js';

/**
 * All-or-nothing submissions WITHOUT multi-document transactions (a standalone server, or
 * FerretDB): a commit record plus roll-forward / roll-back.
 *
 * 1. Insert the record `{ _id: sub, state: 'pending', inserted, claims, changes }` (the plan's
 *    identifiers). From here on, recovery knows everything the submission may have written.
 * 2. Insert the claims (claims.ts): a taken entryUUID or uniqueId fails here, atomically.
 * 3. Insert the new objects, each carrying `sub`, and put `next: { sub, status?, lastUpdateTime? }`
 *    on every stored object the submission changes (only when it has no `next` already: one
 *    change at a time per object; a concurrent one waits briefly, then XDSRegistryBusy).
 * 4. COMMIT POINT: one single-document write flips the record from pending to committed,
 *    with write concern majority + journal. Before it, readers see nothing of the submission
 *    (visibility.ts hides objects whose `sub` is not committed and ignores uncommitted `next`);
 *    from it on, they see all of it (they apply a committed `next` themselves).
 * 5. Roll forward: apply each `next` and remove it, remove `sub` from the new objects, then mark
 *    the record done. Every step is conditional on the marker, so repeating it is harmless.
 *
 * Under SIGKILL at any point, of the gateway or of the database, recovery (at open, and
 * periodically) finishes the work: a committed record is rolled forward; a pending one older
 * than the lease is first flipped to aborted (a conditional write, so it cannot race the commit
 * point) and its objects, markers and claims are removed. The lease protects a submission that
 * another process is still writing; until it expires, the leftovers are invisible anyway, but
 * their claims keep the same identifiers from being submitted again. Done and aborted records
 * stay for a grace period, so a reader that saw a marker just before it was removed still
 * finds the outcome, then are deleted.
 */

const BUSY_WAIT_MS = 3000;
/** How long finished records stay, for readers that saw a marker just before it went. */
const DONE_GRACE_MS = 10 * 60_000;
const ABORTED_GRACE_MS = 24 * 3600_000;

export class CommitLog {
  private readonly commits: Collection<CommitRecord>;
  private readonly claims: Collection<Claim>;
  /** Submissions this process gave up on (database errors); recovery finishes them. */
  private readonly unfinished = new Set<string>();
  /** Submissions of this process between their commit point and the end of their roll-forward. */
  private rollingForward = 0;

  constructor(private readonly db: Db, private readonly states: RecordStates, private readonly log: Logger) {
    this.commits = db.collection<CommitRecord>('commits');
    this.claims = db.collection<Claim>('claims');
  }

  /**
   * Applies a plan all-or-nothing (steps 1–5 above).
   * @param plan - what the submission writes
   * @throws StoreConflictError when an identifier is taken (nothing of it is then visible)
   */
  async commit(plan: Plan): Promise<void> {
    const { sub } = plan;
    await this.commits.insertOne(recordOf(plan));
    try {
      await insertClaims(this.claims, plan);
      for (const i of plan.inserts) await insertObjects(this.coll(i.c), i.docs.map((d) => ({ ...d, sub })));
      for (const c of plan.changes) await this.markChange(c.c, c.id, { sub, ...c.change });
    } catch (e) {
      await this.abandon(sub);
      throw e;
    }
    let flipped: boolean;
    try {
      flipped = (await this.commits.updateOne({ _id: sub, state: 'pending' }, { $set: { state: 'committed' } })).matchedCount === 1;
    } catch (e) {
      this.unfinished.add(sub); // the flip may or may not have happened: recovery reads the record
      throw e;
    }
    if (!flipped) {
      await this.abandon(sub);
      throw new Error(`submission ${sub} was rolled back by recovery before it committed`);
    }
    this.states.remember(sub, 'committed');
    this.rollingForward++;
    try {
      await this.rollForward(sub);
    } catch (e) {
      // Committed and durable: acknowledge. Readers apply the changes until recovery writes them.
      this.unfinished.add(sub);
      this.log.warn('mongodb: a committed submission is not yet rolled forward', { sub, error: String(e) });
    } finally {
      this.rollingForward--;
    }
  }

  /**
   * Step 3's `next`, waiting while another submission's change to the object is in flight. A
   * change left by a submission that has already committed or aborted is finished first.
   */
  private async markChange(c: string, id: string, next: PendingChange): Promise<void> {
    const coll = this.coll(c);
    const until = Date.now() + BUSY_WAIT_MS;
    for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
      const r = await coll.updateOne({ _id: id, next: { $exists: false } }, { $set: { next } });
      if (r.matchedCount === 1) return;
      if (Date.now() > until) throw new StoreBusyError(id);
      const other = (await coll.findOne({ _id: id }, { projection: { next: 1 } }))?.next?.sub;
      const state = other === undefined ? undefined : (await this.states.of([other])).get(other);
      if (other !== undefined && state === 'aborted') await coll.updateOne({ _id: id, 'next.sub': other }, { $unset: { next: '' } });
      else if (other !== undefined && state !== 'pending') await this.rollForward(other);
      else await new Promise((res) => setTimeout(res, wait));
    }
  }

  /** Rolls back after a failure before the commit point; recovery retries if that fails too. */
  private async abandon(sub: string): Promise<void> {
    try { await this.rollBack(sub); } catch { this.unfinished.add(sub); }
  }

  /**
   * Step 5: writes a committed submission's changes into its objects and removes its markers.
   * @param sub - a submission whose record is committed (or done)
   */
  async rollForward(sub: string): Promise<void> {
    const r = await this.commits.findOne({ _id: sub });
    if (!r || (r.state !== 'committed' && r.state !== 'done')) return;
    for (const c of r.changes) {
      await this.coll(c.c).updateOne({ _id: c.id, 'next.sub': sub }, { $set: changeToSet(c.change), $unset: { next: '' } });
    }
    // By `_id` alone (only this submission wrote these `_id`s): one indexed lookup each, and the
    // only filter FerretDB 1.24 evaluates without decoding every document of the collection.
    for (const i of r.inserted) {
      if (i.ids.length > 0) await this.coll(i.c).bulkWrite(i.ids.map((id) => ({ updateOne: { filter: { _id: id }, update: { $unset: { sub: '' } } } })), { ordered: false });
    }
    if (r.state === 'committed') await this.commits.updateOne({ _id: sub }, { $set: { state: 'done', endedAt: new Date() } });
    this.states.remember(sub, 'done');
    this.unfinished.delete(sub);
  }

  /**
   * Aborts a submission that has not committed and removes what it wrote; rolls it forward
   * instead if it has committed.
   * @param sub - the submission id
   */
  async rollBack(sub: string): Promise<void> {
    await this.commits.updateOne({ _id: sub, state: 'pending' }, { $set: { state: 'aborted', endedAt: new Date() } });
    const r = await this.commits.findOne({ _id: sub });
    if (!r) { this.unfinished.delete(sub); return; }
    if (r.state !== 'aborted') { await this.rollForward(sub); return; }
    this.states.remember(sub, 'aborted');
    for (const i of r.inserted) await this.coll(i.c).deleteMany({ _id: { $in: i.ids }, sub });
    for (const c of r.changes) await this.coll(c.c).updateOne({ _id: c.id, 'next.sub': sub }, { $unset: { next: '' } });
    if (r.claims.length > 0) await this.claims.deleteMany({ _id: { $in: r.claims }, sub });
    this.unfinished.delete(sub);
  }

  /**
   * Finishes what crashed or failed submissions left: rolls committed ones forward, rolls back
   * pending ones older than the lease (and those this process gave up on), deletes old records.
   * At open it also repeats the cleanup of aborted submissions, in case the process that
   * aborted one died before removing its claims.
   * @param leaseMs - age after which a pending record is taken as abandoned
   * @param atOpen - whether this is the recovery at open
   * @returns how many submissions were rolled forward and back
   */
  async recover(leaseMs: number, atOpen = false): Promise<{ forward: number; back: number }> {
    const now = Date.now();
    let forward = 0; let back = 0;
    for (const r of await this.commits.find({}, { projection: { state: 1, at: 1, endedAt: 1 } }).toArray()) {
      const ended = r.endedAt?.getTime() ?? now;
      const mine = this.unfinished.has(r._id);
      if (r.state === 'committed') { await this.rollForward(r._id); forward++; }
      else if (r.state === 'pending' && (mine || r.at.getTime() < now - leaseMs)) { await this.rollBack(r._id); back++; }
      else if (r.state === 'aborted' && ended < now - ABORTED_GRACE_MS) await this.commits.deleteOne({ _id: r._id, state: 'aborted' });
      else if (r.state === 'aborted' && (mine || atOpen)) await this.rollBack(r._id);
      else if (r.state === 'done' && ended < now - DONE_GRACE_MS) await this.commits.deleteOne({ _id: r._id, state: 'done' });
    }
    return { forward, back };
  }

  /**
   * Whether objects may carry committed changes not yet written into them: while this process
   * rolls a submission forward or has one left over. Other processes' leftovers (after their
   * crash) are rolled forward by the periodic recovery.
   */
  get mayHaveCommittedChanges(): boolean { return this.rollingForward > 0 || this.unfinished.size > 0; }

  private coll(name: string): Collection<StoredObject> {
    return this.db.collection<StoredObject>(name);
  }
}

function recordOf(plan: Plan): CommitRecord {
  return {
    _id: plan.sub, state: 'pending', at: new Date(),
    inserted: plan.inserts.map((i) => ({ c: i.c, ids: i.docs.map((d) => d._id) })),
    claims: plan.claims.map((c) => c._id),
    changes: plan.changes.map((c) => ({ c: c.c, id: c.id, change: c.change })),
  };
}
