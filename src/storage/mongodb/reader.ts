import type { ClientSession, Collection, Db, Filter } from 'mongodb';
import type { Association } from '../../domain/association.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import type { ObjectKind, RegistryObjects } from '../../domain/submission.js';
import type { AssociationLookup } from '../ports.js';
import {
  COLLECTION, objectFromStored, REGISTRY_COLLECTIONS, type RegistryCollection, type StoredAssociation, type StoredObject,
} from './documents.js';
import { associationFilterDoc } from './filters.js';
import type { Located } from './plan.js';
import { resolveVisible, type RecordStates, type VisibleObject } from './visibility.js';

/**
 * Reads registry objects: runs a filter, drops what uncommitted submissions wrote, shows the
 * changes of committed ones (visibility.ts) and turns stored shapes back into domain objects.
 * A change that committed but is not yet written into its object (the moments between the
 * commit point and the roll-forward, or after a crash until recovery) must count for filters
 * too: a query for Deprecated entries must find the entry a committed RPLC deprecates. So
 * beside each filter the reader asks for objects with a pending change (`next.sub`, indexed)
 * whenever this process has a submission in that state; when one of them committed, it rolls
 * that submission forward and runs the filter again, which then judges the object as it now
 * is. (Another process's leftovers, after its crash, are rolled forward by the periodic
 * recovery; transactions leave no markers at all.)
 */

/** How often a query is re-run after rolling forward what it found unfinished. */
const MAX_ROLL_FORWARD_RERUNS = 2;

export class RegistryReader {
  /**
   * @param db - the gateway's database
   * @param states - commit states
   * @param rollForward - rolls a committed submission forward
   * @param mayHaveCommittedChanges - whether to look for committed changes beside each filter
   *   (false when no submission of this process is between commit point and roll-forward)
   */
  constructor(private readonly db: Db, private readonly states: RecordStates,
    private readonly rollForward: (sub: string) => Promise<void>, private readonly mayHaveCommittedChanges: () => boolean) {}

  /**
   * Runs a filter over one kind and returns what a reader may see, at most `limit`.
   * @param c - the collection
   * @param filter - a filter document (filters.ts)
   * @param limit - most results wanted; undefined for all
   * @param keep - a test the filter document cannot express exactly (filters.ts authorPostFilter)
   * @returns the visible objects as domain objects
   */
  async find<D extends StoredObject, T>(c: RegistryCollection, filter: Filter<D>, limit?: number, keep?: (d: D) => boolean): Promise<T[]> {
    if (limit !== undefined && limit <= 0) return [];
    const cap = limit === undefined || !Number.isFinite(limit) ? undefined : limit;
    const coll = this.db.collection<D>(c);
    for (let run = 0; ; run++) {
      const [committed, found] = await Promise.all([this.committedChanges(coll), this.findVisible(coll, filter, cap, keep)]);
      for (const v of found) if (v.change && v.doc.next) committed.add(v.doc.next.sub);
      if (committed.size === 0 || run >= MAX_ROLL_FORWARD_RERUNS) return found.map((v) => objectFromStored(v.doc, v.change) as T);
      for (const sub of committed) await this.rollForward(sub);
    }
  }

  /** Submissions that committed a change to an object of this collection not yet written into it. */
  private async committedChanges<D extends StoredObject>(coll: Collection<D>): Promise<Set<string>> {
    if (!this.mayHaveCommittedChanges()) return new Set();
    const marked = await coll.find({ 'next.sub': { $type: 'string' } } as Filter<D>, { projection: { next: 1 } }).limit(1000).toArray();
    if (marked.length === 0) return new Set();
    const subs = new Set(marked.flatMap((d) => (d.next ? [d.next.sub] : [])));
    const states = await this.states.of(subs);
    return new Set([...subs].filter((s) => states.get(s) === 'committed' || states.get(s) === 'done'));
  }

