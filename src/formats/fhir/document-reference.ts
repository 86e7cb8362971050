/**
 * DocumentEntry ↔ DocumentReference, following the MHD 4.2.3 map (fsh/documentReference.fsh,
 * "DocumentEntry-Mapping") and ITI TF-2 Appendix Z. Attributes without a home in MHD:
 * objectType, logicalId, version, documentAvailability, extraMetadata; homeCommunityId and
 * repositoryUniqueId travel in the attachment URL (document-locator.ts).
 */
import type { AvailabilityStatus } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import { prune } from '../prune.js';
import { authorFromFhir, authorToFhir } from './author.js';
import { ContainedReader, ContainedWriter } from './contained.js';
import {
  codeFromConcept, codeToConcept, dtmToFhir, entryUuidToIdentifier, isEntryUuidIdentifier, sha1HexToBase64, uniqueIdFromIdentifier,
  uniqueIdToIdentifier,
} from './datatypes.js';
import { IssueList, type Decoded } from './decode-issues.js';
import { readDtm, readHash } from './read-values.js';
import { localizedTextFromFhir, localizedTextToFhir } from './localized-text.js';
import { namingOf, patientFromReference, patientToReference, type FhirMappingOptions } from './mapping-options.js';
import { MHD_PROFILE } from './mhd-vocabulary.js';
import { xcnFromPractitioner, xcnToPractitioner } from './parties.js';
import { referenceIdFromFhir, referenceIdToFhir } from './reference-id.js';
import type { Attachment, DocumentReference, DocumentReferenceRelatesTo, Period } from './resources.js';
import { sourcePatientFromFhir, sourcePatientToFhir } from './source-patient.js';

/** availabilityStatus ↔ DocumentReference.status (ConceptMap FhirStatusVsStatusCode). */
const STATUS_TO_FHIR: Readonly<Record<AvailabilityStatus, string>> = { Approved: 'current', Deprecated: 'superseded', Submitted: 'current' };
const STATUS_FROM_FHIR: Readonly<Record<string, AvailabilityStatus>> = { current: 'Approved', superseded: 'Deprecated' };

export interface DocumentReferenceOptions extends FhirMappingOptions {
  /** The resource id to write (e.g. for a read or a search result); none when undefined. */
  readonly id?: string;
  /** relatesTo elements built from the entry's relationship associations (association.ts). */
  readonly relatesTo?: readonly DocumentReferenceRelatesTo[];
}

function attachmentToFhir(e: DocumentEntry, options: FhirMappingOptions): Attachment {
  return prune<Attachment>({
    contentType: e.mimeType, language: e.languageCode, url: options.locator?.urlOf(e), size: e.size,
    hash: e.hash ? sha1HexToBase64(e.hash) : undefined,
    title: localizedTextToFhir(e.title), creation: e.creationTime ? dtmToFhir(e.creationTime) : undefined,
  });
}

function contextToFhir(e: DocumentEntry, contained: ContainedWriter, options: FhirMappingOptions): DocumentReference['context'] {
  const naming = namingOf(options);
  const period = prune<Period>({
    start: e.serviceStartTime ? dtmToFhir(e.serviceStartTime) : undefined, end: e.serviceStopTime ? dtmToFhir(e.serviceStopTime) : undefined,
  });
  const context = prune<NonNullable<DocumentReference['context']>>({
    event: e.eventCodeList.length ? e.eventCodeList.map((c) => codeToConcept(c, naming)) : undefined,
    period: Object.keys(period).length ? period : undefined,
    facilityType: e.healthcareFacilityTypeCode ? codeToConcept(e.healthcareFacilityTypeCode, naming) : undefined,
    practiceSetting: e.practiceSettingCode ? codeToConcept(e.practiceSettingCode, naming) : undefined,
    sourcePatientInfo: sourcePatientToFhir(e.sourcePatientId, e.sourcePatientInfo, contained),
    related: e.referenceIdList.length ? e.referenceIdList.map(referenceIdToFhir) : undefined,
  });
  return Object.keys(context).length ? context : undefined;
}

