import { associationTypeName, type Association } from '../../domain/association.js';
import { cxKey, type AvailabilityStatus } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import type { ObjectKind, RegistryObjects } from '../../domain/submission.js';
import { StoreConflictError } from '../errors.js';
import type { AssociationLookup, SubmissionDelta } from '../ports.js';
import { Compactor } from './intern.js';
import { ColumnDictionary, EntryBucket } from './entry-columns.js';
import { ListMap, MultiMap } from './multi-map.js';
import { checkDelta, type BatchScope } from './delta-check.js';
import { RefEncoder, type EncodedPart, type SnapshotSource, type SnapshotTarget } from './snapshot-codec.js';

/**
 * The registry's content held in memory, with the indexes the port's lookups need:
 * entryUUID → object per kind; uniqueId and logicalId → entries per kind; patient key → entries per kind;
 * association source and target → associations. Stored objects are frozen and never changed in
 * place: a status change or folder update replaces the object, so a result handed to a caller
 * stays as it was and cannot be used to change the store.
 */
export class RegistryState implements SnapshotTarget {
  readonly des = new Map<string, DocumentEntry>();
  readonly sss = new Map<string, SubmissionSet>();
  readonly folders = new Map<string, Folder>();
  readonly assocs = new Map<string, Association>();
  /** Patient key → the patient's entries with their column ids (entry-columns.ts). */
  readonly dePatients = new Map<string, EntryBucket>();
  readonly entryColumns = new ColumnDictionary();
  readonly ssPatients = new ListMap<SubmissionSet>();
  readonly folderPatients = new ListMap<Folder>();
  readonly deByUniqueId = new MultiMap();
  readonly ssByUniqueId = new MultiMap();
  readonly folderByUniqueId = new MultiMap();
  readonly deByLogicalId = new MultiMap();
  readonly folderByLogicalId = new MultiMap();
  private readonly bySource = new MultiMap();
  private readonly byTarget = new MultiMap();
  /** The entryUUIDs of the delta being compacted (compactDelta): its associations may name them. */
  private pending: Map<string, string> | undefined;
  private readonly compact = new Compactor(
    (u) => this.pending?.get(u) ?? this.sss.get(u)?.entryUuid ?? this.folders.get(u)?.entryUuid ?? this.des.get(u)?.entryUuid ?? u,
    (u) => this.pending?.get(u) ?? this.des.get(u)?.entryUuid ?? this.folders.get(u)?.entryUuid ?? this.sss.get(u)?.entryUuid ?? u);

  /** Whether any object has this entryUUID. */
  has(uuid: string): boolean {
    return this.des.has(uuid) || this.sss.has(uuid) || this.folders.has(uuid) || this.assocs.has(uuid);
  }

  /**
   * Checks a delta against the stored content and the deltas accepted earlier in the same batch.
   * @returns the conflict, or undefined when the delta may be applied (the scope then includes it)
   */
  check(delta: SubmissionDelta, scope: BatchScope): StoreConflictError | undefined {
    return checkDelta(this, delta, scope);
  }

  /**
   * Compacts and freezes the objects of a delta in place (intern.ts). It must be a private copy
   * (parsed from JSON): its objects are kept. Changes nothing else, so the delta may still be
   * dropped (its log write failed).
   */
  compactDelta(delta: SubmissionDelta): SubmissionDelta {
    const c = this.compact;
    for (const ss of delta.submissionSets) c.submissionSet(ss);
    for (const f of delta.folders) c.folderOf(f);
    for (const de of delta.documentEntries) c.documentEntry(de);
    this.pending = new Map([...delta.submissionSets, ...delta.folders, ...delta.documentEntries].map((o) => [o.entryUuid, o.entryUuid]));
    try {
      for (const a of delta.associations) c.association(a);
    } finally {
      this.pending = undefined;
    }
    return delta;
  }

  /** Applies a compacted delta (compactDelta) that passed `check`. */
  applyCompacted(delta: SubmissionDelta): void {
    for (const ss of delta.submissionSets) this.insertSubmissionSet(ss);
    for (const f of delta.folders) this.insertFolder(f);
    for (const de of delta.documentEntries) this.insertDocumentEntry(de);
    for (const a of delta.associations) this.insertAssociation(a);
    this.applyChanges(delta.statusChanges, delta.folderUpdates);
  }

  /** Compacts and applies a private copy of a delta (a log record in full). */
  apply(delta: SubmissionDelta): void {
    this.applyCompacted(this.compactDelta(delta));
  }

  /** Objects by entryUUID, any kind; unknown ids are skipped. */
  getByUuids(uuids: readonly string[]): RegistryObjects {
    const out = { submissionSets: [] as SubmissionSet[], documentEntries: [] as DocumentEntry[], folders: [] as Folder[], associations: [] as Association[] };
    for (const u of new Set(uuids)) {
      const de = this.des.get(u); if (de) { out.documentEntries.push(de); continue; }
      const ss = this.sss.get(u); if (ss) { out.submissionSets.push(ss); continue; }
      const f = this.folders.get(u); if (f) { out.folders.push(f); continue; }
      const a = this.assocs.get(u); if (a) out.associations.push(a);
    }
    return out;
  }

  /** Objects of one kind by uniqueId; every version when several share it. */
  getByUniqueIds(kind: Exclude<ObjectKind, 'Association'>, uniqueIds: readonly string[]): RegistryObjects {
    const index = kind === 'DocumentEntry' ? this.deByUniqueId : kind === 'SubmissionSet' ? this.ssByUniqueId : this.folderByUniqueId;
    const found = [...new Set(uniqueIds)].flatMap((id) => index.get(id));
    return this.getByUuids(found);
  }

