/**
 * Which CSV of ../shared/codes/norway/ feeds which code system and which value set of
 * metadata-codes/. Names, FHIR URIs and completeness follow ../shared/codes/norway/README.md
 * and norway-profile.md §2, §4.6; HL7 Norway canonical URLs are those of HL7Norway/kodeverk.
 * Volven systems without an HL7 Norway CodeSystem use `urn:oid:` as their FHIR system.
 */
import { ANY_SYSTEM, type CodeSystemRecord } from '../../src/codes/code-files.js';
import type { CsvCodeRow } from './csv.js';

const VOLVEN = '2.16.578.1.12.4.1.1';
const volven = (n: string, name: string, completeness: CodeSystemRecord['completeness'], extra: Partial<CodeSystemRecord> = {}): CodeSystemRecord =>
  ({ oid: `${VOLVEN}.${n}`, name, uri: `urn:oid:${VOLVEN}.${n}`, completeness, ...extra });

/** IHE format-code system; NHN examples write its FHIR URL as codingScheme. norway-profile.md §2.1 */
export const IHE_FORMAT_CODES = '1.3.6.1.4.1.19376.1.2.3';

/** Every code system the Norwegian profile names, keyed by the CSV it is built from ('' = no list). */
export const NORWAY_SYSTEMS: readonly { readonly csv: string; readonly system: CodeSystemRecord }[] = [
  { csv: 'volven-9602-dokumenttype.csv', system: volven('9602', 'Volven 9602 Dokumenttype', 'ref-copy', { note: 'level 1 (X00-1) = classCode, level 2 (Xnn-2) = typeCode' }) },
  { csv: 'volven-9603-sperring-nekting.csv', system: volven('9603', 'Volven 9603 Sperring og nekting av dokumenter', 'complete', { uri: 'http://helsedir.no/fhir/CodeSystem/no-kodeverk-9603' }) },
  { csv: 'hl7-confidentiality.csv', system: { oid: '2.16.840.1.113883.5.25', name: 'HL7 v3 Confidentiality', uri: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', completeness: 'complete', note: 'NHN uses N, R and V' } },
  { csv: 'volven-1303-healthcarefacilitytype.csv', system: volven('1303', 'Volven 1303 (healthcare facility type)', 'ref-copy') },
  { csv: 'volven-8651-practicesetting.csv', system: volven('8651', 'Volven 8651', 'partial') },
  { csv: 'volven-8653-practicesetting.csv', system: volven('8653', 'Volven 8653', 'partial') },
  { csv: 'volven-8654-practicesetting.csv', system: volven('8654', 'Volven 8654', 'ref-copy') },
  { csv: 'volven-8655-helsehjelpsomrade.csv', system: volven('8655', 'Volven 8655 Helsehjelpsområde', 'ref-copy') },
  { csv: 'volven-8663-tjenestetyper-kommunal.csv', system: volven('8663', 'Volven 8663 Tjenestetyper for kommunal helse- og omsorgstjeneste', 'partial') },
  { csv: 'volven-9034-authorrole.csv', system: volven('9034', 'Volven 9034 (author role; official name not confirmed)', 'partial', { note: 'codes 1, 2 and 22 absent' }) },
  { csv: 'volven-7426-authorspecialty.csv', system: volven('7426', 'Volven 7426 (author specialty; official name not confirmed)', 'partial', { note: 'values seen in sample data' }) },
  { csv: 'volven-3101-kjonn.csv', system: volven('3101', 'Volven 3101 Kjønn', 'ref-copy') },
  { csv: 'volven-9060-kategori-helsepersonell.csv', system: volven('9060', 'Volven 9060 Kategori helsepersonell', 'complete', { uri: 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-9060' }) },
  { csv: 'volven-8116-id-type-personer.csv', system: volven('8116', 'Volven 8116 ID-type for personer', 'complete', { uri: 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-8116' }) },
  { csv: 'volven-8327-offisiell-personidentifikasjon.csv', system: volven('8327', 'Volven 8327 Offisiell personidentifikasjon', 'complete', { uri: 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-8327' }) },
  { csv: 'no-formatcodes.csv', system: { oid: IHE_FORMAT_CODES, name: 'IHE format codes', uri: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode', aliases: ['http://profiles.ihe.net/fhir/ihe.formatcode.fhir/CodeSystem-formatcode'], completeness: 'subset', note: 'Norway uses urn:ihe:iti:xds:2017:mimeTypeSufficient; the Norwegian urn:no:* format codes have no documented codingScheme and are accepted under any (norway-profile.md §2.1a)' } },
  { csv: 'hl7-purposeofuse-no-subset.csv', system: { oid: '2.16.840.1.113883.1.11.20448', name: 'HL7 v3 PurposeOfUse (value set OID, as sent in Norway)', uri: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', aliases: ['2.16.840.1.113883.5.8'], completeness: 'subset', note: 'the underlying code system is ActReason 2.16.840.1.113883.5.8' } },
  { csv: 'iso14265-purpose.csv', system: { oid: '1.0.14265.1', name: 'ISO 14265 purpose of use (legacy, Helsenorge)', uri: 'urn:oid:1.0.14265.1', completeness: 'subset' } },
  { csv: 'nhn-xua-acp.csv', system: { oid: '2.16.578.1.12.4.1.7.2.1', name: 'NHN XUA access control policies', uri: 'urn:oid:2.16.578.1.12.4.1.7.2.1', completeness: 'complete', note: 'sent as urn:oid:<code>' } },
  { csv: 'nhn-bppc-docid.csv', system: { oid: '2.16.578.1.12.4.1.7.2.2', name: 'NHN BPPC consent documents', uri: 'urn:oid:2.16.578.1.12.4.1.7.2.2', completeness: 'complete', note: 'sent as urn:oid:<code>' } },
  { csv: 'dips-decisiontemplate-purpose-of-use-details.csv', system: { oid: 'https://terminology.dips.com/decisiontemplate', name: 'DIPS decision templates (care relation)', uri: 'https://terminology.dips.com/decisiontemplate', aliases: ['urn:AuditEventHL7Norway/CodeSystem/carerelation'], completeness: 'complete', note: 'vendor code system without an OID' } },
  { csv: 'no-identifier-oids.csv', system: { oid: '2.16.578.1.12.4.1.4', name: 'Norwegian identifier namespaces (assigning-authority OIDs)', uri: 'urn:oid:2.16.578.1.12.4.1.4', completeness: 'subset', note: 'the identifiers used in document sharing; FHIR identifier systems are urn:oid:<code>' } },
  { csv: '', system: volven('7010', 'Volven 7010 (NORPAT)', 'not-available', { note: 'eventCodeList; no value list available' }) },
  { csv: '', system: volven('7210', 'Volven 7210', 'not-available', { note: 'eventCodeList; no value list available' }) },
  { csv: '', system: volven('7220', 'Volven 7220', 'not-available', { note: 'eventCodeList; no value list available' }) },
  { csv: '', system: volven('7270', 'Volven 7270 (NCRP)', 'not-available', { note: 'eventCodeList; no value list available' }) },
];

/** One part of a generated value set: rows of a CSV, optionally filtered, under a system. */
export interface PartSpec {
  readonly csv?: string;
  /** Open system without a list (eventCodeList). */
  readonly openSystem?: string;
  readonly filter?: (row: CsvCodeRow) => boolean;
  /** The system the rows belong to; defaults to the CSV's system. Per row for mixed lists. */
  readonly systemOf?: (row: CsvCodeRow) => string;
  readonly parentOf?: (row: CsvCodeRow) => string | undefined;
  readonly note?: string;
}

export interface ValueSetSpec {
  readonly file: string;
  readonly attribute: string;
  readonly description: string;
  readonly parts: readonly PartSpec[];
}

const csvOnly = (csv: string): readonly PartSpec[] => [{ csv }];

/** 9602 type codes sit under the class code with the same letter: A03-2 → A00-1. norway-profile.md §2.1 */
const classOfType = (row: CsvCodeRow): string => `${row.code.charAt(0)}00-1`;

/** The generated value sets, in the order they are written. */
export const NORWAY_VALUE_SETS: readonly ValueSetSpec[] = [
  { file: 'classCode', attribute: 'classCode', description: 'DocumentEntry.classCode: Volven 9602 level 1 (X00-1)', parts: [{ csv: 'volven-9602-dokumenttype.csv', filter: (r) => r.code.endsWith('-1') }] },
  { file: 'typeCode', attribute: 'typeCode', description: 'DocumentEntry.typeCode: Volven 9602 level 2 (Xnn-2), each under its level-1 class (parent)', parts: [{ csv: 'volven-9602-dokumenttype.csv', filter: (r) => r.code.endsWith('-2'), parentOf: classOfType }] },
  { file: 'confidentialityCode', attribute: 'confidentialityCode', description: 'DocumentEntry.confidentialityCode: Volven 9603 blocking and refusal, and HL7 Confidentiality used alongside', parts: [{ csv: 'volven-9603-sperring-nekting.csv' }, { csv: 'hl7-confidentiality.csv' }] },
  { file: 'healthcareFacilityTypeCode', attribute: 'healthcareFacilityTypeCode', description: 'DocumentEntry.healthcareFacilityTypeCode: Volven 1303', parts: csvOnly('volven-1303-healthcarefacilitytype.csv') },
  { file: 'practiceSettingCode', attribute: 'practiceSettingCode', description: 'DocumentEntry.practiceSettingCode: Volven 8655, 8653 (NHN examples), 8651, 8654 and 8663', parts: ['volven-8655-helsehjelpsomrade.csv', 'volven-8653-practicesetting.csv', 'volven-8651-practicesetting.csv', 'volven-8654-practicesetting.csv', 'volven-8663-tjenestetyper-kommunal.csv'].map((csv) => ({ csv })) },
  { file: 'formatCode', attribute: 'formatCode', description: 'DocumentEntry.formatCode: IHE mimeTypeSufficient and the Norwegian urn:no:* format codes (any codingScheme)', parts: [
    { csv: 'no-formatcodes.csv', filter: (r) => r.code.startsWith('urn:ihe:'), systemOf: () => IHE_FORMAT_CODES },
    { csv: 'no-formatcodes.csv', filter: (r) => !r.code.startsWith('urn:ihe:'), systemOf: () => ANY_SYSTEM, note: 'codingScheme not documented; any is accepted (norway-profile.md §2.1a)' },
  ] },
  { file: 'eventCode', attribute: 'eventCodeList', description: 'DocumentEntry.eventCodeList: systems named by the profile without value lists; the system is checked, the code is not', parts: ['7010', '7210', '7220', '7270'].map((n) => ({ openSystem: `${VOLVEN}.${n}` })) },
  { file: 'authorRole', attribute: 'authorRole', description: 'author.authorRole: Volven 9034', parts: csvOnly('volven-9034-authorrole.csv') },
  { file: 'authorSpecialty', attribute: 'authorSpecialty', description: 'author.authorSpecialty: Volven 7426', parts: csvOnly('volven-7426-authorspecialty.csv') },
  { file: 'purposeOfUse', attribute: 'purposeOfUse', description: 'XUA purpose of use: HL7 PurposeOfUse (Norwegian subset) and legacy ISO 14265', parts: [{ csv: 'hl7-purposeofuse-no-subset.csv' }, { csv: 'iso14265-purpose.csv' }] },
  { file: 'subjectRole', attribute: 'subjectRole', description: 'XUA subject role / trust-framework practitioner.authorization: Volven 9060 Kategori helsepersonell', parts: csvOnly('volven-9060-kategori-helsepersonell.csv') },
  { file: 'accessControlPolicy', attribute: 'accessControlPolicy', description: 'XUA urn:ihe:iti:xua:2012:acp: NHN access control policies', parts: csvOnly('nhn-xua-acp.csv') },
  { file: 'bppcDocId', attribute: 'bppcDocId', description: 'XUA urn:ihe:iti:bppc:2007:docid: NHN BPPC consent documents', parts: csvOnly('nhn-bppc-docid.csv') },
  { file: 'purposeOfUseDetails', attribute: 'purposeOfUseDetails', description: 'Trust-framework purpose_of_use_details (specialist care): DIPS decision templates', parts: csvOnly('dips-decisiontemplate-purpose-of-use-details.csv') },
  { file: 'gender', attribute: 'gender', description: 'sourcePatientInfo gender: Volven 3101 Kjønn (PID-8 M/F mapping is the implementer\'s)', parts: csvOnly('volven-3101-kjonn.csv') },
  { file: 'personIdentifierType', attribute: 'personIdentifierType', description: 'Types of person identifiers: Volven 8116 and 8327', parts: [{ csv: 'volven-8116-id-type-personer.csv' }, { csv: 'volven-8327-offisiell-personidentifikasjon.csv' }] },
  { file: 'identifierSystems', attribute: 'assigningAuthority', description: 'Assigning-authority OIDs of Norwegian identifiers (FNR, DNR, FHN, HPR, orgnr, RESH …)', parts: csvOnly('no-identifier-oids.csv') },
  { file: 'documentSharingOids', attribute: 'documentSharingOid', description: 'Document-sharing OIDs: national community, RHF and NHN nodes, test homeCommunityId / repositoryUniqueId values', parts: [{ csv: 'no-docsharing-oids.csv', systemOf: () => ANY_SYSTEM, note: 'OIDs, not codes of one system' }] },
];
