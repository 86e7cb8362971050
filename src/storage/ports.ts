import type { AuditStore } from '../audit/ports.js';
import type { Association } from '../domain/association.js';
import type { AvailabilityStatus, Cx } from '../domain/datatypes.js';
import type { PatientIdentity } from '../domain/patient-identity.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { Folder } from '../domain/folder.js';
import type { SubmissionSet } from '../domain/submission-set.js';
import type { DocumentContent, ObjectKind, RegistryObjects } from '../domain/submission.js';
import type { AssociationType } from '../domain/vocabulary.js';

/*
 * NOTE for adapter authors (added by the stored-query work, ITI-18):
 * - DocumentEntryFilter.entryUuids / logicalIds and FolderFilter.logicalIds are new optional
 *   restrictions (AND with the rest). GetSubmissionSetAndContents / GetFolderAndContents pass
 *   the member uuids with the format/confidentiality/type filters; GetDocuments / GetFolders
 *   pass $XDS…LogicalID. Look these up by key first; never scan.
 * - TimeRange bounds are DTM strings of any precision (YYYY[MM[DD[hh[mm[ss]]]]]), compared as
 *   the first instant they denote (storage/keys.ts dtmKey): "2005" <= "200512240800" < "2006".
 */

/**
 * The storage port: the only storage types that services see. An embedded adapter and a
 * MongoDB adapter implement it, and one contract suite (test/contract/) proves them equal.
 */

/** Everything one accepted submission changes, applied all or nothing. ITI TF-2 3.42.4.1.3 */
export interface SubmissionDelta {
  /** New objects, entryUUIDs already assigned (no symbolic ids). */
  readonly submissionSets: readonly SubmissionSet[];
  readonly documentEntries: readonly DocumentEntry[];
  readonly folders: readonly Folder[];
  readonly associations: readonly Association[];
  /** Status changes of objects already stored (RPLC deprecates its target). */
  readonly statusChanges: readonly { readonly entryUuid: string; readonly status: AvailabilityStatus }[];
  /** Folders already stored whose lastUpdateTime moves because a document joined them. */
  readonly folderUpdates: readonly { readonly entryUuid: string; readonly lastUpdateTime: string }[];
}

/**
 * A time range over a DTM attribute: from inclusive, to exclusive; values of any precision
 * compare as the first instant they denote ("2005" <= "20051224" < "2006"). ITI TF-2 3.18.4.1.2.3.6
 */
export interface TimeRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * A store-neutral DocumentEntry filter. Code lists are OR inside one list; `…All` lists are
 * AND of OR-groups. Codes are given as "code^^scheme" keys; the patient as its CX key.
 */
export interface DocumentEntryFilter {
  /** Only these entries (by entryUUID); combined with the other fields by AND. */
  readonly entryUuids?: readonly string[];
  /**
   * Only entries whose logicalId (or, when it has none, entryUUID) is one of these
   * (Metadata Update). ITI TF-2 3.18.4.1.2.3.5.1
   */
  readonly logicalIds?: readonly string[];
  readonly patientIds?: readonly string[];
  readonly statuses: readonly AvailabilityStatus[];
  readonly objectTypes?: readonly ('stable' | 'on-demand')[];
  readonly classCodes?: readonly string[];
  readonly typeCodes?: readonly string[];
  readonly practiceSettingCodes?: readonly string[];
  readonly healthcareFacilityTypeCodes?: readonly string[];
  readonly formatCodes?: readonly string[];
  readonly eventCodesAll?: readonly (readonly string[])[];
  readonly confidentialityCodesAll?: readonly (readonly string[])[];
  readonly referenceIdsAll?: readonly (readonly string[])[];
  readonly creationTime?: TimeRange;
  readonly serviceStartTime?: TimeRange;
  readonly serviceStopTime?: TimeRange;
  /** SQL LIKE patterns (% and _) over the author person, any of them. */
  readonly authorPersons?: readonly string[];
}

