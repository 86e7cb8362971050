/**
 * Fully populated domain objects for the FHIR mapping tests: every attribute MHD has a home for
 * is set, with Norwegian values and every author shape (person, institution, person with legal
 * entity and department, role and specialty). Used by the round-trip and the validator tests.
 */
import type { Association } from '../../src/domain/association.js';
import type { DocumentEntry } from '../../src/domain/document-entry.js';
import type { Folder } from '../../src/domain/folder.js';
import type { SubmissionSet } from '../../src/domain/submission-set.js';
import { retrieveUrlLocator } from '../../src/formats/fhir/document-locator.js';
import type { FhirMappingOptions } from '../../src/formats/fhir/mapping-options.js';
import { aDocumentEntry, aFolder, anAuthor, aSubmissionSet, CODES, DEPARTMENT, DOCTOR, freshUuid, LEGAL_ENTITY } from './builders.js';

export const FHIR_BASE = 'http://127.0.0.1:8080/fhir';

/** Mapping options as the facade will use them: the gateway's ITI-68 locator. */
export const FHIR_OPTIONS: FhirMappingOptions = { locator: retrieveUrlLocator(FHIR_BASE) };

const V3_CONFIDENTIALITY = '2.16.840.1.113883.5.25';

/** A DocumentEntry with every attribute that MHD maps. */
export function aFullDocumentEntry(overrides: Partial<DocumentEntry> = {}): DocumentEntry {
  return aDocumentEntry({
    availabilityStatus: 'Approved',
    homeCommunityId: 'urn:oid:2.16.578.1.12.4.5.100.1',
    confidentialityCodes: [CODES.confidentiality, { code: 'N', codingScheme: V3_CONFIDENTIALITY, displayName: 'normal' }],
    eventCodeList: [{ code: 'ANNGEN', codingScheme: '2.16.578.1.12.4.1.1.7010', displayName: 'Annen generell hendelse' }],
    referenceIdList: ['4410^^^&2.16.578.1.12.4.1.1.4001&ISO^urn:ihe:iti:xds:2013:accession', 'free-text reference'],
    sourcePatientInfo: ['PID-3|13116900216^^^&2.16.578.1.12.4.1.4.1&ISO', 'PID-5|Nordmann^Kari^Ingrid', 'PID-7|19691113', 'PID-8|F'],
    authors: [
      anAuthor(),
      { institutions: [LEGAL_ENTITY], roles: [], specialties: [], telecommunications: ['^^PH^^^^^^^^^+4761272000'] },
      { person: { ...DOCTOR, givenName: 'Per', idNumber: '9144889' }, institutions: [], roles: [], specialties: [], telecommunications: ['^^Internet^per@example.no'] },
    ],
    ...overrides,
  });
}

/** A SubmissionSet with every attribute that MHD maps (one author: List.source holds one). */
export function aFullSubmissionSet(overrides: Partial<SubmissionSet> = {}): SubmissionSet {
  return aSubmissionSet({
    availabilityStatus: 'Approved',
    comments: 'Sendt ved utskrivning',
    intendedRecipients: [
      { person: { ...DOCTOR, familyName: 'Fastlege', givenName: 'Frida', idNumber: '123456' }, telecommunication: '^^Internet^frida@example.no' },
      { organization: DEPARTMENT },
      { telecommunication: '^^Internet^post@legekontor.example.no' },
    ],
    ...overrides,
  });
}

/** A Folder with every attribute that MHD maps. */
export function aFullFolder(overrides: Partial<Folder> = {}): Folder {
  return aFolder({
    availabilityStatus: 'Approved',
    comments: 'Alt fra innleggelsen',
    lastUpdateTime: '20240304121000',
    codeList: [CODES.folderCode, CODES.classCode],
    ...overrides,
  });
}

/** A relationship association from one entry to another. */
export function aRelationship(type: Association['type'], source: string, target: string): Association {
  return { entryUuid: freshUuid(), type, sourceUuid: source, targetUuid: target, extraMetadata: {} };
}
