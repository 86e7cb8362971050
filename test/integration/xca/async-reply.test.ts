import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUDIT_CODING } from '../../../src/audit/audit-codes.js';
import { parseXml } from '../../../src/formats/xml/parse.js';
import { NS, type XmlElement } from '../../../src/formats/xml/tree.js';
import { startGateway } from '../../../src/gateway.js';
import { ANONYMOUS as ANONYMOUS_CONTEXT } from '../../../src/domain/security-context.js';
import { createLogger } from '../../../src/logging/logger.js';
import { SOAP_TRANSACTIONS } from '../../../src/transactions/table.js';
import type { SoapTransaction } from '../../../src/transactions/types.js';
import type { SoapSecurityCheck } from '../../../src/transport/soap/dispatch.js';
import { SoapFault } from '../../../src/transport/soap/fault.js';
import { sharedAvailable, XSD } from '../../support/shared.js';
import { callSoap, post, splitMultipart } from '../../support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX, retrieveRequest } from '../../support/xds-messages.js';
import { validateAgainstXsd } from '../../support/xsd.js';
import { ACTION, provide, statusOf, type Community } from './xca-fixture.js';
import { testConfig } from '../../support/test-config.js';

const ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
const REF_PARAMS = '<wsa:ReferenceParameters><c:Conversation xmlns:c="urn:example:consumer" c:kind="xca">conv-42</c:Conversation></wsa:ReferenceParameters>';

/** One request the consumer's reply endpoint received. */
interface Delivered { readonly contentType: string; readonly body: Buffer }

/** The consumer's reply endpoint: a real HTTP server that acknowledges with 202 and keeps what it gets. */
interface Peer {
  readonly url: string;
  readonly received: Delivered[];
  next(timeoutMs?: number): Promise<Delivered>;
  close(): Promise<void>;
}

async function startPeer(): Promise<Peer> {
  const received: Delivered[] = [];
  let read = 0;
  let wake: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ contentType: String(req.headers['content-type'] ?? ''), body: Buffer.concat(chunks) });
      res.writeHead(202).end();
      wake?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const next = async (timeoutMs = 5000): Promise<Delivered> => {
    const deadline = Date.now() + timeoutMs;
    while (read >= received.length) {
      if (Date.now() > deadline) throw new Error('the reply endpoint received nothing');
      await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 50); });
    }
    return received[read++] as Delivered;
  };
  const close = (): Promise<void> => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return { url: `http://127.0.0.1:${port}/consumer/replies`, received, next, close };
}

