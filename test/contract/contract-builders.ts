import { randomUUID } from 'node:crypto';
import type { Association } from '../../src/domain/association.js';
import type { Code, Cx } from '../../src/domain/datatypes.js';
import { codeKey, cxKey } from '../../src/domain/datatypes.js';
import type { DocumentEntry } from '../../src/domain/document-entry.js';
import type { Folder } from '../../src/domain/folder.js';
import type { SubmissionSet } from '../../src/domain/submission-set.js';
import type { SubmissionDelta } from '../../src/storage/ports.js';

/**
 * Small builders for the storage contract suites. Every identifier is random, so the suites can
 * run repeatedly against a persistent database (MongoDB) without seeing their own leftovers.
 */

let seq = 0;
/** A fresh urn:uuid. */
export const newUuid = (): string => `urn:uuid:${randomUUID()}`;
/** A fresh OID-style uniqueId. */
export const newUniqueId = (): string => `2.999.7.${Date.now()}.${++seq}.${Math.floor(Math.random() * 1e9)}`;
/** A fresh patient, unique to this run. */
export const newPatient = (): Cx => ({ id: `p${randomUUID().slice(0, 13)}`, assigningAuthority: '2.16.578.1.12.4.1.4.1' });
/** The CX key the port filters on. */
export const patientKey = (cx: Cx): string => cxKey(cx);

/** A coded value in the test scheme. */
export const code = (c: string, scheme = '2.999.9'): Code => ({ code: c, codingScheme: scheme, displayName: `display ${c}` });
/** The "code^^scheme" key the port filters on. */
export const key = (c: Code): string => codeKey(c);

/** A complete, approved, stable DocumentEntry. */
export function aDocumentEntry(patient: Cx, o: Partial<DocumentEntry> = {}): DocumentEntry {
  return {
    entryUuid: newUuid(), uniqueId: newUniqueId(), objectType: 'stable', availabilityStatus: 'Approved',
    patientId: patient, sourcePatientId: { id: 'local-1', assigningAuthority: '2.999.3' },
    sourcePatientInfo: ['PID-3|local-1^^^&2.999.3&ISO', 'PID-5|Nordmann^Kari'],
    classCode: code('C1'), typeCode: code('T1'), formatCode: code('F1'),
    healthcareFacilityTypeCode: code('H1'), practiceSettingCode: code('PS1'),
    confidentialityCodes: [code('N', '2.16.840.1.113883.5.25')], eventCodeList: [],
    creationTime: '20200115103000', languageCode: 'nb-NO', mimeType: 'text/plain',
    hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', size: 0, repositoryUniqueId: '2.999.1.2',
    title: 'Epikrise', authors: [], referenceIdList: [], limitedMetadata: false, extraMetadata: {},
    ...o,
  };
}

/** A complete, approved SubmissionSet. */
export function aSubmissionSet(patient: Cx, o: Partial<SubmissionSet> = {}): SubmissionSet {
  return {
    entryUuid: newUuid(), uniqueId: newUniqueId(), sourceId: '2.999.5', patientId: patient,
    submissionTime: '20200115110000', contentTypeCode: code('CT1'), authors: [], intendedRecipients: [],
    availabilityStatus: 'Approved', limitedMetadata: false, extraMetadata: {}, ...o,
  };
}

/** A complete, approved Folder. */
export function aFolder(patient: Cx, o: Partial<Folder> = {}): Folder {
  return {
    entryUuid: newUuid(), uniqueId: newUniqueId(), patientId: patient, title: 'Mappe',
    codeList: [code('FC1')], lastUpdateTime: '20200115110000', availabilityStatus: 'Approved',
    limitedMetadata: false, extraMetadata: {}, ...o,
  };
}

/** An approved association. */
export function anAssociation(type: Association['type'], sourceUuid: string, targetUuid: string,
  o: Partial<Association> = {}): Association {
  return { entryUuid: newUuid(), type, sourceUuid, targetUuid, availabilityStatus: 'Approved', extraMetadata: {}, ...o };
}

/** An author whose person is the given family and given name. */
export function anAuthor(familyName: string, givenName: string): DocumentEntry['authors'][number] {
  return { person: { familyName, givenName }, institutions: [{ organizationName: 'Sykehuset' }], roles: [], specialties: [], telecommunications: [] };
}

/** The parts of a submission, before HasMember associations are added. */
export interface SubmissionParts {
  readonly submissionSet: SubmissionSet;
  readonly documentEntries?: readonly DocumentEntry[];
  readonly folders?: readonly Folder[];
  readonly associations?: readonly Association[];
  readonly statusChanges?: SubmissionDelta['statusChanges'];
  readonly folderUpdates?: SubmissionDelta['folderUpdates'];
}

/** A delta with an SS→member HasMember association for every new DocumentEntry and Folder. */
export function aDelta(p: SubmissionParts): SubmissionDelta {
  const ss = p.submissionSet.entryUuid;
  const members = [...(p.documentEntries ?? []), ...(p.folders ?? [])]
    .map((o) => anAssociation('HasMember', ss, o.entryUuid, { submissionSetStatus: 'Original' }));
  return {
    submissionSets: [p.submissionSet], documentEntries: p.documentEntries ?? [], folders: p.folders ?? [],
    associations: [...members, ...(p.associations ?? [])],
    statusChanges: p.statusChanges ?? [], folderUpdates: p.folderUpdates ?? [],
  };
}

/** Sorted entryUUIDs, for order-independent comparison. */
export const uuids = (objects: readonly { readonly entryUuid: string }[]): string[] =>
  objects.map((o) => o.entryUuid).sort();
