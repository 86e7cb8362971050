/**
 * Sends one test step to the gateway as the right IHE transaction (endpoint, wsa:Action, MTOM
 * or not) and reads the answer into what the checks need: status, errors, the response body and,
 * for retrieves, the documents. SOAP goes through the test-support client, which shares no code
 * with the gateway's transport.
 */
import { NS } from '../../src/formats/xml/tree.js';
import { callSoap, type Attachment } from '../../test/support/soap-client.js';
import { shortStatus, type TransactionKind } from './plan.js';
import { descendants, kid, kids, parseNode, serializeNode, textOf, type XNode } from './xml-node.js';
import { SOAP_ACTION } from '../../src/domain/vocabulary.js';

/** The endpoint paths the runner sends to, relative to the gateway's base URL (interface.md). */
export type Endpoint = 'registry' | 'repository' | 'xca' | 'ig';

interface Route { readonly endpoint: Endpoint; readonly action: string; readonly mtom: boolean; readonly iti: string }

/** Transaction → route; ITI TF-2 and interface.md "SOAP endpoints". */
export const ROUTES: Readonly<Partial<Record<TransactionKind, Route>>> = {
  Register: { endpoint: 'registry', action: SOAP_ACTION.registerDocumentSet, mtom: false, iti: 'ITI-42' },
  ProvideAndRegister: { endpoint: 'repository', action: SOAP_ACTION.provideAndRegister, mtom: true, iti: 'ITI-41' },
  StoredQuery: { endpoint: 'registry', action: SOAP_ACTION.registryStoredQuery, mtom: false, iti: 'ITI-18' },
  Retrieve: { endpoint: 'repository', action: SOAP_ACTION.retrieveDocumentSet, mtom: true, iti: 'ITI-43' },
  XCQ: { endpoint: 'xca', action: SOAP_ACTION.crossGatewayQuery, mtom: false, iti: 'ITI-38' },
  XCR: { endpoint: 'xca', action: SOAP_ACTION.crossGatewayRetrieve, mtom: true, iti: 'ITI-39' },
  Mu: { endpoint: 'registry', action: 'urn:ihe:iti:2010:UpdateDocumentSet', mtom: false, iti: 'ITI-57' },
  RemoveMetadata: { endpoint: 'registry', action: 'urn:ihe:iti:2010:DeleteDocumentSet', mtom: false, iti: 'ITI-62' },
  Rd: { endpoint: 'repository', action: 'urn:ihe:iti:2017:RemoveDocuments', mtom: false, iti: 'ITI-86' },
};

export interface RegistryErrorInfo {
  readonly code: string;
  readonly context: string;
  readonly severity: string;
  readonly location: string;
}

export interface RetrievedDocument {
  readonly home: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
  readonly mimeType: string;
  readonly content: Buffer;
}

export interface Exchange {
  readonly httpStatus: number;
  /** Short status (Success, Failure, PartialSuccess), or "Fault" for a SOAP fault. */
  readonly status: string;
  readonly errors: readonly RegistryErrorInfo[];
  /** The SOAP fault's subcode (or code) and reason, when the answer was a fault. */
  readonly fault?: { readonly code: string; readonly reason: string };
  /** The response body element; undefined when the answer was not SOAP. */
  readonly body?: XNode;
  readonly documents: readonly RetrievedDocument[];
  /** The request body as sent, for the log. */
  readonly input: XNode;
}

/** A document to send with a Provide and Register request. */
export interface OutgoingDocument {
  readonly id: string;
  readonly mimeType: string;
  readonly content: Buffer;
}

const XOP = NS.xop;
const XDSB = NS.xdsb;

function errorsOf(body: XNode): RegistryErrorInfo[] {
  return descendants(body).filter((n) => n.local === 'RegistryError').map((e) => ({
    code: e.attrs['errorCode'] ?? '', context: e.attrs['codeContext'] ?? textOf(e),
    severity: shortStatus(e.attrs['severity'] ?? ''), location: e.attrs['location'] ?? '',
  }));
}

function statusOf(body: XNode): string {
  const holder = body.attrs['status'] ? body : kid(body, 'RegistryResponse');
  return shortStatus(holder?.attrs['status'] ?? '');
}

