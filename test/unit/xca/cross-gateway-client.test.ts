import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCommunities, type Community } from '../../../src/config/communities.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';
import { STORED_QUERY_ID } from '../../../src/domain/vocabulary.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createCrossGatewayClient, type CrossGatewayClient } from '../../../src/transport/client/cross-gateway-client.js';
import { freePort } from '../../support/gateway-process.js';
import { testKeys } from '../../support/saml-signer.js';
import { mtomPackage } from '../../support/soap-client.js';

const CALL = { security: ANONYMOUS, correlationId: 'c-1' };
const QUERY = { queryId: STORED_QUERY_ID.FindDocuments, returnType: 'ObjectRef' as const, slots: new Map() };
const SOAP = 'application/soap+xml; charset=UTF-8';
const env = (body: string): string => '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
  + `${body}</s:Body></s:Envelope>`;
const QUERY_RESPONSE = env('<q:AdhocQueryResponse xmlns:q="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"'
  + ' status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"><rim:RegistryObjectList><rim:ObjectRef id="urn:uuid:1"/></rim:RegistryObjectList></q:AdhocQueryResponse>');
const FAULT = env('<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en">database gone</s:Text></s:Reason></s:Fault>');

const RETRIEVE_ROOT = env('<x:RetrieveDocumentSetResponse xmlns:x="urn:ihe:iti:xds-b:2007" xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0">'
  + '<rs:RegistryResponse status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"/>'
  + '<x:DocumentResponse><x:RepositoryUniqueId>2.999.9.1</x:RepositoryUniqueId><x:DocumentUniqueId>2.999.9.1.1</x:DocumentUniqueId>'
  + '<x:mimeType>application/pdf</x:mimeType><x:Document><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:doc1%40peer"/></x:Document>'
  + '</x:DocumentResponse></x:RetrieveDocumentSetResponse>');
const DOC_REQUEST = { homeCommunityId: 'urn:oid:2.999.9', repositoryUniqueId: '2.999.9.1', documentUniqueId: '2.999.9.1.1' };

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse, n: number) => void;