  /** Fetches until `cap` visible objects are found or the filter has no more. */
  private async findVisible<D extends StoredObject>(coll: Collection<D>, filter: Filter<D>, cap: number | undefined,
    keep: ((d: D) => boolean) | undefined): Promise<VisibleObject<D>[]> {
    for (let want = cap; ;) {
      const cursor = coll.find(filter);
      if (want !== undefined) cursor.limit(want);
      const docs = (await cursor.toArray()) as D[];
      const { objects } = await resolveVisible(keep ? docs.filter(keep) : docs, this.states);
      if (want === undefined || cap === undefined || objects.length >= cap || docs.length < want) return objects.slice(0, cap);
      want += docs.length - objects.length;
    }
  }

  /**
   * The stored objects with these entryUUIDs that a reader may see, whichever their kind.
   * @param uuids - entryUUIDs
   * @param session - a transaction's session, if any
   * @returns the visible objects by collection
   */
  async byUuids(uuids: readonly string[], session?: ClientSession): Promise<Map<RegistryCollection, VisibleObject<StoredObject>[]>> {
    const out = new Map<RegistryCollection, VisibleObject<StoredObject>[]>();
    if (uuids.length === 0) return out;
    const ids = [...new Set(uuids)];
    const opt = session ? { session } : {};
    const found = await Promise.all(REGISTRY_COLLECTIONS.map((c) =>
      this.db.collection<StoredObject>(c).find({ _id: { $in: ids } }, opt).toArray()));
    for (const [i, docs] of found.entries()) {
      if (docs.length > 0) out.set(REGISTRY_COLLECTIONS[i]!, (await resolveVisible(docs, this.states, session)).objects);
    }
    return out;
  }

  /**
   * Where the stored objects with these entryUUIDs are, for status changes and folder updates.
   * @param uuids - entryUUIDs
   * @param session - a transaction's session, if any
   * @returns entryUUID → location, for the visible ones
   */
  async locate(uuids: readonly string[], session?: ClientSession): Promise<Map<string, Located>> {
    const out = new Map<string, Located>();
    for (const [c, objs] of await this.byUuids(uuids, session)) for (const o of objs) out.set(o.doc._id, { c, id: o.doc._id });
    return out;
  }

  /**
   * Objects by entryUUID, grouped by kind.
   * @param uuids - entryUUIDs; unknown ones are skipped
   * @returns the objects
   */
  async getByUuids(uuids: readonly string[]): Promise<RegistryObjects> {
    return grouped(await this.byUuids(uuids));
  }

  /**
   * Objects of one kind by uniqueId; every version when several share it.
   * @param kind - the kind
   * @param uniqueIds - uniqueIds
   * @returns the objects
   */
  async getByUniqueIds(kind: Exclude<ObjectKind, 'Association'>, uniqueIds: readonly string[]): Promise<RegistryObjects> {
    if (uniqueIds.length === 0) return grouped(new Map());
    const c = COLLECTION[kind];
    const docs = await this.db.collection<StoredObject>(c).find({ uniqueId: { $in: [...new Set(uniqueIds)] } }).toArray();
    return grouped(new Map([[c, (await resolveVisible(docs, this.states)).objects]]));
  }

  /**
   * Associations by source and/or target, optionally of some types.
   * @param lookup - the port lookup
   * @returns the associations
   */
  async getAssociations(lookup: AssociationLookup): Promise<Association[]> {
    if (lookup.uuids.length === 0) return [];
    return this.find<StoredAssociation, Association>(COLLECTION.Association, associationFilterDoc(lookup));
  }
}

function grouped(by: ReadonlyMap<RegistryCollection, readonly VisibleObject<StoredObject>[]>): RegistryObjects {
  const of = <T>(c: RegistryCollection): T[] => (by.get(c) ?? []).map((v) => objectFromStored(v.doc, v.change) as T);
  return {
    submissionSets: of<SubmissionSet>(COLLECTION.SubmissionSet),
    documentEntries: of<DocumentEntry>(COLLECTION.DocumentEntry),
    folders: of<Folder>(COLLECTION.Folder),
    associations: of<Association>(COLLECTION.Association),
  };
}
