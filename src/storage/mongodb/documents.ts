import { associationTypeName, type Association } from '../../domain/association.js';
import { codeKey, cxKey, type Author, type AvailabilityStatus, type Code, type ExtraMetadata } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import { prune } from '../../formats/prune.js';
import { dtmKey, xcnString } from '../keys.js';
import type { ObjectKind } from '../../domain/submission.js';

/**
 * Domain objects ↔ the documents the MongoDB adapter stores. These shapes never cross the port
 * (house-style A4): `_id` is the entryUUID, `o` the domain object as given, and the top-level
 * fields are denormalised query keys that filters.ts and indexes.ts name:
 * codes as "code^^scheme", the patient as its CX key, DTMs as 14-digit keys (keys.ts dtmKey),
 * authors as XCN strings (keys.ts xcnString).
 *
 * Two optional fields belong to the commit protocol (commit-log.ts), never to the object:
 * `sub` marks an object written by a submission that has not finished committing, `next` a
 * change that a not yet finished submission makes to an object already stored.
 */

/** Slot names may contain "." and "$", which MongoDB field names should not: stored as pairs. */
export interface StoredSlot { readonly n: string; readonly v: readonly string[] }

/** The domain object as stored: everything but extraMetadata as is, which becomes `x`. */
export type Encoded<T extends { readonly extraMetadata: ExtraMetadata }> = Omit<T, 'extraMetadata'> & { readonly x: readonly StoredSlot[] };

/** A change to a stored object that a submission makes; applied when it commits. */
export interface ObjectChange {
  readonly status?: AvailabilityStatus;
  readonly lastUpdateTime?: string;
}

/** The pending change carried by a stored object while its submission commits. */
export interface PendingChange extends ObjectChange { readonly sub: string }

/** Fields every stored registry object has. */
export interface StoredBase<T extends { readonly extraMetadata: ExtraMetadata }> {
  _id: string;
  o: Encoded<T>;
  status?: AvailabilityStatus;
  sub?: string;
  next?: PendingChange;
}

/** `logicalKey` is the logicalId, or the entryUUID when there is none (ITI-57 versions). */
export interface StoredDocumentEntry extends StoredBase<DocumentEntry> {
  patientKey?: string; uniqueId?: string; logicalKey: string; objectType: string;
  classCode?: string; typeCode?: string; formatCode?: string; practiceSettingCode?: string; healthcareFacilityTypeCode?: string;
  eventCodes: string[]; confidentialityCodes: string[]; referenceIds: string[]; authorPersons: string[];
  creationTime?: string; serviceStartTime?: string; serviceStopTime?: string;
}

export interface StoredSubmissionSet extends StoredBase<SubmissionSet> {
  patientKey?: string; uniqueId?: string; sourceId?: string; contentTypeCode?: string; submissionTime?: string; authorPersons: string[];
}

export interface StoredFolder extends StoredBase<Folder> {
  patientKey?: string; uniqueId?: string; logicalKey: string; codes: string[]; lastUpdateTime?: string;
}

export interface StoredAssociation extends StoredBase<Association> {
  source: string; target: string; type: string;
}

export type StoredObject = StoredDocumentEntry | StoredSubmissionSet | StoredFolder | StoredAssociation;
export type DomainObject = DocumentEntry | SubmissionSet | Folder | Association;

/** Collection of each kind of registry object. */
export const COLLECTION = {
  DocumentEntry: 'documentEntries',
  SubmissionSet: 'submissionSets',
  Folder: 'folders',
  Association: 'associations',
} as const satisfies Record<ObjectKind, string>;

export type RegistryCollection = (typeof COLLECTION)[ObjectKind];
export const REGISTRY_COLLECTIONS: readonly RegistryCollection[] = Object.values(COLLECTION);

function encode<T extends { readonly extraMetadata: ExtraMetadata }>(obj: T): Encoded<T> {
  const { extraMetadata, ...rest } = obj;
  return { ...rest, x: Object.entries(extraMetadata).map(([n, v]) => ({ n, v: [...v] })) };
}

function decode<T extends { readonly extraMetadata: ExtraMetadata }>(o: Encoded<T>): T {
  const { x, ...rest } = o;
  return { ...rest, extraMetadata: Object.fromEntries(x.map((s) => [s.n, s.v])) } as unknown as T;
}

