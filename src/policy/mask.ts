/**
 * Masking of a blocked (NORS, "sperret") DocumentEntry, after NHN's reference source
 * (norway-profile.md §6.2): the entry is returned, not removed, so the clinician learns that
 * a blocked document exists; its title becomes "Sperret" and what identifies the patient, the
 * author or the clinical content is hidden. Decided field by field in docs/access-policy.md.
 */
import type { Author, Code } from '../domain/datatypes.js';
import type { DocumentEntry } from '../domain/document-entry.js';

const MASKED_TITLE = 'Sperret';
const MASKED_VALUE = '*****';

const maskCode = (c: Code | undefined): Code | undefined =>
  c && { code: MASKED_VALUE, codingScheme: c.codingScheme, displayName: MASKED_VALUE };

/** Authors keep their institutions (the reference keeps authorInstitution); the person, role and specialty go. */
const maskAuthor = (a: Author): Author => ({
  ...(a.person ? { person: { idNumber: MASKED_VALUE, familyName: MASKED_VALUE } } : {}),
  institutions: a.institutions, roles: [], specialties: [], telecommunications: [],
});

/**
 * @param entry - a DocumentEntry the caller may know of but not read
 * @returns a copy with title "Sperret" and identifying fields hidden; ids, status, class,
 *   confidentiality, format, facility type, dates, size and hash stay, so the entry remains
 *   valid metadata and the consumer can see why it is masked
 */
export function maskDocumentEntry(entry: DocumentEntry): DocumentEntry {
  const { comments: _c, uri: _u, legalAuthenticator, typeCode, practiceSettingCode, patientId, sourcePatientId, ...kept } = entry;
  const masked: DocumentEntry = {
    ...kept,
    title: MASKED_TITLE,
    authors: entry.authors.map(maskAuthor),
    sourcePatientInfo: [],
    eventCodeList: [],
    referenceIdList: [],
    extraMetadata: {},
    ...(patientId ? { patientId: { id: MASKED_VALUE, assigningAuthority: patientId.assigningAuthority } } : {}),
    ...(sourcePatientId ? { sourcePatientId: { id: MASKED_VALUE, assigningAuthority: sourcePatientId.assigningAuthority } } : {}),
    ...(typeCode ? { typeCode: maskCode(typeCode) as Code } : {}),
    ...(practiceSettingCode ? { practiceSettingCode: maskCode(practiceSettingCode) as Code } : {}),
    ...(legalAuthenticator ? { legalAuthenticator: { idNumber: MASKED_VALUE, familyName: MASKED_VALUE } } : {}),
  };
  return masked;
}