async function peer(handler: Handler): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { requests.push(Buffer.concat(chunks).toString()); handler(req, requests.at(-1)!, res, requests.length); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/xca`;
  return { url, requests, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function community(url: string, extra: Record<string, unknown> = {}): Community {
  return parseCommunities({ communities: [{ homeCommunityId: 'urn:oid:2.999.9', url, ...extra }] }, 'urn:oid:2.999.1')[0] as Community;
}

const reason = async (p: Promise<unknown>): Promise<string> => p.then(() => expect.fail('expected a rejection'), (e: Error) => e.message);

describe('Outbound XCA client', () => {
  let client: CrossGatewayClient;
  let tempDir: string;
  beforeEach(() => {
    tempDir = mkdtempSync(path.join(tmpdir(), 'xca-client-'));
    client = createCrossGatewayClient({
      communities: [], log: createLogger('silent'), releaseAfterMs: 60_000,
      limits: { maxXmlBytes: 1_000_000, maxResponseBytes: 50_000_000, tempDir },
    });
  });
  afterEach(() => client.close());

  it('sends WS-Addressing headers and the caller\'s assertion verbatim in wsse:Security', async () => {
    const p = await peer((_q, _b, res) => res.writeHead(200, { 'content-type': SOAP }).end(QUERY_RESPONSE));
    const assertion = '<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_x">\n  <saml2:Issuer>idp</saml2:Issuer>\n</saml2:Assertion>';
    const answer = await client.query(community(p.url), QUERY, { ...CALL, samlAssertion: assertion });
    await p.close();
    expect(answer.refs).to.deep.equal([{ id: 'urn:uuid:1' }]);
    const sent = p.requests[0] ?? '';
    expect(sent).to.contain('<wsa:Action env:mustUnderstand="true">urn:ihe:iti:2007:CrossGatewayQuery</wsa:Action>')
      .and.contain('http://www.w3.org/2005/08/addressing/anonymous').and.contain(`<wsa:To env:mustUnderstand="true">${p.url}</wsa:To>`)
      .and.contain(`<wsu:Timestamp>`).and.contain(assertion);
  });

  it('reaches an HTTPS community with mutual TLS using the community\'s trust anchor and client certificate', async () => {
    const pair = testKeys().trusted;
    const server = https.createServer({
      key: readFileSync(pair.keyPath), cert: pair.certPem, ca: pair.certPem, requestCert: true, rejectUnauthorized: true,
    }, (req, res) => { req.resume(); req.on('end', () => res.writeHead(200, { 'content-type': SOAP }).end(QUERY_RESPONSE)); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/services/xca`;
    const tls = { caFile: pair.certPath, certFile: pair.certPath, keyFile: pair.keyPath, servername: 'test-helseid-xdssaml' };
    const c = community(url, { tls });
    const tlsClient = createCrossGatewayClient({ communities: [c], log: createLogger('silent'), releaseAfterMs: 1000, limits: { maxXmlBytes: 1e6, maxResponseBytes: 1e6 } });
    try {
      expect((await tlsClient.query(c, QUERY, CALL)).status).to.equal('Success');
      const untrusting = community(url, { tls: { servername: 'test-helseid-xdssaml' }, retries: 0 });
      const plainClient = createCrossGatewayClient({ communities: [untrusting], log: createLogger('silent'), releaseAfterMs: 1000, limits: { maxXmlBytes: 1e6, maxResponseBytes: 1e6 } });
      expect(await reason(plainClient.query(untrusting, QUERY, CALL))).to.match(/^connection failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)$/);
      plainClient.close();
    } finally {
      tlsClient.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('retries a refused connection with back-off and then reports it', async () => {
    const url = `http://127.0.0.1:${await freePort()}/services/xca`;
    const started = performance.now();
    const why = await reason(client.query(community(url, { retries: 2, retryBackoffMs: 40 }), QUERY, CALL));
    expect(why).to.equal('connection failed (ECONNREFUSED)');
    expect(performance.now() - started).to.be.at.least(110).and.below(1000);
  });

  it('retries a bare 503 and takes the answer of the next attempt', async () => {
    const p = await peer((_q, _b, res, n) => (n === 1
      ? res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>busy</h1>')
      : res.writeHead(200, { 'content-type': SOAP }).end(QUERY_RESPONSE)));
    const answer = await client.query(community(p.url, { retryBackoffMs: 5 }), QUERY, CALL);
    await p.close();
    expect(p.requests).to.have.length(2);
    expect(answer.status).to.equal('Success');
  });

  it('gives up at the community\'s timeout, retries included', async () => {
    const p = await peer(() => { /* never answers */ });
    const started = performance.now();
    const why = await reason(client.query(community(p.url, { timeoutMs: 150, retries: 3 }), QUERY, CALL));
    const ms = performance.now() - started;
    await p.close();
    expect(why).to.equal('no answer within 150 ms');
    expect(ms).to.be.at.least(145).and.below(600);
    expect(p.requests).to.have.length(1);
  });

  it('reports a SOAP fault without retrying', async () => {
    const p = await peer((_q, _b, res) => res.writeHead(500, { 'content-type': SOAP }).end(FAULT));
    const why = await reason(client.query(community(p.url, { retries: 3 }), QUERY, CALL));
    await p.close();
    expect(why).to.equal('SOAP fault s:Receiver: database gone');
    expect(p.requests).to.have.length(1);
  });

  it('sends ITI-39 as MTOM, relays a large document whole and removes what it spilled', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const pkg = mtomPackage('urn:ihe:iti:2007:CrossGatewayRetrieveResponse', RETRIEVE_ROOT, [{ contentId: 'doc1@peer', contentType: 'application/pdf', data: big }]);
    const p = await peer((req, _b, res) => {
      res.writeHead(/^multipart\/related/.test(req.headers['content-type'] ?? '') ? 200 : 415, { 'content-type': pkg.contentType }).end(pkg.body);
    });
    const answer = await client.retrieve(community(p.url), [DOC_REQUEST], CALL);
    expect(answer.documents).to.have.length(1);
    expect(answer.documents[0]).to.include({ mimeType: 'application/pdf', documentUniqueId: '2.999.9.1.1' });
    await new Promise((r) => setTimeout(r, 50)); // let the part arrive unread, so that it spills
    expect(Buffer.concat(await readAll(answer.documents[0]!.content.open())).equals(big)).to.equal(true);
    await p.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(tempDir)).to.deep.equal([]);
  });

  it('passes the first bytes of a document on before the community has sent the rest', async () => {
    let sendRest: () => void = () => {};
    const rest = new Promise<void>((r) => { sendRest = r; });
    const boundary = 'MIMEBoundary_peer';
    const p = await peer((_q, _b, res) => {
      res.writeHead(200, { 'content-type': `multipart/related; boundary="${boundary}"; type="application/xop+xml"; start="<root@peer>"; start-info="application/soap+xml"` });
      res.write(`--${boundary}\r\nContent-Type: application/xop+xml; type="application/soap+xml"\r\nContent-ID: <root@peer>\r\n\r\n${RETRIEVE_ROOT}`
        + `\r\n--${boundary}\r\nContent-Type: application/pdf\r\nContent-ID: <doc1@peer>\r\n\r\nfirst-half;`);
      void rest.then(() => res.end(`second-half\r\n--${boundary}--\r\n`));
    });
    const answer = await client.retrieve(community(p.url), [DOC_REQUEST], CALL);
    const reader = answer.documents[0]!.content.open()[Symbol.asyncIterator]();
    const first = await reader.next();
    expect(Buffer.from(first.value as Uint8Array).toString()).to.contain('first-half;');
    sendRest();
    const chunks = [Buffer.from(first.value as Uint8Array)];
    for (let r = await reader.next(); !r.done; r = await reader.next()) chunks.push(Buffer.from(r.value));
    expect(Buffer.concat(chunks).toString()).to.equal('first-half;second-half');
    await p.close();
  });

  it('fails a document whose community falls silent in the middle of it', async () => {
    const boundary = 'MIMEBoundary_peer';
    const p = await peer((_q, _b, res) => {
      res.writeHead(200, { 'content-type': `multipart/related; boundary="${boundary}"; type="application/xop+xml"; start-info="application/soap+xml"` });
      res.write(`--${boundary}\r\nContent-Type: application/xop+xml\r\nContent-ID: <root@peer>\r\n\r\n${RETRIEVE_ROOT}`
        + `\r\n--${boundary}\r\nContent-ID: <doc1@peer>\r\n\r\nsome bytes`);
    });
    const answer = await client.retrieve(community(p.url, { timeoutMs: 150 }), [DOC_REQUEST], CALL);
    const why = await reason(readAll(answer.documents[0]!.content.open()));
    await p.close();
    expect(why).to.equal('the community sent nothing for 150 ms');
  });
});

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of source) out.push(Buffer.from(c));
  return out;
}
