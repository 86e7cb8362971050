import { canonicalCommunityId } from '../../domain/oid.js';
import type { DocumentRequest, RetrievedDocument } from '../../domain/retrieve.js';
import type { DocumentContent } from '../../domain/submission.js';
import { issue, XdsError, type Issue } from '../../errors/issue.js';
import { child, children, NS, type XmlElement } from '../xml/tree.js';
import { escapeAttr, textEl } from '../xml/write.js';
import { bytesFromBase64, contentFromBytes } from './binary.js';
import { registryErrorListXml, responseFromEbrim, responseStatusUrn, type DecodedResponse, type ReceivedIssue, type ResponseStatus } from './registry-response.js';

/**
 * xdsb:RetrieveDocumentSetRequest / Response, the bodies of ITI-43 and ITI-39.
 * See ITI TF-2 3.43.4.1.2, 3.43.4.2.2 and XDS.b_DocumentRepository.xsd.
 */

const REQUEST = 'RetrieveDocumentSetRequest';
const RESPONSE = 'RetrieveDocumentSetResponse';
const malformed = (why: string): XdsError => XdsError.of('MALFORMED_REPOSITORY_REQUEST', [REQUEST, why]);

/**
 * Decodes a RetrieveDocumentSetRequest. Each DocumentRequest must hold HomeCommunityId?,
 * RepositoryUniqueId, DocumentUniqueId in that order and nothing else.
 * @param el - the xdsb:RetrieveDocumentSetRequest element
 * @returns the requests in order
 * @throws XdsError MALFORMED_REPOSITORY_REQUEST for any other shape
 */
export function retrieveDocumentSetRequestFromEbrim(el: XmlElement): DocumentRequest[] {
  if (el.ns !== NS.xdsb || el.local !== REQUEST) throw malformed(`the element is {${el.ns}}${el.local}`);
  const requests = el.children.map((r, i) => {
    if (r.ns !== NS.xdsb || r.local !== 'DocumentRequest') throw malformed(`element ${i + 1} is ${r.local}, not DocumentRequest`);
    return documentRequestOf(r, i + 1);
  });
  if (requests.length === 0) throw malformed('it has no DocumentRequest');
  return requests;
}

function documentRequestOf(r: XmlElement, n: number): DocumentRequest {
  const parts = r.children;
  const names = parts.map((p) => (p.ns === NS.xdsb ? p.local : `{${p.ns}}${p.local}`));
  const hasHome = names[0] === 'HomeCommunityId';
  const expected = hasHome ? ['HomeCommunityId', 'RepositoryUniqueId', 'DocumentUniqueId'] : ['RepositoryUniqueId', 'DocumentUniqueId'];
  if (names.join(',') !== expected.join(',')) {
    throw malformed(`DocumentRequest ${n} holds ${names.join(', ') || 'nothing'}; expected HomeCommunityId?, RepositoryUniqueId, DocumentUniqueId`);
  }
  const [a, b, c] = parts.map((p) => p.text.trim());
  const [home, repositoryUniqueId, documentUniqueId] = hasHome ? [a, b, c] : [undefined, a, b];
  if (!repositoryUniqueId || !documentUniqueId) throw malformed(`DocumentRequest ${n} has an empty RepositoryUniqueId or DocumentUniqueId`);
  // Either form of the community id is accepted (NHN sends the bare OID; norway-profile.md §3.3).
  return home ? { homeCommunityId: canonicalCommunityId(home), repositoryUniqueId, documentUniqueId } : { repositoryUniqueId, documentUniqueId };
}

/** Writes a RetrieveDocumentSetRequest, for clients, tests and the initiating gateway. */
export function retrieveDocumentSetRequestToEbrim(requests: readonly DocumentRequest[]): string {
  let out = `<xdsb:${REQUEST} xmlns:xdsb="${NS.xdsb}">`;
  for (const r of requests) {
    out += '<xdsb:DocumentRequest>'
      + (r.homeCommunityId === undefined ? '' : textEl('xdsb:HomeCommunityId', r.homeCommunityId))
      + textEl('xdsb:RepositoryUniqueId', r.repositoryUniqueId)
      + textEl('xdsb:DocumentUniqueId', r.documentUniqueId) + '</xdsb:DocumentRequest>';
  }
  return `${out}</xdsb:${REQUEST}>`;
}

/** One document of a response and the id of the attachment that carries its bytes. */
export interface RetrievedItem {
  readonly document: RetrievedDocument;
  readonly contentId: string;
}

/**
 * Writes a RetrieveDocumentSetResponse. Each Document holds an xop:Include pointing at its
 * attachment; the transport sends it as MTOM or replaces it with inline base64.
 * @param status - Success, PartialSuccess or Failure (ITI TF-2 3.43.4.2.3)
 * @param items - the documents found, with their attachment content ids
 * @param issues - per-document errors and warnings
 * @returns the element markup, namespaces bound
 */
