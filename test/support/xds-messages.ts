/**
 * Builds wire messages for tests and benchmarks from the project's own fixtures, independently
 * of the gateway's ebRIM encoder, so that a fault in the encoder cannot hide a fault in the decoder.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AVAILABILITY_STATUS, STORED_QUERY_ID } from '../../src/domain/vocabulary.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/ebrim/iti42/norwegian-single-document.xml', import.meta.url));
const template = readFileSync(FIXTURE, 'utf8');

let counter = 0;
/** A fresh OID under the test arc 2.999, unique within this process run. */
export function freshOid(): string {
  counter += 1;
  return `2.999.7.${process.pid}.${Date.now()}.${counter}`;
}

export interface SubmissionParams {
  readonly patientId?: string;
  readonly documentUniqueId?: string;
  readonly submissionSetUniqueId?: string;
  readonly mimeType?: string;
  readonly confidentiality?: string;
}

/** A SubmitObjectsRequest (ITI-42 body) with one DocumentEntry "Document01" and its SubmissionSet. */
export function submitObjectsRequest(p: SubmissionParams = {}): { xml: string; documentUniqueId: string; submissionSetUniqueId: string } {
  const documentUniqueId = p.documentUniqueId ?? freshOid();
  const submissionSetUniqueId = p.submissionSetUniqueId ?? freshOid();
  const values: Record<string, string> = {
    patientId: p.patientId ?? '13116900216',
    documentUniqueId,
    submissionSetUniqueId,
    mimeType: p.mimeType ?? 'text/plain',
    confidentiality: p.confidentiality ?? 'N',
  };
  const xml = template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? (k.startsWith('uuid') ? randomUUID() : `{{${k}}}`));
  return { xml, documentUniqueId, submissionSetUniqueId };
}

/** Adds hash/size/repositoryUniqueId slots to Document01, as a source that supplies them does. */
export function withDocumentSlots(xml: string, slots: Record<string, string>): string {
  const extra = Object.entries(slots)
    .map(([n, v]) => `<rim:Slot name="${n}"><rim:ValueList><rim:Value>${v}</rim:Value></rim:ValueList></rim:Slot>`).join('');
  return xml.replace(/(<rim:ExtrinsicObject [^>]*>)/, `$1${extra}`);
}

/**
 * An ITI-41 body: the SubmitObjectsRequest plus one xdsb:Document for Document01, either as
 * an xop:Include of `contentId` or inline base64 of `inline`.
 */
export function provideAndRegisterRequest(submitObjects: string, doc: { contentId: string } | { inline: Buffer }): string {
  const content = 'contentId' in doc
    ? `<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:${encodeURIComponent(doc.contentId)}"/>`
    : doc.inline.toString('base64');
  return `<xdsb:ProvideAndRegisterDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007">${submitObjects}`
    + `<xdsb:Document id="Document01">${content}</xdsb:Document></xdsb:ProvideAndRegisterDocumentSetRequest>`;
}

/** An ITI-43 body asking for the given documents. */
export function retrieveRequest(repositoryUniqueId: string, documentUniqueIds: readonly string[], home?: string): string {
  const reqs = documentUniqueIds.map((id) => '<xdsb:DocumentRequest>'
    + (home ? `<xdsb:HomeCommunityId>${home}</xdsb:HomeCommunityId>` : '')
    + `<xdsb:RepositoryUniqueId>${repositoryUniqueId}</xdsb:RepositoryUniqueId>`
    + `<xdsb:DocumentUniqueId>${id}</xdsb:DocumentUniqueId></xdsb:DocumentRequest>`).join('');
  return `<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007">${reqs}</xdsb:RetrieveDocumentSetRequest>`;
}

/** An ITI-18 FindDocuments body for one patient (Approved entries), LeafClass or ObjectRef. */
export function findDocumentsRequest(patientCx: string, returnType: 'LeafClass' | 'ObjectRef' = 'LeafClass', extraSlots = ''): string {
  return '<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">'
    + `<query:ResponseOption returnComposedObjects="true" returnType="${returnType}"/>`
    + `<rim:AdhocQuery id="${STORED_QUERY_ID.FindDocuments}">`
    + `<rim:Slot name="$XDSDocumentEntryPatientId"><rim:ValueList><rim:Value>'${patientCx.replace(/&/g, '&amp;')}'</rim:Value></rim:ValueList></rim:Slot>`
    + `<rim:Slot name="$XDSDocumentEntryStatus"><rim:ValueList><rim:Value>('${AVAILABILITY_STATUS.approved}')</rim:Value></rim:ValueList></rim:Slot>`
    + extraSlots
    + '</rim:AdhocQuery></query:AdhocQueryRequest>';
}

export const NORWEGIAN_PATIENT_CX = '13116900216^^^&2.16.578.1.12.4.1.4.1&ISO';
