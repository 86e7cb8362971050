/**
 * Masking of a blocked (NORS, "sperret") DocumentEntry (norway-profile.md §6.2): the entry is
 * returned, not removed, so the clinician learns that a blocked document exists, and nothing
 * else. Its title becomes "Sperret"; everything that tells who wrote it, where, about whom or
 * about what (author person, institution and department, role, specialty, telecom, legal
 * authenticator, comments, event codes, type, practice setting, facility type, service times,
 * patient ids and source patient info) is hidden. Decided field by field in docs/access-policy.md.
 */
import type { Author, Code, Cx } from '../domain/datatypes.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { SubmissionSet } from '../domain/submission-set.js';

const MASKED_TITLE = 'Sperret';
const MASKED_VALUE = '*****';

const maskCode = (c: Code): Code => ({ code: MASKED_VALUE, codingScheme: c.codingScheme, displayName: MASKED_VALUE });
/** The id goes, the assigning authority stays so that the CX is still a valid CX. */
const maskCx = (cx: Cx): Cx => ({ id: MASKED_VALUE, assigningAuthority: cx.assigningAuthority });
const MASKED_PERSON = { idNumber: MASKED_VALUE, familyName: MASKED_VALUE } as const;

/**
 * An author who can no longer be told: person and each institution (legal entity and
 * department alike, name and identifier) become `*****`; role, specialty and telecom go. One
 * masked author stays per original one, so the entry still has the author it had.
 */
const maskAuthor = (a: Author): Author => ({
  ...(a.person ? { person: MASKED_PERSON } : {}),
  institutions: a.institutions.map(() => ({ organizationName: MASKED_VALUE })),
  roles: [], specialties: [], telecommunications: [],
});

/**
 * @param entry - a DocumentEntry the caller may know of but not read
 * @returns a copy that says only that a blocked document exists: ids, status, object type,
 *   class, confidentiality (so the consumer sees why), format, mimeType, language, creation
 *   time, size, hash, repository and home stay, so the entry remains valid metadata
 */
export function maskDocumentEntry(entry: DocumentEntry): DocumentEntry {
  const {
    comments: _c, localizedTitle: _lt, localizedComments: _lc, uri: _u, serviceStartTime: _s, serviceStopTime: _t,
    legalAuthenticator, typeCode, practiceSettingCode, healthcareFacilityTypeCode, patientId, sourcePatientId, ...kept
  } = entry;
  return {
    ...kept,
    title: MASKED_TITLE,
    authors: entry.authors.map(maskAuthor),
    sourcePatientInfo: [],
    eventCodeList: [],
    referenceIdList: [],
    extraMetadata: {},
    ...(patientId ? { patientId: maskCx(patientId) } : {}),
    ...(sourcePatientId ? { sourcePatientId: maskCx(sourcePatientId) } : {}),
    ...(typeCode ? { typeCode: maskCode(typeCode) } : {}),
    ...(practiceSettingCode ? { practiceSettingCode: maskCode(practiceSettingCode) } : {}),
    ...(healthcareFacilityTypeCode ? { healthcareFacilityTypeCode: maskCode(healthcareFacilityTypeCode) } : {}),
    ...(legalAuthenticator ? { legalAuthenticator: MASKED_PERSON } : {}),
  };
}

/**
 * A SubmissionSet that holds a masked entry, as returned beside it (GetAll, GetSubmissionSets …):
 * its authors are usually the blocked document's, so they, its title, comments and intended
 * recipients are hidden the same way.
 * @param set - the SubmissionSet
 * @returns the masked copy
 */
export function maskSubmissionSet(set: SubmissionSet): SubmissionSet {
  const { title: _t, comments: _c, localizedTitle: _lt, localizedComments: _lc, ...kept } = set;
  return { ...kept, authors: set.authors.map(maskAuthor), intendedRecipients: [], extraMetadata: {} };
}