export function retrieveDocumentSetResponseToEbrim(status: ResponseStatus, items: readonly RetrievedItem[], issues: readonly ReceivedIssue[]): string {
  const errors = registryErrorListXml(issues);
  const rr = `<rs:RegistryResponse status="${responseStatusUrn(status)}"${errors === '' ? '/>' : `>${errors}</rs:RegistryResponse>`}`;
  let out = `<xdsb:${RESPONSE} xmlns:xdsb="${NS.xdsb}" xmlns:rs="${NS.rs}"${items.length ? ` xmlns:xop="${NS.xop}"` : ''}>${rr}`;
  for (const { document: d, contentId } of items) {
    out += '<xdsb:DocumentResponse>'
      + (d.homeCommunityId === undefined ? '' : textEl('xdsb:HomeCommunityId', d.homeCommunityId))
      + textEl('xdsb:RepositoryUniqueId', d.repositoryUniqueId)
      + textEl('xdsb:DocumentUniqueId', d.documentUniqueId)
      + textEl('xdsb:mimeType', d.mimeType)
      + `<xdsb:Document><xop:Include href="cid:${escapeAttr(contentId)}"/></xdsb:Document></xdsb:DocumentResponse>`;
  }
  return `${out}</xdsb:${RESPONSE}>`;
}

/** A DocumentResponse as received. */
export interface ReceivedDocument {
  readonly homeCommunityId?: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
  readonly newRepositoryUniqueId?: string;
  readonly newDocumentUniqueId?: string;
  readonly mimeType: string;
  /** The bytes, when the transport resolved them or the Document held base64. */
  readonly content?: DocumentContent;
  /** The cid: target of an xop:Include the transport did not resolve. */
  readonly contentId?: string;
}

export interface DecodedRetrieveResponse extends DecodedResponse {
  readonly documents: ReceivedDocument[];
}

/**
 * Decodes a RetrieveDocumentSetResponse, for tests and the initiating gateway.
 * @param el - the xdsb:RetrieveDocumentSetResponse element
 * @returns status, received RegistryErrors, documents, and decode problems
 */
export function retrieveDocumentSetResponseFromEbrim(el: XmlElement): DecodedRetrieveResponse {
  const rr = el.ns === NS.xdsb && el.local === RESPONSE ? child(el, NS.rs, 'RegistryResponse') : undefined;
  if (!rr) {
    return { status: 'Failure', issues: [], documents: [], decodeIssues: [issue('MALFORMED_RESPONSE', [RESPONSE, 'no rs:RegistryResponse in an xdsb:RetrieveDocumentSetResponse'])] };
  }
  const response = responseFromEbrim(rr, RESPONSE);
  const decodeIssues = [...response.decodeIssues];
  const documents = children(el, NS.xdsb, 'DocumentResponse').map((d) => receivedDocument(d, decodeIssues));
  return { ...response, decodeIssues, documents };
}

function receivedDocument(d: XmlElement, issues: Issue[]): ReceivedDocument {
  const text = (local: string): string | undefined => child(d, NS.xdsb, local)?.text.trim();
  const out: { -readonly [K in keyof ReceivedDocument]: ReceivedDocument[K] } = {
    repositoryUniqueId: text('RepositoryUniqueId') ?? '',
    documentUniqueId: text('DocumentUniqueId') ?? '',
    mimeType: text('mimeType') ?? '',
  };
  const optional = { homeCommunityId: 'HomeCommunityId', newRepositoryUniqueId: 'NewRepositoryUniqueId', newDocumentUniqueId: 'NewDocumentUniqueId' } as const;
  for (const [key, local] of Object.entries(optional) as [keyof typeof optional, string][]) {
    const v = text(local);
    if (v !== undefined) out[key] = key === 'homeCommunityId' ? canonicalCommunityId(v) : v;
  }
  const doc = child(d, NS.xdsb, 'Document');
  const include = doc && child(doc, NS.xop, 'Include');
  if (doc?.binary) out.content = doc.binary;
  else if (include) out.contentId = cidOf(include.attrs['href'] ?? '');
  else {
    const bytes = doc ? bytesFromBase64(doc.text) : undefined;
    if (bytes) out.content = contentFromBytes(bytes);
    else issues.push(issue('MALFORMED_RESPONSE', [RESPONSE, `document ${out.documentUniqueId} has no readable content`]));
  }
  return out;
}

/** The content id of a `cid:` URL (RFC 2392: URL-encoded); a bad escape is kept as sent. */
function cidOf(href: string): string {
  const raw = href.replace(/^cid:/i, '');
  try { return decodeURIComponent(raw); } catch { return raw; }
}