/**
 * Writes a DocumentEntry as an MHD DocumentReference, with author, authenticator and
 * sourcePatientInfo contained (Comprehensive), or marked Minimal when limitedMetadata is set.
 * @param entry - the DocumentEntry
 * @param options - naming, locator, patient references, id and relatesTo
 * @returns the DocumentReference
 */
export function documentEntryToFhir(entry: DocumentEntry, options: DocumentReferenceOptions = {}): DocumentReference {
  const naming = namingOf(options);
  const contained = new ContainedWriter();
  const author = entry.authors.map((a, i) => authorToFhir(a, `author${i + 1}`, contained, naming));
  const authenticator = entry.legalAuthenticator ? contained.add('authenticator', xcnToPractitioner(entry.legalAuthenticator)) : undefined;
  const context = contextToFhir(entry, contained, options);
  return prune<DocumentReference>({
    resourceType: 'DocumentReference',
    id: options.id,
    meta: { profile: [entry.limitedMetadata ? MHD_PROFILE.minimalDocumentReference : MHD_PROFILE.comprehensiveDocumentReference] },
    contained: contained.resources.length ? contained.resources : undefined,
    masterIdentifier: entry.uniqueId ? uniqueIdToIdentifier(entry.uniqueId, 'usual') : undefined,
    identifier: [entryUuidToIdentifier(entry.entryUuid)],
    status: STATUS_TO_FHIR[entry.availabilityStatus ?? 'Approved'],
    type: entry.typeCode ? codeToConcept(entry.typeCode, naming) : undefined,
    category: entry.classCode ? [codeToConcept(entry.classCode, naming)] : undefined,
    subject: entry.patientId ? patientToReference(entry.patientId, options) : undefined,
    author: author.length ? author : undefined,
    authenticator,
    relatesTo: options.relatesTo?.length ? options.relatesTo : undefined,
    description: localizedTextToFhir(entry.comments),
    securityLabel: entry.confidentialityCodes.length ? entry.confidentialityCodes.map((c) => codeToConcept(c, naming)) : undefined,
    content: [prune({ attachment: attachmentToFhir(entry, options), format: formatToFhir(entry, options) })],
    context,
  });
}

function formatToFhir(e: DocumentEntry, options: FhirMappingOptions): DocumentReference['content'][number]['format'] {
  return e.formatCode ? codeToConcept(e.formatCode, namingOf(options)).coding?.[0] : undefined;
}

export interface DocumentEntryReadOptions extends FhirMappingOptions {
  /** The entryUUID to use when the resource carries none (e.g. its Bundle fullUrl). */
  readonly entryUuid?: string;
}

function readAttachment(doc: DocumentReference, issues: IssueList, options: FhirMappingOptions): Partial<DocumentEntry> {
  if (doc.content.length !== 1) issues.error('DocumentReference.content', `MHD allows exactly one content, not ${doc.content.length}`, 'structure');
  const at = 'DocumentReference.content[0].attachment';
  const a = doc.content[0]?.attachment ?? {};
  if (a.data !== undefined) issues.error(`${at}.data`, 'the document goes in a Binary, not inline in the DocumentReference (MHD: data 0..0)', 'structure');
  const located = a.url && options.locator ? options.locator.locate(a.url) : {};
  return prune<Partial<DocumentEntry>>({
    mimeType: a.contentType, languageCode: a.language, size: a.size, ...located,
    hash: a.hash !== undefined ? readHash(a.hash, issues, `${at}.hash`) : undefined,
    title: localizedTextFromFhir(a.title),
    creationTime: readDtm(a.creation, issues, `${at}.creation`),
    formatCode: codeFromConcept(doc.content[0]?.format ? { coding: [doc.content[0].format] } : undefined, namingOf(options)),
  });
}

