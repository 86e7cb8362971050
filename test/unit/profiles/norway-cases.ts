/**
 * One submission per rule of the norway profile that breaks exactly that rule, with the
 * attribute and object the finding must name.
 */
import type { Author, Code } from '../../../src/domain/datatypes.js';
import type { RegistryObjectList } from '../../../src/domain/submission.js';
import { aNorwegianAuthor, aNorwegianSubmission, OID, PATIENT } from './norwegian-submission.js';
import { syntheticDnr, withWrongCheckDigit } from './synthetic-ids.js';

export interface BreakingCase {
  readonly rule: string;
  readonly title: string;
  readonly objects: () => RegistryObjectList;
  readonly attribute: string;
  readonly location: 'Document01' | 'SubmissionSet01';
}

const VOLVEN = '2.16.578.1.12.4.1.1';
const code = (c: string, s: string): Code => ({ code: c, codingScheme: s });
const withAuthor = (a: Partial<Author>): RegistryObjectList => aNorwegianSubmission({ authors: [aNorwegianAuthor(a)] });
const withInstitution = (organizationIdentifier: string | undefined, assigningAuthority: string | undefined): RegistryObjectList =>
  withAuthor({ institutions: [{ organizationName: 'Testklinikken', ...(organizationIdentifier ? { organizationIdentifier } : {}), ...(assigningAuthority ? { assigningAuthority } : {}) }] });
const withPerson = (idNumber: string, assigningAuthority?: string): RegistryObjectList =>
  withAuthor({ person: { idNumber, familyName: 'Lege', ...(assigningAuthority ? { assigningAuthority } : {}) } });

export const NORWAY_BREAKING_CASES: readonly BreakingCase[] = [
  { rule: 'no.code.system', title: 'a classCode coded in LOINC', attribute: 'classCode', location: 'Document01',
    objects: () => aNorwegianSubmission({ classCode: code('18842-5', '2.16.840.1.113883.6.1') }) },
  { rule: 'no.code.known', title: 'a classCode that Volven 9602 does not have', attribute: 'classCode', location: 'Document01',
    objects: () => aNorwegianSubmission({ classCode: code('X00-1', `${VOLVEN}.9602`) }) },
  { rule: 'no.type-code.class', title: 'a referral type under the discharge-summary class', attribute: 'typeCode', location: 'Document01',
    objects: () => aNorwegianSubmission({ typeCode: code('I01-2', `${VOLVEN}.9602`) }) },
  { rule: 'no.cx.syntax', title: 'a patient id whose universal id type is not ISO', attribute: 'patientId', location: 'SubmissionSet01',
    objects: () => aNorwegianSubmission({}, { patientId: { ...PATIENT, universalIdType: 'DNS' } }) },
  { rule: 'no.patient-id.authority', title: 'a D-nummer sent with the fødselsnummer OID', attribute: 'sourcePatientId', location: 'Document01',
    objects: () => aNorwegianSubmission({ sourcePatientId: { id: syntheticDnr(), assigningAuthority: OID.fnr } }) },
  { rule: 'no.patient-id.format', title: 'a patient id of nine digits', attribute: 'patientId', location: 'Document01',
    objects: () => aNorwegianSubmission({ patientId: { id: '131169002', assigningAuthority: OID.fnr } }) },
  { rule: 'no.patient-id.checksum', title: 'a patient id with a wrong check digit', attribute: 'patientId', location: 'SubmissionSet01',
    objects: () => aNorwegianSubmission({}, { patientId: { ...PATIENT, id: withWrongCheckDigit(PATIENT.id) } }) },
  { rule: 'no.xon.syntax', title: 'an institution identifier without assigning authority', attribute: 'authorInstitution', location: 'Document01',
    objects: () => withInstitution('983974880', undefined) },
  { rule: 'no.author-institution.authority', title: 'an institution identified under a foreign OID', attribute: 'authorInstitution', location: 'Document01',
    objects: () => withInstitution('4711', '1.2.840.114350') },
  { rule: 'no.author-institution.orgnr', title: 'an organisasjonsnummer with a wrong check digit', attribute: 'authorInstitution', location: 'Document01',
    objects: () => withInstitution('983974881', OID.orgnr) },
  { rule: 'no.author-institution.resh', title: 'a RESH-id with letters', attribute: 'authorInstitution', location: 'Document01',
    objects: () => withInstitution('RESH42', OID.resh) },
  { rule: 'no.xcn.syntax', title: 'an author person with an id but no assigning authority', attribute: 'authorPerson', location: 'Document01',
    objects: () => withPerson('565505933') },
  { rule: 'no.hpr.authority', title: 'an author person identified by fødselsnummer', attribute: 'authorPerson', location: 'Document01',
    objects: () => withPerson(PATIENT.id, OID.fnr) },
  { rule: 'no.hpr.number', title: 'a legal authenticator whose HPR number has letters', attribute: 'legalAuthenticator', location: 'Document01',
    objects: () => aNorwegianSubmission({ legalAuthenticator: { idNumber: 'HPR5655', familyName: 'Lege', assigningAuthority: OID.hpr } }) },
  { rule: 'no.dtm.syntax', title: 'a creationTime on 30 February', attribute: 'creationTime', location: 'Document01',
    objects: () => aNorwegianSubmission({ creationTime: '20240230101500' }) },
  { rule: 'no.language-code', title: 'a German languageCode', attribute: 'languageCode', location: 'Document01',
    objects: () => aNorwegianSubmission({ languageCode: 'de-DE' }) },
  { rule: 'no.mime-type.allowed', title: 'a Word document', attribute: 'mimeType', location: 'Document01',
    objects: () => aNorwegianSubmission({ mimeType: 'application/msword', formatCode: code('urn:ihe:iti:xds:2017:mimeTypeSufficient', '1.3.6.1.4.1.19376.1.2.3') }) },
  { rule: 'no.mime-type.format', title: 'plain text under the PDF format code', attribute: 'mimeType', location: 'Document01',
    objects: () => aNorwegianSubmission({ mimeType: 'text/plain' }) },
  { rule: 'no.object-type.stable', title: 'an On-Demand DocumentEntry', attribute: 'objectType', location: 'Document01',
    objects: () => aNorwegianSubmission({ objectType: 'on-demand' }) },
];

/** Rules that are off by default and tested separately, with their configured severity. */
/** Rules that do not refuse by default: the synthetic-person rule warns (severities.test.ts covers it). */
export const NOT_ERRORS_BY_DEFAULT = ['no.patient-id.synthetic'] as const;
