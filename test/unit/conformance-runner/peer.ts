/**
 * A tiny SOAP peer for the conformance runner's tests: not a gateway, just enough of a registry
 * to answer the NIST plans the tests run. ITI-42 keeps the submitted objects (refusing a
 * submission whose patient ids differ), ITI-18 returns every object kept, with
 * availabilityStatus Approved, and any other action gets an ActionNotSupported fault.
 * In "wrong" mode it answers Success to everything and returns objects without a status, so a
 * runner that passes every test is caught.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { descendants, parseNode, serializeNode, type XNode } from '../../../scripts/conformance/xml-node.js';
import { AVAILABILITY_STATUS, IDENTIFICATION_SCHEME } from '../../../src/domain/vocabulary.js';
import { NS } from '../../../src/formats/xml/tree.js';

const SOAP = NS.soap12;
const RIM = NS.rim;
const APPROVED = AVAILABILITY_STATUS.approved;
const STATUS = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType';
const PATIENT_SCHEMES = new Set<string>([
  IDENTIFICATION_SCHEME.documentEntry.patientId, IDENTIFICATION_SCHEME.submissionSet.patientId, IDENTIFICATION_SCHEME.folder.patientId,
]);

export interface Peer {
  readonly url: string;
  /** wsa:Action, body and wsse:Security header ('' when none) of every request received. */
  readonly requests: { action: string; body: string; security: string }[];
  close(): Promise<void>;
}

function envelope(action: string, body: string): string {
  return `<s:Envelope xmlns:s="${SOAP}" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action>${action}</a:Action></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

function registryResponse(status: string, errorCode?: string): string {
  const errors = errorCode
    ? `<rs:RegistryErrorList><rs:RegistryError errorCode="${errorCode}" codeContext="patient ids differ" severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error"/></rs:RegistryErrorList>`
    : '';
  return `<rs:RegistryResponse xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0" status="${STATUS}:${status}">${errors}</rs:RegistryResponse>`;
}

/**
 * The objects a query names (by id or uniqueId in any slot value), with the associations they
 * are the source of, those associations' targets and the objects' top-level classifications:
 * GetSubmissionSetAndContents and GetDocuments in their simplest form.
 */
function selected(query: XNode, kept: readonly XNode[]): XNode[] {
  const values = new Set(descendants(query).filter((n) => n.local === 'Value')
    .flatMap((v) => [...v.text.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '')));
  const named = kept.filter((o) => values.has(o.attrs['id'] ?? '')
    || o.children.some((c) => c.local === 'ExternalIdentifier' && values.has(c.attrs['value'] ?? '')));
  const ids = new Set(named.map((o) => o.attrs['id']));
  const links = kept.filter((o) => o.local === 'Association' && ids.has(o.attrs['sourceObject']));
  const targets = new Set(links.map((a) => a.attrs['targetObject']));
  const members = kept.filter((o) => targets.has(o.attrs['id']) && !ids.has(o.attrs['id']));
  const all = new Set([...named, ...members].map((o) => o.attrs['id']));
  const classifications = kept.filter((o) => o.local === 'Classification' && all.has(o.attrs['classifiedObject']));
  return [...named, ...members, ...links, ...classifications];
}

function queryResponse(objects: readonly XNode[], wrong: boolean): string {
  const listed = objects.map((o) => serializeNode(wrong ? o : { ...o, attrs: { ...o.attrs, status: APPROVED } })).join('');
  return `<q:AdhocQueryResponse xmlns:q="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" status="${STATUS}:Success">`
    + `<rim:RegistryObjectList xmlns:rim="${RIM}">${listed}</rim:RegistryObjectList></q:AdhocQueryResponse>`;
}

function fault(): string {
  return `<s:Fault xmlns:s="${SOAP}"><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:a="http://www.w3.org/2005/08/addressing">a:ActionNotSupported</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">not served</s:Text></s:Reason></s:Fault>`;
}

/** Answers one request: the response body and the HTTP status. */
function answer(action: string, body: XNode | undefined, kept: XNode[], wrong: boolean): { xml: string; status: number } {
  if (action === 'urn:ihe:iti:2007:RegisterDocumentSet-b' && body) {
    const list = descendants(body).find((n) => n.local === 'RegistryObjectList');
    const objects = list?.children.filter((c) => c.local !== 'ObjectRef') ?? [];
    const pids = new Set(objects.flatMap((o) => o.children)
      .filter((c) => c.local === 'ExternalIdentifier' && PATIENT_SCHEMES.has(c.attrs['identificationScheme'] ?? ''))
      .map((c) => c.attrs['value']));
    if (pids.size > 1 && !wrong) return { xml: registryResponse('Failure', 'XDSPatientIdDoesNotMatch'), status: 200 };
    kept.push(...objects);
    return { xml: registryResponse('Success'), status: 200 };
  }
  if (action === 'urn:ihe:iti:2007:RegistryStoredQuery' && body) return { xml: queryResponse(selected(body, kept), wrong), status: 200 };
  return { xml: fault(), status: 400 };
}

/**
 * Starts the peer on a free loopback port.
 * @param opts - wrong: answer deliberately wrongly
 * @returns the running peer
 */
export async function startPeer(opts: { wrong?: boolean } = {}): Promise<Peer> {
  const kept: XNode[] = [];
  const requests: Peer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let env: XNode;
      // MTOM requests (ITI-41, ITI-43) are not for this peer: answered like any unserved action.
      try { env = parseNode(text); } catch { env = { ns: SOAP, local: 'Envelope', attrs: {}, children: [], text: '' }; }
      const header = env.children.find((c) => c.local === 'Header');
      const action = header?.children.find((c) => c.local === 'Action')?.text.trim() ?? '';
      const body = env.children.find((c) => c.local === 'Body')?.children[0];
      const security = header?.children.find((c) => c.local === 'Security');
      requests.push({ action, body: body ? serializeNode(body) : '', security: security ? serializeNode(security) : '' });
      const { xml, status } = answer(action, body, kept, opts.wrong ?? false);
      res.writeHead(status, { 'content-type': 'application/soap+xml; charset=UTF-8' });
      res.end(envelope(`${action}Response`, xml));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