/** A request envelope asking for the reply at `replyTo`; messageId null leaves MessageID out. */
function asyncEnvelope(action: string, body: string, to: string, replyTo: string, messageId: string | null, extra = ''): string {
  return `<soap:Envelope xmlns:soap="${NS.soap12}" xmlns:wsa="${NS.wsa}"><soap:Header>`
    + `<wsa:Action soap:mustUnderstand="true">${action}</wsa:Action>`
    + (messageId === null ? '' : `<wsa:MessageID>${messageId}</wsa:MessageID>`)
    + `<wsa:ReplyTo><wsa:Address>${replyTo}</wsa:Address>${REF_PARAMS}</wsa:ReplyTo>${extra}`
    + `<wsa:To soap:mustUnderstand="true">${to}</wsa:To></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

function send(url: string, action: string, envelope: string): ReturnType<typeof post> {
  return post(url, `application/soap+xml; charset=UTF-8; action="${action}"`, envelope);
}

/** The header blocks of a received envelope, by local name. */
function headerBlocks(envelope: string): { all: XmlElement[]; text(local: string): string | undefined } {
  const env = parseXml(envelope);
  const header = env.children.find((c) => c.ns === NS.soap12 && c.local === 'Header');
  const all = [...(header?.children ?? [])];
  return { all, text: (local) => all.find((b) => b.ns === NS.wsa && b.local === local)?.text.trim() };
}

function bodyOf(envelope: string): string {
  return /<(?:\w+:)?Body[^>]*>([\s\S]*)<\/(?:\w+:)?Body>/.exec(envelope)?.[1] ?? '';
}

describe('XCA Asynchronous Web Services Exchange (ITI TF-2 Appendix V.5, 3.38.1, 3.39.1)', function () {
  this.timeout(30_000);
  const logLines: string[] = [];
  let c: Community;
  let peer: Peer;
  let xca: string;
  let uid: string;
  before(async () => {
    peer = await startPeer();
    const home = 'urn:oid:2.999.77.31';
    const repository = '2.999.77.31.1';
    const config = testConfig({ HOME_COMMUNITY_ID: home, REPOSITORY_UNIQUE_ID: repository, XCA_ASYNC_REPLY_HOSTS: '127.0.0.1', LOG_LEVEL: 'info' });
    const gateway = await startGateway(config, createLogger('info', {}, (line) => { logLines.push(line); }));
    c = { home, repository, gateway, documents: new Map() };
    xca = `${gateway.url}/services/xca`;
    uid = await provide(c, 'Epikrise, sendt asynkront\n');
  });
  after(async () => {
    await c.gateway.close();
    await peer.close();
  });

  it('accepts an ITI-38 with a ReplyTo with 202 and an empty body, and posts the AdhocQueryResponse there', async () => {
    const messageId = `urn:uuid:${randomUUID()}`;
    const res = await send(xca, ACTION.xcq, asyncEnvelope(ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), xca, peer.url, messageId));
    expect(res.status).to.equal(202);
    expect(res.body.length).to.equal(0);
    const reply = await peer.next();
    expect(reply.contentType).to.match(/^application\/soap\+xml/);
    const envelope = reply.body.toString('utf8');
    const h = headerBlocks(envelope);
    expect(h.text('Action')).to.equal('urn:ihe:iti:2007:CrossGatewayQueryResponse');
    expect(h.text('RelatesTo')).to.equal(messageId);
    expect(h.text('To')).to.equal(peer.url);
    expect(h.text('MessageID')).to.match(/^urn:uuid:/).and.not.equal(messageId);
    const echoed = h.all.find((b) => b.local === 'Conversation');
    expect([echoed?.ns, echoed?.text, echoed?.attrs['{urn:example:consumer}kind'], echoed?.attrs[`{${NS.wsa}}IsReferenceParameter`]])
      .to.deep.equal(['urn:example:consumer', 'conv-42', 'xca', 'true']);
    expect(statusOf({ envelope } as Parameters<typeof statusOf>[0])).to.equal('Success');
    expect(envelope).to.contain(uid).and.to.contain(`home="${c.home}"`);
    if (sharedAvailable()) expect(validateAgainstXsd(bodyOf(envelope), XSD.query).errors).to.equal('');
  });

  it('accepts an ITI-39 with a ReplyTo and posts an MTOM RetrieveDocumentSetResponse with the bytes', async () => {
    const messageId = `urn:uuid:${randomUUID()}`;
    const res = await send(xca, ACTION.xcr, asyncEnvelope(ACTION.xcr, retrieveRequest(c.repository, [uid], c.home), xca, peer.url, messageId));
    expect(res.status).to.equal(202);
    const reply = await peer.next();
    expect(reply.contentType).to.match(/^multipart\/related/).and.to.contain('application/xop+xml');
    const { root, parts } = splitMultipart(reply.body, reply.contentType);
    const h = headerBlocks(root);
    expect(h.text('Action')).to.equal('urn:ihe:iti:2007:CrossGatewayRetrieveResponse');
    expect(h.text('RelatesTo')).to.equal(messageId);
    expect(root).to.contain('RetrieveDocumentSetResponse').and.to.contain('ResponseStatusType:Success');
    const href = /<(?:\w+:)?Include\b[^>]*href="cid:([^"]+)"/.exec(root)?.[1] ?? '';
    expect(parts.get(decodeURIComponent(href))?.toString('utf8')).to.equal('Epikrise, sendt asynkront\n');
  });

  it('still refuses a ReplyTo on a transaction that does not claim the option (ITI-18 on /services/registry)', async () => {
    const registry = `${c.gateway.url}/services/registry`;
    const before = peer.received.length;
    const res = await send(registry, ACTION.query, asyncEnvelope(ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX), registry, peer.url, `urn:uuid:${randomUUID()}`));
    expect(res.status).to.equal(400);
    expect(res.body.toString('utf8')).to.contain('wsa:OnlyAnonymousAddressSupported');
    expect(peer.received.length).to.equal(before);
  });

  it('refuses a ReplyTo whose host is not on the allow-list, before anything is accepted', async () => {
    const elsewhere = peer.url.replace('127.0.0.1', 'localhost');
    const res = await send(xca, ACTION.xcq, asyncEnvelope(ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), xca, elsewhere, `urn:uuid:${randomUUID()}`));
    expect(res.status).to.equal(400);
    const text = res.body.toString('utf8');
    expect(text).to.contain('wsa:InvalidAddressingHeader').and.to.contain('not on the allow-list');
  });

  it('refuses an asynchronous request without a MessageID with wsa:MessageAddressingHeaderRequired', async () => {
    const res = await send(xca, ACTION.xcq, asyncEnvelope(ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), xca, peer.url, null));
    expect(res.status).to.equal(400);
    expect(res.body.toString('utf8')).to.contain('wsa:MessageAddressingHeaderRequired').and.to.contain('wsa:MessageID is required');
  });

  it('logs a reply endpoint that is down and keeps serving', async () => {
    const gone = await startPeer();
    await gone.close();
    const res = await send(xca, ACTION.xcq, asyncEnvelope(ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), xca, gone.url, `urn:uuid:${randomUUID()}`));
    expect(res.status).to.equal(202);
    const deadline = Date.now() + 10_000;
    let line: string | undefined;
    while (!line && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      line = logLines.find((l) => l.includes('asynchronous reply could not be delivered'));
    }
    expect(line, 'a log line for the failed delivery').to.be.a('string');
    const logged = JSON.parse(line ?? '{}') as Record<string, unknown>;
    expect(logged.level).to.equal('warn');
    expect(String(logged.error)).to.contain('ECONNREFUSED').and.to.contain('3 attempts');
    expect(logged.to).to.equal(new URL(gone.url).origin);
    const sync = await callSoap(xca, ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    expect(statusOf(sync)).to.equal('Success');
  });
});

describe('XCA asynchronous exchange with no reply hosts configured', function () {
  this.timeout(20_000);
  it('refuses a ReplyTo with wsa:OnlyAnonymousAddressSupported, as a careful default', async () => {
    const gateway = await startGateway(testConfig(), createLogger('silent'));
    try {
      const xca = `${gateway.url}/services/xca`;
      const res = await send(xca, ACTION.xcq, asyncEnvelope(ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), xca, 'http://127.0.0.1:9/cb', `urn:uuid:${randomUUID()}`));
      expect(res.status).to.equal(400);
      expect(res.body.toString('utf8')).to.contain('wsa:OnlyAnonymousAddressSupported');
      const anonymous = await send(xca, ACTION.xcq, asyncEnvelope(ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), xca, ANONYMOUS, `urn:uuid:${randomUUID()}`));
      expect(anonymous.status).to.equal(200);
    } finally {
      await gateway.close();
    }
  });
});

describe('XCA asynchronous exchange: security before the 202, faults to FaultTo', function () {
  this.timeout(20_000);
  const FAILING = 'urn:example:AlwaysFaults';
  let peer: Peer;
  let faults: Peer;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let xca: string;
  before(async () => {
    peer = await startPeer();
    faults = await startPeer();
    const failing: SoapTransaction = {
      id: 'TEST-FAULT', transaction: 'TEST-FAULT', action: FAILING, xua: false, query: false, audit: AUDIT_CODING.query('test'), endpoints: ['xca'], asyncReply: true, internalError: 'REGISTRY_INTERNAL',
      failureResponse: () => '<x:Failed xmlns:x="urn:example"/>',
      handle: () => Promise.reject(new SoapFault('TRANSPORT_INTERNAL', ['test'])),
    };
    const security: SoapSecurityCheck = async (message) => {
      if (!message.securityHeader) throw new SoapFault('WSSE_TOKEN_UNAVAILABLE', ['no wsse:Security header']);
      return ANONYMOUS_CONTEXT;
    };
    gateway = await startGateway(testConfig({ XCA_ASYNC_REPLY_HOSTS: '127.0.0.1' }), createLogger('silent'),
      { transactions: [...SOAP_TRANSACTIONS, failing], soapSecurity: security });
    xca = `${gateway.url}/services/xca`;
  });
  after(async () => {
    await gateway.close();
    await peer.close();
    await faults.close();
  });

  it('refuses a request the security check rejects with a fault, not a 202, and sends nothing to ReplyTo', async () => {
    const res = await send(xca, ACTION.xcq, asyncEnvelope(ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), xca, peer.url, `urn:uuid:${randomUUID()}`));
    expect(res.status).to.equal(400);
    expect(res.body.toString('utf8')).to.contain('wsse:SecurityTokenUnavailable');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(peer.received).to.have.length(0);
  });

  it('sends a fault raised after the 202 to FaultTo, related to the request', async () => {
    const messageId = `urn:uuid:${randomUUID()}`;
    const security = `<wsse:Security xmlns:wsse="${NS.wsse}"/>`;
    const faultTo = `<wsa:FaultTo><wsa:Address>${faults.url}</wsa:Address></wsa:FaultTo>`;
    const res = await send(xca, FAILING, asyncEnvelope(FAILING, '<x:Do xmlns:x="urn:example"/>', xca, peer.url, messageId, faultTo + security));
    expect(res.status).to.equal(202);
    const fault = await faults.next();
    const h = headerBlocks(fault.body.toString('utf8'));
    expect(h.text('Action')).to.equal('http://www.w3.org/2005/08/addressing/soap/fault');
    expect(h.text('RelatesTo')).to.equal(messageId);
    expect(h.text('To')).to.equal(faults.url);
    expect(fault.body.toString('utf8')).to.contain('env:Receiver');
    expect(peer.received).to.have.length(0);
  });
});