const key = (c: Code | undefined): string | undefined => (c === undefined ? undefined : codeKey(c));
const time = (t: string | undefined): string | undefined => (t === undefined ? undefined : dtmKey(t));
const persons = (authors: readonly Author[]): string[] => authors.flatMap((a) => (a.person ? [xcnString(a.person)] : []));

/** The stored shape of a DocumentEntry. ITI TF-3 4.2.3.2 */
export function documentEntryToStored(de: DocumentEntry): StoredDocumentEntry {
  return prune<StoredDocumentEntry>({
    _id: de.entryUuid, o: encode(de), status: de.availabilityStatus,
    patientKey: de.patientId ? cxKey(de.patientId) : undefined, uniqueId: de.uniqueId,
    logicalKey: de.logicalId ?? de.entryUuid, objectType: de.objectType,
    classCode: key(de.classCode), typeCode: key(de.typeCode), formatCode: key(de.formatCode),
    practiceSettingCode: key(de.practiceSettingCode), healthcareFacilityTypeCode: key(de.healthcareFacilityTypeCode),
    eventCodes: de.eventCodeList.map(codeKey), confidentialityCodes: de.confidentialityCodes.map(codeKey),
    referenceIds: [...de.referenceIdList], authorPersons: persons(de.authors),
    creationTime: time(de.creationTime), serviceStartTime: time(de.serviceStartTime), serviceStopTime: time(de.serviceStopTime),
  });
}

/** The stored shape of a SubmissionSet. ITI TF-3 4.2.3.3 */
export function submissionSetToStored(ss: SubmissionSet): StoredSubmissionSet {
  return prune<StoredSubmissionSet>({
    _id: ss.entryUuid, o: encode(ss), status: ss.availabilityStatus,
    patientKey: ss.patientId ? cxKey(ss.patientId) : undefined, uniqueId: ss.uniqueId, sourceId: ss.sourceId,
    contentTypeCode: key(ss.contentTypeCode), submissionTime: time(ss.submissionTime), authorPersons: persons(ss.authors),
  });
}

/** The stored shape of a Folder. ITI TF-3 4.2.3.4 */
export function folderToStored(f: Folder): StoredFolder {
  return prune<StoredFolder>({
    _id: f.entryUuid, o: encode(f), status: f.availabilityStatus,
    patientKey: f.patientId ? cxKey(f.patientId) : undefined, uniqueId: f.uniqueId, logicalKey: f.logicalId ?? f.entryUuid,
    codes: f.codeList.map(codeKey), lastUpdateTime: time(f.lastUpdateTime),
  });
}

/** The stored shape of an Association. ITI TF-3 4.2.2 */
export function associationToStored(a: Association): StoredAssociation {
  return prune<StoredAssociation>({
    _id: a.entryUuid, o: encode(a), status: a.availabilityStatus,
    source: a.sourceUuid, target: a.targetUuid, type: associationTypeName(a),
  });
}

/**
 * The domain object a stored document holds, with a pending change applied when given.
 * @param doc - a stored registry object of any kind
 * @param change - a committed change not yet written into it
 * @returns the domain object (the caller knows its kind from the collection)
 */
export function objectFromStored(doc: StoredObject, change?: ObjectChange): DomainObject {
  const obj = decode<DomainObject>(doc.o as Encoded<DomainObject>);
  if (!change) return obj;
  return {
    ...obj,
    ...(change.status === undefined ? {} : { availabilityStatus: change.status }),
    ...(change.lastUpdateTime === undefined ? {} : { lastUpdateTime: change.lastUpdateTime }),
  };
}

/**
 * The `$set` that applies a change to a stored object: the domain value and its query key.
 * @param change - new status and/or lastUpdateTime
 * @returns a MongoDB `$set` document
 */
export function changeToSet(change: ObjectChange): Record<string, string> {
  const set: Record<string, string> = {};
  if (change.status !== undefined) { set.status = change.status; set['o.availabilityStatus'] = change.status; }
  if (change.lastUpdateTime !== undefined) { set.lastUpdateTime = dtmKey(change.lastUpdateTime); set['o.lastUpdateTime'] = change.lastUpdateTime; }
  return set;
}