export interface SubmissionSetFilter {
  readonly patientIds?: readonly string[];
  readonly statuses: readonly AvailabilityStatus[];
  readonly sourceIds?: readonly string[];
  readonly contentTypeCodes?: readonly string[];
  readonly submissionTime?: TimeRange;
  readonly authorPersons?: readonly string[];
}

export interface FolderFilter {
  /** Only folders whose logicalId (or, when it has none, entryUUID) is one of these. */
  readonly logicalIds?: readonly string[];
  readonly patientIds?: readonly string[];
  readonly statuses: readonly AvailabilityStatus[];
  readonly codesAll?: readonly (readonly string[])[];
  readonly lastUpdateTime?: TimeRange;
}

export interface AssociationLookup {
  /** Associations whose source or target (per `side`) is one of these. */
  readonly uuids: readonly string[];
  readonly side?: 'source' | 'target' | 'either';
  readonly types?: readonly AssociationType[];
}

export interface MetadataStore {
  /** Applies a whole submission, or nothing of it, also across a crash. */
  commitSubmission(delta: SubmissionDelta): Promise<void>;
  getByUuids(uuids: readonly string[]): Promise<RegistryObjects>;
  getByUniqueIds(kind: Exclude<ObjectKind, 'Association'>, uniqueIds: readonly string[]): Promise<RegistryObjects>;
  getAssociations(lookup: AssociationLookup): Promise<Association[]>;
  findDocumentEntries(filter: DocumentEntryFilter, limit?: number): Promise<DocumentEntry[]>;
  findSubmissionSets(filter: SubmissionSetFilter, limit?: number): Promise<SubmissionSet[]>;
  findFolders(filter: FolderFilter, limit?: number): Promise<Folder[]>;
  /** Resolves when the store can serve requests; rejects otherwise (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A stored document: its size and a way to stream its bytes. */
export interface StoredDocument {
  readonly uniqueId: string;
  readonly size: number;
  readonly sha1: string;
  open(): AsyncIterable<Uint8Array>;
}

export interface DocumentStore {
  /**
   * Stores the bytes under the document's uniqueId. Durable when it resolves, but not
   * visible to queries until the registry commits the metadata that names it.
   */
  put(uniqueId: string, content: DocumentContent): Promise<{ size: number; sha1: string }>;
  get(uniqueId: string): Promise<StoredDocument | undefined>;
  remove(uniqueIds: readonly string[]): Promise<void>;
  /** Every stored uniqueId, for sweeping bytes whose submission never committed. */
  list(): AsyncIterable<string>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The patient identity cross-reference: community-local patient ids ↔ the national id
 * (domain/patient-identity.ts). Fed by PIXm ITI-104 and `npm run xref -- import`; read by the
 * registry to find a person's documents and to match the ticket's patient (ACCESS_PATIENT_MATCH).
 */
export interface PatientIdentityStore {
  /**
   * Links each local id to the national id, durably when it resolves. A local id linked to
   * another national id before is moved: the feed is the source of truth.
   */
  link(nationalId: Cx, localIds: readonly Cx[]): Promise<void>;
  /** Removes the links of these local ids (unknown ones are ignored). */
  unlink(localIds: readonly Cx[]): Promise<void>;
  /**
   * @param id - a national or a local id
   * @returns the person it belongs to, or undefined when no link names it
   */
  resolve(id: Cx): Promise<PatientIdentity | undefined>;
  close?(): Promise<void>;
}

export interface Storage {
  readonly metadata: MetadataStore;
  readonly documents: DocumentStore;
  /** The patient identity cross-reference; openStorage always supplies one (embedded when the adapter has none). */
  readonly patients?: PatientIdentityStore;
  /**
   * The audit trail (audit/ports.ts): one record per transaction, read per patient. Optional so
   * that adapters written before it still compile; openStorage (open-storage.ts) always supplies
   * one, from the adapter when it has its own, else the embedded file or memory store.
   */
  readonly audit?: AuditStore;
}

/** What openStorage returns: a Storage whose audit store is always there. */
export type OpenedStorage = Storage & { readonly audit: AuditStore; readonly patients: PatientIdentityStore };
