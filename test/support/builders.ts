/**
 * Object mother for the domain model: realistic, Norwegian-flavoured metadata that passes the
 * submission rules as built. Every call gives fresh entryUUIDs and uniqueIds; pass overrides
 * for what a test is about. See ITI TF-3 4.2.3 and ../shared/spec/norway-profile.md §2.
 */
import { createHash, randomUUID } from 'node:crypto';
import { TEST_REPOSITORY_UNIQUE_ID } from '../../src/config/schema.js';
import type { Association } from '../../src/domain/association.js';
import type { Author, Code, Cx, Xcn, Xon } from '../../src/domain/datatypes.js';
import type { DocumentEntry } from '../../src/domain/document-entry.js';
import type { Folder } from '../../src/domain/folder.js';
import type { SubmissionSet } from '../../src/domain/submission-set.js';
import type { DocumentContent, RegistryObjectList, SubmittedDocument } from '../../src/domain/submission.js';

/** A fresh `urn:uuid:` entryUUID. */
export function freshUuid(): string {
  return `urn:uuid:${randomUUID()}`;
}

/** A fresh OID in the UUID arc 2.25 (ITU-T X.667): unique, at most 44 characters. */
export function freshUniqueOid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

/** Kari Nordmann's national identity number (a published test FNR) under the FNR OID. */
export const PATIENT_ID: Cx = { id: '13116900216', assigningAuthority: '2.16.578.1.12.4.1.4.1' };
export const OTHER_PATIENT_ID: Cx = { id: '01017012343', assigningAuthority: '2.16.578.1.12.4.1.4.1' };

const VOLVEN = (id: number): string => `2.16.578.1.12.4.1.1.${id}`;

/** Codes from the Norwegian value sets (Volven), one per coded attribute. */
export const CODES = {
  classCode: { code: 'A00-1', codingScheme: VOLVEN(9602), displayName: 'Epikriser og sammenfatninger' },
  typeCode: { code: 'A03-2', codingScheme: VOLVEN(9602), displayName: 'Epikrise' },
  confidentiality: { code: 'N', codingScheme: VOLVEN(9603), displayName: 'Normal' },
  formatCode: { code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient', codingScheme: '1.3.6.1.4.1.19376.1.2.3', displayName: 'mimeType Sufficient' },
  facilityType: { code: '86.101', codingScheme: VOLVEN(1303), displayName: 'Alminnelige somatiske sykehus' },
  practiceSetting: { code: '4', codingScheme: VOLVEN(8653), displayName: 'Legevakt' },
  contentType: { code: 'A00-1', codingScheme: VOLVEN(9602), displayName: 'Epikriser og sammenfatninger' },
  folderCode: { code: 'B00-1', codingScheme: VOLVEN(9602), displayName: 'Kontinuerlig/løpende journal' },
} as const satisfies Record<string, Code>;

export const LEGAL_ENTITY: Xon = {
  organizationName: 'Sykehuset Innlandet HF', assigningAuthority: '2.16.578.1.12.4.1.4.101', organizationIdentifier: '983971709',
};
export const DEPARTMENT: Xon = {
  organizationName: 'Medisinsk avdeling Lillehammer', assigningAuthority: '2.16.578.1.12.4.1.4.102', organizationIdentifier: '4208723',
};
/** A doctor identified by HPR number. */
export const DOCTOR: Xcn = { idNumber: '565505933', familyName: 'Lege', givenName: 'Lise', assigningAuthority: '2.16.578.1.12.4.1.4.4' };

/** An author as Norwegian sources write it: person (HPR), legal entity and department, role, specialty. */
export function anAuthor(overrides: Partial<Author> = {}): Author {
  return {
    person: DOCTOR,
    institutions: [LEGAL_ENTITY, DEPARTMENT],
    roles: ['3^Behandlingsansvarlig lege^2.16.578.1.12.4.1.1.9034'],
    specialties: ['1^Allmennmedisin^2.16.578.1.12.4.1.1.7426'],
    telecommunications: ['^^Internet^lise.lege@sykehuset-innlandet.no'],
    ...overrides,
  };
}

/** The default document text; its SHA-1 and size are what aDocumentEntry() declares. */
export const DEFAULT_DOCUMENT_TEXT = 'Epikrise for Kari Nordmann. Innlagt 2024-03-01, utskrevet 2024-03-04.\n';

/** DocumentContent held in memory. */
export function aDocumentContent(content: string | Uint8Array = DEFAULT_DOCUMENT_TEXT): DocumentContent {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    size: bytes.byteLength,
    sha1: createHash('sha1').update(bytes).digest('hex'),
    bytes,
    async *open() { yield bytes; },
  };
}

/**
 * A complete stable DocumentEntry (Epikrise) with hash and size of `content`.
 * @param overrides - attributes to replace
 * @param content - the document the hash and size describe
 */