function readContext(doc: DocumentReference, reader: ContainedReader, issues: IssueList, options: FhirMappingOptions): Partial<DocumentEntry> {
  const naming = namingOf(options);
  const c = doc.context;
  const source = sourcePatientFromFhir(c?.sourcePatientInfo, reader);
  return prune<Partial<DocumentEntry>>({
    eventCodeList: (c?.event ?? []).map((e) => codeFromConcept(e, naming)).filter((x) => x !== undefined),
    serviceStartTime: readDtm(c?.period?.start, issues, 'DocumentReference.context.period.start'),
    serviceStopTime: readDtm(c?.period?.end, issues, 'DocumentReference.context.period.end'),
    healthcareFacilityTypeCode: codeFromConcept(c?.facilityType, naming),
    practiceSettingCode: codeFromConcept(c?.practiceSetting, naming),
    sourcePatientId: source.id, sourcePatientInfo: source.info,
    referenceIdList: (c?.related ?? []).map(referenceIdFromFhir).filter((x) => x !== undefined),
  });
}

function readStatus(status: string, issues: IssueList): AvailabilityStatus | undefined {
  const s = STATUS_FROM_FHIR[status];
  if (!s) issues.error('DocumentReference.status', `status ${status} has no Document Sharing availabilityStatus (current or superseded)`, 'value');
  return s;
}

/** Reports what the DocumentReference carries that cannot be read into the DocumentEntry. */
function reportUnread(doc: DocumentReference, issues: IssueList): void {
  if (!doc.masterIdentifier) issues.error('DocumentReference.masterIdentifier', 'MHD requires masterIdentifier, the document uniqueId', 'required');
  if (doc.context?.encounter?.length) {
    issues.warning('DocumentReference.context.encounter', 'context.encounter was not read: send the encounter id as a context.related identifier', 'not-supported');
  }
  const spi = doc.context?.sourcePatientInfo?.reference;
  if (spi && !spi.startsWith('#')) {
    issues.warning('DocumentReference.context.sourcePatientInfo', `sourcePatientInfo ${spi} is not a contained Patient and was not read`, 'not-supported');
  }
}

function readEntryUuid(doc: DocumentReference, issues: IssueList, options: DocumentEntryReadOptions): string {
  const uuid = doc.identifier?.find(isEntryUuidIdentifier)?.value ?? options.entryUuid;
  if (!uuid) issues.error('DocumentReference.identifier', 'no entryUUID: no official urn:uuid: identifier and no fullUrl to take it from', 'required');
  return uuid ?? '';
}

/**
 * Reads an MHD DocumentReference into a DocumentEntry.
 * @param doc - the DocumentReference (already structurally checked by the codec)
 * @param options - naming, locator, patient resolution, fallback entryUUID
 * @returns the DocumentEntry and the issues found; errors mean the resource is refused
 */
export function documentEntryFromFhir(doc: DocumentReference, options: DocumentEntryReadOptions = {}): Decoded<DocumentEntry> {
  const issues = new IssueList();
  const naming = namingOf(options);
  const reader = new ContainedReader(doc.contained);
  const authenticator = reader.resolve(doc.authenticator);
  reportUnread(doc, issues);
  const value = prune<DocumentEntry>({
    entryUuid: readEntryUuid(doc, issues, options),
    uniqueId: doc.masterIdentifier ? uniqueIdFromIdentifier(doc.masterIdentifier) : undefined,
    objectType: 'stable',
    availabilityStatus: readStatus(doc.status, issues),
    patientId: patientFromReference(doc.subject, options, issues, 'DocumentReference.subject'),
    classCode: codeFromConcept(doc.category?.[0], naming),
    typeCode: codeFromConcept(doc.type, naming),
    confidentialityCodes: (doc.securityLabel ?? []).map((c) => codeFromConcept(c, naming)).filter((x) => x !== undefined),
    comments: localizedTextFromFhir(doc.description),
    authors: (doc.author ?? []).map((a, i) => authorFromFhir(a, reader, naming, issues, `DocumentReference.author[${i}]`)).filter((x) => x !== undefined),
    legalAuthenticator: authenticator?.resourceType === 'Practitioner' ? xcnFromPractitioner(authenticator) : undefined,
    limitedMetadata: doc.meta?.profile?.includes(MHD_PROFILE.minimalDocumentReference) ?? false,
    extraMetadata: {},
    ...readAttachment(doc, issues, options),
    ...readContext(doc, reader, issues, options),
  } as DocumentEntry);
  return { value, issues: issues.issues };
}
