import { associationTypeName, type Association } from '../../domain/association.js';
import { cxKey, type AvailabilityStatus } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import type { RegistryObjects } from '../../domain/submission.js';
import { StoreConflictError } from '../errors.js';
import type { AssociationLookup, ObjectKind, SubmissionDelta } from '../ports.js';
import { Compactor } from './intern.js';
import { MultiMap } from './multi-map.js';
import { checkDelta, type BatchScope } from './delta-check.js';

/**
 * The registry's content held in memory, with the indexes the port's lookups need:
 * entryUUID → object per kind; uniqueId and logicalId → entries per kind; patient key → entries per kind;
 * association source and target → associations. Stored objects are frozen and never changed in
 * place: a status change or folder update replaces the object, so a result handed to a caller
 * stays as it was and cannot be used to change the store.
 */
export class RegistryState {
  readonly des = new Map<string, DocumentEntry>();
  readonly sss = new Map<string, SubmissionSet>();
  readonly folders = new Map<string, Folder>();
  readonly assocs = new Map<string, Association>();
  readonly dePatients = new MultiMap();
  readonly ssPatients = new MultiMap();
  readonly folderPatients = new MultiMap();
  readonly deByUniqueId = new MultiMap();
  readonly ssByUniqueId = new MultiMap();
  readonly folderByUniqueId = new MultiMap();
  readonly deByLogicalId = new MultiMap();
  readonly folderByLogicalId = new MultiMap();
  private readonly bySource = new MultiMap();
  private readonly byTarget = new MultiMap();
  private readonly compact = new Compactor((u) => this.canonical(u));

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
   * Applies a delta that passed `check`. It must be a private copy (parsed from its log record):
   * its objects are compacted and frozen in place and kept.
   */
  apply(delta: SubmissionDelta): void {
    for (const ss of delta.submissionSets) this.insertSubmissionSet(this.compact.submissionSet(ss));
    for (const f of delta.folders) this.insertFolder(this.compact.folderOf(f));
    for (const de of delta.documentEntries) this.insertDocumentEntry(this.compact.documentEntry(de));
    for (const a of delta.associations) this.insertAssociation(this.compact.association(a));
    for (const c of delta.statusChanges) this.setStatus(c.entryUuid, c.status);
    for (const u of delta.folderUpdates) {
      const f = this.folders.get(u.entryUuid);
      if (f) this.folders.set(f.entryUuid, Object.freeze({ ...f, lastUpdateTime: u.lastUpdateTime }));
    }
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

  /** Every stored object, for snapshots: a delta that rebuilds this state when applied. */
  export(): SubmissionDelta {
    return {
      submissionSets: [...this.sss.values()], documentEntries: [...this.des.values()], folders: [...this.folders.values()],
      associations: [...this.assocs.values()], statusChanges: [], folderUpdates: [],
    };
  }

  private canonical(uuid: string): string {
    return this.des.get(uuid)?.entryUuid ?? this.sss.get(uuid)?.entryUuid ?? this.folders.get(uuid)?.entryUuid ?? uuid;
  }

  private insertDocumentEntry(de: DocumentEntry): void {
    this.des.set(de.entryUuid, de);
    if (de.uniqueId !== undefined) this.deByUniqueId.add(de.uniqueId, de.entryUuid);
    if (de.logicalId !== undefined) this.deByLogicalId.add(de.logicalId, de.entryUuid);
    if (de.patientId) this.dePatients.add(cxKey(de.patientId), de.entryUuid);
  }

  private insertSubmissionSet(ss: SubmissionSet): void {
    this.sss.set(ss.entryUuid, ss);
    if (ss.uniqueId !== undefined) this.ssByUniqueId.add(ss.uniqueId, ss.entryUuid);
    if (ss.patientId) this.ssPatients.add(cxKey(ss.patientId), ss.entryUuid);
  }

  private insertFolder(f: Folder): void {
    this.folders.set(f.entryUuid, f);
    if (f.uniqueId !== undefined) this.folderByUniqueId.add(f.uniqueId, f.entryUuid);
    if (f.logicalId !== undefined) this.folderByLogicalId.add(f.logicalId, f.entryUuid);
    if (f.patientId) this.folderPatients.add(cxKey(f.patientId), f.entryUuid);
  }

  private insertAssociation(a: Association): void {
    this.assocs.set(a.entryUuid, a);
    this.bySource.add(a.sourceUuid, a.entryUuid);
    this.byTarget.add(a.targetUuid, a.entryUuid);
  }

  private setStatus(uuid: string, status: AvailabilityStatus): void {
    const s = this.compact.str(status);
    const de = this.des.get(uuid);
    if (de) { this.des.set(uuid, Object.freeze({ ...de, availabilityStatus: s })); return; }
    const ss = this.sss.get(uuid);
    if (ss) { this.sss.set(uuid, Object.freeze({ ...ss, availabilityStatus: s })); return; }
    const f = this.folders.get(uuid);
    if (f) { this.folders.set(uuid, Object.freeze({ ...f, availabilityStatus: s })); return; }
    const a = this.assocs.get(uuid);
    if (a) this.assocs.set(uuid, Object.freeze({ ...a, availabilityStatus: s }));
  }
}