export function aDocumentEntry(overrides: Partial<DocumentEntry> = {}, content: string | Uint8Array = DEFAULT_DOCUMENT_TEXT): DocumentEntry {
  const doc = aDocumentContent(content);
  return {
    entryUuid: freshUuid(),
    uniqueId: freshUniqueOid(),
    objectType: 'stable',
    patientId: PATIENT_ID,
    sourcePatientId: PATIENT_ID,
    sourcePatientInfo: ['PID-3|13116900216^^^&2.16.578.1.12.4.1.4.1&ISO', 'PID-5|Nordmann^Kari', 'PID-7|19691113', 'PID-8|F'],
    classCode: CODES.classCode,
    typeCode: CODES.typeCode,
    formatCode: CODES.formatCode,
    healthcareFacilityTypeCode: CODES.facilityType,
    practiceSettingCode: CODES.practiceSetting,
    confidentialityCodes: [CODES.confidentiality],
    eventCodeList: [],
    creationTime: '20240304101500',
    serviceStartTime: '20240301083000',
    serviceStopTime: '20240304120000',
    languageCode: 'nb-NO',
    mimeType: 'text/plain',
    hash: doc.sha1,
    size: doc.size,
    repositoryUniqueId: TEST_REPOSITORY_UNIQUE_ID,
    title: 'Epikrise medisinsk avdeling',
    comments: 'Utskrivning etter innleggelse for pneumoni',
    authors: [anAuthor()],
    legalAuthenticator: DOCTOR,
    referenceIdList: [],
    limitedMetadata: false,
    extraMetadata: {},
    ...overrides,
  };
}

/** A SubmissionSet for PATIENT_ID with one author and a Volven contentTypeCode. */
export function aSubmissionSet(overrides: Partial<SubmissionSet> = {}): SubmissionSet {
  return {
    entryUuid: freshUuid(),
    uniqueId: freshUniqueOid(),
    sourceId: '2.16.578.1.12.4.5.100.1.3',
    patientId: PATIENT_ID,
    submissionTime: '20240304121000',
    contentTypeCode: CODES.contentType,
    authors: [anAuthor()],
    intendedRecipients: [],
    title: 'Epikrise til fastlege',
    limitedMetadata: false,
    extraMetadata: {},
    ...overrides,
  };
}

/** A Folder for PATIENT_ID. */
export function aFolder(overrides: Partial<Folder> = {}): Folder {
  return {
    entryUuid: freshUuid(),
    uniqueId: freshUniqueOid(),
    patientId: PATIENT_ID,
    title: 'Innleggelse mars 2024',
    codeList: [CODES.folderCode],
    limitedMetadata: false,
    extraMetadata: {},
    ...overrides,
  };
}

/** An association; by default a HasMember between fresh ids with SubmissionSetStatus Original. */
export function anAssociation(overrides: Partial<Association> = {}): Association {
  return {
    entryUuid: freshUuid(),
    type: 'HasMember',
    sourceUuid: freshUuid(),
    targetUuid: freshUuid(),
    submissionSetStatus: 'Original',
    extraMetadata: {},
    ...overrides,
  };
}

/** A HasMember SS → object association (SubmissionSetStatus Original for DocumentEntries). */
export function aHasMember(source: { entryUuid: string }, target: { entryUuid: string }, original = true): Association {
  const base = { type: 'HasMember' as const, sourceUuid: source.entryUuid, targetUuid: target.entryUuid };
  if (original) return anAssociation(base);
  const { submissionSetStatus: _omit, ...rest } = anAssociation(base);
  return rest;
}

export interface SubmissionOptions {
  /** DocumentEntries in the submission (default 1). */
  readonly documents?: number;
  readonly submissionSet?: Partial<SubmissionSet>;
  readonly documentEntry?: Partial<DocumentEntry>;
}

/**
 * A consistent ITI-42 submission: one SubmissionSet, its DocumentEntries and a HasMember
 * (SubmissionSetStatus Original) for each; all for PATIENT_ID.
 */
export function aSubmission(opts: SubmissionOptions = {}): RegistryObjectList {
  const ss = aSubmissionSet(opts.submissionSet);
  const entries = Array.from({ length: opts.documents ?? 1 }, () => aDocumentEntry(opts.documentEntry));
  return {
    submissionSets: [ss],
    documentEntries: entries,
    folders: [],
    associations: entries.map((e) => aHasMember(ss, e)),
    objectRefs: [],
  };
}

/**
 * A consistent ITI-41 request: aSubmission() plus one document per DocumentEntry whose hash and
 * size match; hash, size and repositoryUniqueId stay in the metadata unless `bare` is set
 * (a Document Source usually leaves them to the repository).
 */
export function aProvideAndRegister(opts: SubmissionOptions & { bare?: boolean } = {}): { objects: RegistryObjectList; documents: SubmittedDocument[] } {
  const objects = aSubmission(opts);
  const entries = objects.documentEntries.map((e) => {
    if (!opts.bare) return e;
    const { hash: _h, size: _s, repositoryUniqueId: _r, ...rest } = e;
    return rest;
  });
  return {
    objects: { ...objects, documentEntries: entries },
    documents: entries.map((e) => ({ id: e.entryUuid, content: aDocumentContent() })),
  };
}
