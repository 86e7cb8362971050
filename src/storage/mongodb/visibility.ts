import type { ClientSession, Collection } from 'mongodb';
import type { ObjectChange, StoredObject } from './documents.js';

/**
 * Which stored objects a reader may see, given the commit protocol's markers (commit-log.ts).
 * An object with `sub` belongs to a submission that has not finished: it is visible only when
 * that submission's record says committed (or done). A `next` change is applied only when its
 * submission committed. Objects without markers, by far the most, cost nothing here.
 */

export type RecordState = 'pending' | 'committed' | 'done' | 'aborted';

/** The commit record of one submission (collection `commits`). */
export interface CommitRecord {
  _id: string;
  state: RecordState;
  /** When the record was written; recovery rolls back pending records older than a lease. */
  at: Date;
  /** When it became done or aborted; such records are deleted after a grace period. */
  endedAt?: Date;
  /** The plan's identifiers, enough to roll the submission forward or back. */
  inserted: { c: string; ids: string[] }[];
  claims: string[];
  changes: { c: string; id: string; change: ObjectChange }[];
}

const visible = (s: RecordState | undefined): boolean => s === 'committed' || s === 'done';

/**
 * Commit states by submission id. Committed, done and aborted are final as far as visibility
 * goes (committed only becomes done), so they are cached; pending is always read again.
 */
export class RecordStates {
  private readonly cache = new Map<string, RecordState>();

  constructor(private readonly commits: Collection<CommitRecord>, private readonly maxCached = 20_000) {}

  /**
   * The states of some submissions; a missing record reads as aborted (rolled back and removed).
   * @param subs - submission ids
   * @param session - a transaction's session, if any
   * @returns submission id → state
   */
  async of(subs: Iterable<string>, session?: ClientSession): Promise<Map<string, RecordState>> {
    const out = new Map<string, RecordState>();
    const ask: string[] = [];
    for (const s of new Set(subs)) {
      const c = this.cache.get(s);
      if (c !== undefined) out.set(s, c); else ask.push(s);
    }
    if (ask.length === 0) return out;
    const found = await this.commits.find({ _id: { $in: ask } }, { projection: { state: 1 }, ...(session ? { session } : {}) }).toArray();
    for (const r of found) { out.set(r._id, r.state); if (r.state !== 'pending') this.remember(r._id, r.state); }
    for (const s of ask) if (!out.has(s)) out.set(s, 'aborted');
    return out;
  }

  /** Records a state this process decided, so its own readers need not ask. */
  remember(sub: string, state: RecordState): void {
    if (state === 'pending') { this.cache.delete(sub); return; }
    if (this.cache.size >= this.maxCached) this.cache.clear();
    this.cache.set(sub, state);
  }
}

/** A stored object a reader may see, with the committed change it still has to show, if any. */
export interface VisibleObject<D extends StoredObject> {
  readonly doc: D;
  readonly change?: ObjectChange;
}

/** The result of resolving markers on some query results. */
export interface Resolved<D extends StoredObject> {
  readonly objects: VisibleObject<D>[];
  /** Submissions that committed but whose changes are not yet written into the objects. */
  readonly unfinished: ReadonlySet<string>;
}

/**
 * Drops objects of submissions that did not commit and applies committed pending changes.
 * @param docs - query results
 * @param states - the commit states
 * @param session - a transaction's session, if any
 * @returns what a reader may see
 */
export async function resolveVisible<D extends StoredObject>(docs: readonly D[], states: RecordStates, session?: ClientSession): Promise<Resolved<D>> {
  const subs = new Set<string>();
  for (const d of docs) { if (d.sub !== undefined) subs.add(d.sub); if (d.next !== undefined) subs.add(d.next.sub); }
  if (subs.size === 0) return { objects: docs.map((doc) => ({ doc })), unfinished: new Set() };
  const st = await states.of(subs, session);
  const objects: VisibleObject<D>[] = [];
  const unfinished = new Set<string>();
  for (const doc of docs) {
    if (doc.sub !== undefined && !visible(st.get(doc.sub))) continue;
    if (doc.next !== undefined && visible(st.get(doc.next.sub))) {
      unfinished.add(doc.next.sub);
      const { sub: _, ...change } = doc.next;
      objects.push({ doc, change });
    } else {
      objects.push({ doc });
    }
  }
  return { objects, unfinished };
}
