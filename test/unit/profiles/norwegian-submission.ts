/**
 * A realistic Norwegian ITI-42 submission for the profile tests: an epikrise (discharge summary)
 * from a hospital department, as PDF, for a synthetic patient. Built on the shared object mother
 * with the identifiers replaced by synthetic ones. norway-profile.md §2.
 */
import type { Author, Cx } from '../../../src/domain/datatypes.js';
import type { DocumentEntry } from '../../../src/domain/document-entry.js';
import type { SubmissionSet } from '../../../src/domain/submission-set.js';
import type { RegistryObjectList } from '../../../src/domain/submission.js';
import { aDocumentEntry, aHasMember, aSubmissionSet } from '../../support/builders.js';
import { anOrganisationNumber, syntheticFnr } from './synthetic-ids.js';

const VOLVEN = '2.16.578.1.12.4.1.1';
export const OID = {
  fnr: '2.16.578.1.12.4.1.4.1', dnr: '2.16.578.1.12.4.1.4.2', fhn: '2.16.578.1.12.4.1.4.3',
  hpr: '2.16.578.1.12.4.1.4.4', orgnr: '2.16.578.1.12.4.1.4.101', resh: '2.16.578.1.12.4.1.4.102',
} as const;

/** The synthetic patient (born 13.11.1969, month + 80). */
export const PATIENT: Cx = { id: syntheticFnr(13, 11, 69), assigningAuthority: OID.fnr, universalIdType: 'ISO' };

/** Overlege Lise Lege, HPR-nummer, at a hospital (orgnr) and its department (RESH). */
export function aNorwegianAuthor(overrides: Partial<Author> = {}): Author {
  return {
    person: { idNumber: '565505933', familyName: 'Lege', givenName: 'Lise', assigningAuthority: OID.hpr },
    institutions: [
      { organizationName: 'Sykehuset Testlandet HF', assigningAuthority: OID.orgnr, organizationIdentifier: anOrganisationNumber() },
      { organizationName: 'Medisinsk avdeling', assigningAuthority: OID.resh, organizationIdentifier: '4208723' },
    ],
    roles: [`3^^^&${VOLVEN}.9034&ISO`],
    specialties: [`1^Allmennmedisin^${VOLVEN}.7426`],
    telecommunications: [],
    ...overrides,
  };
}

/** An epikrise DocumentEntry: A00-1 / A03-2, PDF, N (9603 and HL7), 86.101, practice setting 4. */
export function aNorwegianEntry(overrides: Partial<DocumentEntry> = {}): DocumentEntry {
  return aDocumentEntry({
    entryUuid: 'Document01',
    patientId: PATIENT,
    sourcePatientId: PATIENT,
    classCode: { code: 'A00-1', codingScheme: `${VOLVEN}.9602`, displayName: 'Epikriser og sammenfatninger' },
    typeCode: { code: 'A03-2', codingScheme: `${VOLVEN}.9602`, displayName: 'Epikrise' },
    formatCode: { code: 'urn:no:ehelse:document:pdf', codingScheme: '1.3.6.1.4.1.19376.1.2.3', displayName: 'PDF' },
    mimeType: 'application/pdf',
    confidentialityCodes: [
      { code: 'N', codingScheme: `${VOLVEN}.9603`, displayName: 'Normal' },
      { code: 'N', codingScheme: '2.16.840.1.113883.5.25', displayName: 'normal' },
    ],
    healthcareFacilityTypeCode: { code: '86.101', codingScheme: `${VOLVEN}.1303`, displayName: 'Alminnelige somatiske sykehus' },
    practiceSettingCode: { code: '4', codingScheme: `${VOLVEN}.8653`, displayName: 'Legevakt' },
    eventCodeList: [],
    languageCode: 'nb-NO',
    creationTime: '20240304101500',
    serviceStartTime: '20240301083000',
    serviceStopTime: '20240304120000',
    authors: [aNorwegianAuthor()],
    legalAuthenticator: { idNumber: '565505933', familyName: 'Lege', givenName: 'Lise', assigningAuthority: OID.hpr },
    ...overrides,
  });
}

export function aNorwegianSubmissionSet(overrides: Partial<SubmissionSet> = {}): SubmissionSet {
  return aSubmissionSet({ entryUuid: 'SubmissionSet01', patientId: PATIENT, authors: [aNorwegianAuthor()], submissionTime: '20240304121000', ...overrides });
}

/**
 * The whole submission: SubmissionSet, one DocumentEntry and their HasMember association.
 * @param entry - overrides of the DocumentEntry
 * @param set - overrides of the SubmissionSet
 */
export function aNorwegianSubmission(entry: Partial<DocumentEntry> = {}, set: Partial<SubmissionSet> = {}): RegistryObjectList {
  const ss = aNorwegianSubmissionSet(set);
  const de = aNorwegianEntry(entry);
  return { submissionSets: [ss], documentEntries: [de], folders: [], associations: [aHasMember(ss, de)], objectRefs: [] };
}