  /** Associations by source and/or target, optionally of some types only. */
  getAssociations(lookup: AssociationLookup): Association[] {
    const side = lookup.side ?? 'either';
    const types = lookup.types && lookup.types.length > 0 ? new Set<string>(lookup.types) : undefined;
    const ids = new Set<string>();
    for (const u of lookup.uuids) {
      if (side !== 'target') for (const a of this.bySource.get(u)) ids.add(a);
      if (side !== 'source') for (const a of this.byTarget.get(u)) ids.add(a);
    }
    const out: Association[] = [];
    for (const id of ids) {
      const a = this.assocs.get(id);
      if (a && (!types || types.has(associationTypeName(a)))) out.push(a);
    }
    return out;
  }

  /**
   * Every stored object, for a snapshot, with an encoder of their interned values. Objects are
   * immutable, so the capture stays valid while commits go on.
   */
  snapshot(): SnapshotSource {
    const objects: SubmissionDelta = {
      submissionSets: [...this.sss.values()], documentEntries: [...this.des.values()], folders: [...this.folders.values()],
      associations: [...this.assocs.values()], statusChanges: [], folderUpdates: [],
    };
    return { objects, encoder: this.encoder() };
  }

  /** A fresh encoder of interned values, for a new snapshot or log generation. */
  encoder(): RefEncoder {
    const c = this.compact;
    return new RefEncoder({ s: c.refFields('s'), f: c.refFields('f'), d: c.refFields('d'), a: c.refFields('a') }, (v) => c.isShared(v));
  }

  /** Loads one file in format 2: each record's objects are decoded and inserted as they are. */
  loader(scope: 'file' | 'part'): (rec: EncodedPart) => void {
    const values: unknown[] = [];
    const uuids: string[] = [];
    const decode = this.compact.decoder(values, uuids);
    const add = <T extends { readonly entryUuid: string }>(o: T): T => { uuids.push(o.entryUuid); return o; };
    return (rec) => {
      if (rec.v) for (const v of rec.v) values.push(v);
      if (scope === 'part') uuids.length = 0;
      for (const o of rec.s ?? []) this.insertSubmissionSet(add(decode('s', o) as SubmissionSet));
      for (const o of rec.f ?? []) this.insertFolder(add(decode('f', o) as Folder));
      for (const o of rec.d ?? []) this.insertDocumentEntry(add(decode('d', o) as DocumentEntry));
      for (const o of rec.a ?? []) this.insertAssociation(decode('a', o) as Association);
      this.applyChanges(rec.c ?? [], rec.u ?? []);
    };
  }

  private applyChanges(statusChanges: SubmissionDelta['statusChanges'], folderUpdates: SubmissionDelta['folderUpdates']): void {
    for (const c of statusChanges) this.setStatus(c.entryUuid, c.status);
    for (const u of folderUpdates) {
      const f = this.folders.get(u.entryUuid);
      if (f) this.replaceFolder(f, Object.freeze({ ...f, lastUpdateTime: u.lastUpdateTime }));
    }
  }

  private insertDocumentEntry(de: DocumentEntry): void {
    this.des.set(de.entryUuid, de);
    if (de.uniqueId !== undefined) this.deByUniqueId.add(de.uniqueId, de.entryUuid);
    if (de.logicalId !== undefined) this.deByLogicalId.add(de.logicalId, de.entryUuid);
    if (!de.patientId) return;
    const key = cxKey(de.patientId);
    let bucket = this.dePatients.get(key);
    if (!bucket) { bucket = new EntryBucket(); this.dePatients.set(key, bucket); }
    bucket.add(de, this.entryColumns);
  }

  private insertSubmissionSet(ss: SubmissionSet): void {
    this.sss.set(ss.entryUuid, ss);
    if (ss.uniqueId !== undefined) this.ssByUniqueId.add(ss.uniqueId, ss.entryUuid);
    if (ss.patientId) this.ssPatients.add(cxKey(ss.patientId), ss);
  }

  private insertFolder(f: Folder): void {
    this.folders.set(f.entryUuid, f);
    if (f.uniqueId !== undefined) this.folderByUniqueId.add(f.uniqueId, f.entryUuid);
    if (f.logicalId !== undefined) this.folderByLogicalId.add(f.logicalId, f.entryUuid);
    if (f.patientId) this.folderPatients.add(cxKey(f.patientId), f);
  }

  private insertAssociation(a: Association): void {
    this.assocs.set(a.entryUuid, a);
    this.bySource.add(a.sourceUuid, a.entryUuid);
    this.byTarget.add(a.targetUuid, a.entryUuid);
  }

  private setStatus(uuid: string, status: AvailabilityStatus): void {
    const s = this.compact.str(status);
    const de = this.des.get(uuid);
    if (de) {
      const next = Object.freeze({ ...de, availabilityStatus: s });
      this.des.set(uuid, next);
      if (de.patientId) this.dePatients.get(cxKey(de.patientId))?.replace(de, next, this.entryColumns);
      return;
    }
    const ss = this.sss.get(uuid);
    if (ss) {
      const next = Object.freeze({ ...ss, availabilityStatus: s });
      this.sss.set(uuid, next);
      if (ss.patientId) this.ssPatients.replace(cxKey(ss.patientId), ss, next);
      return;
    }
    const f = this.folders.get(uuid);
    if (f) { this.replaceFolder(f, Object.freeze({ ...f, availabilityStatus: s })); return; }
    const a = this.assocs.get(uuid);
    if (a) this.assocs.set(uuid, Object.freeze({ ...a, availabilityStatus: s }));
  }

  private replaceFolder(prev: Folder, next: Folder): void {
    this.folders.set(next.entryUuid, next);
    if (prev.patientId) this.folderPatients.replace(cxKey(prev.patientId), prev, next);
  }
}