function documentsOf(body: XNode, attachments: ReadonlyMap<string, Buffer>): RetrievedDocument[] {
  return kids(body, 'DocumentResponse').map((d) => {
    const doc = kid(d, 'Document');
    const include = doc ? kid(doc, 'Include') : undefined;
    const href = decodeURIComponent((include?.attrs['href'] ?? '').replace(/^cid:/, ''));
    const content = include ? (attachments.get(href) ?? Buffer.alloc(0)) : Buffer.from(textOf(doc), 'base64');
    return {
      home: textOf(kid(d, 'HomeCommunityId')), repositoryUniqueId: textOf(kid(d, 'RepositoryUniqueId')),
      documentUniqueId: textOf(kid(d, 'DocumentUniqueId')), mimeType: textOf(kid(d, 'mimeType')), content,
    };
  });
}

function faultOf(fault: XNode): { code: string; reason: string } {
  const code = kid(fault, 'Code');
  const sub = code ? kid(code, 'Subcode') : undefined;
  const value = textOf(sub ? kid(sub, 'Value') : code ? kid(code, 'Value') : undefined);
  const reason = textOf(kid(kid(fault, 'Reason') ?? fault, 'Text'));
  return { code: value.slice(value.indexOf(':') + 1), reason };
}

/** Wraps a SubmitObjectsRequest and its documents into an ITI-41 request, documents as xop:Include. */
export function provideAndRegisterBody(sor: XNode, docs: readonly OutgoingDocument[]): { body: XNode; attachments: Attachment[] } {
  const attachments = docs.map((d, i) => ({ contentId: `doc${i}@conformance`, contentType: d.mimeType, data: d.content }));
  const documents: XNode[] = docs.map((d, i) => ({
    ns: XDSB, local: 'Document', attrs: { id: d.id }, text: '',
    children: [{ ns: XOP, local: 'Include', attrs: { href: `cid:${attachments[i]?.contentId ?? ''}` }, children: [], text: '' }],
  }));
  return { body: { ns: XDSB, local: 'ProvideAndRegisterDocumentSetRequest', attrs: {}, children: [sor, ...documents], text: '' }, attachments };
}

/** How a request is sent, beyond its transaction's route. */
export interface ExchangeOptions {
  readonly headers?: string;
  readonly endpoint?: Endpoint;
}

/**
 * Sends a request body as the given transaction and reads the answer.
 * @param baseUrl - the gateway's base URL, e.g. http://127.0.0.1:8080
 * @param kind - the step's transaction
 * @param body - the request body element
 * @param attachments - MTOM parts (Provide and Register documents)
 * @param opts - headers: further SOAP header blocks (a XUA ticket's wsse:Security); endpoint:
 *   another endpoint than the route's (the initiating gateway's /services/ig)
 * @returns what came back
 */
export async function exchange(baseUrl: string, kind: TransactionKind, body: XNode, attachments: readonly Attachment[] = [],
  opts: ExchangeOptions = {}): Promise<Exchange> {
  const route = ROUTES[kind];
  if (!route) throw new Error(`no route for ${kind}`);
  const soap = { ...(route.mtom ? { mtom: attachments } : {}), ...(opts.headers ? { headers: opts.headers } : {}) };
  const res = await callSoap(`${baseUrl}/services/${opts.endpoint ?? route.endpoint}`, route.action, serializeNode(body), soap);
  let env: XNode | undefined;
  try { env = parseNode(res.envelope); } catch { env = undefined; }
  const soapBody = env ? kid(env, 'Body') : undefined;
  const first = soapBody?.children[0];
  const base = { httpStatus: res.status, input: body, documents: [] as RetrievedDocument[] };
  if (!first) return { ...base, status: `HTTP ${res.status} without a SOAP body`, errors: [] };
  if (first.local === 'Fault') return { ...base, status: 'Fault', errors: [], fault: faultOf(first), body: first };
  return { ...base, status: statusOf(first), errors: errorsOf(first), body: first, documents: documentsOf(first, res.attachments) };
}

/** True when the gateway said it does not serve this transaction (so the step is not applicable). */
export function notServed(x: Exchange): boolean {
  return x.httpStatus === 404 || (x.fault?.code === 'ActionNotSupported');
}

/** The serialised body with retrieved document content left out, for logs and XPath. */
export function forLog(body: XNode | undefined): string {
  if (!body) return '';
  const strip = (n: XNode): XNode => (n.local === 'Document' && n.ns === XDSB
    ? { ...n, children: [], text: '' }
    : { ...n, children: n.children.map(strip) });
  return serializeNode(strip(body));
}
