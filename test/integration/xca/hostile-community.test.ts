/**
 * A hostile community behind the initiating gateway: real HTTP servers on loopback that answer
 * ITI-38 / ITI-39 with huge, deeply nested, malformed, invalid UTF-8, slow or never-ending
 * replies. Each is cut off by the same limits as requests, or by the community's timeout; the
 * other communities' answers still come back, in bounded time, and local clients are served
 * meanwhile. ITI TF-2 3.38.4.1.3 (XDSUnavailableCommunity); README "Settings".
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callSoap } from '../../support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX } from '../../support/xds-messages.js';
import { ACTION, communitiesFile, provide, registryErrors, startCommunity, statusOf, type Community } from './xca-fixture.js';

const TIMEOUT_MS = 700;
const MAX_XML = 300_000;
const SOAP = 'application/soap+xml; charset=UTF-8';
const ENV_OPEN = '<?xml version="1.0"?><e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body>';
/** Generous for a shared machine; without the limits these answers hold the gateway far longer or forever. */
const BOUND_MS = 5_000;

type Behaviour = (res: http.ServerResponse) => void;

/** Writes chunks forever (until the connection goes), `gap` ms apart. */
const endless = (contentType: string, chunk: string, gap: number): Behaviour => (res) => {
  res.writeHead(200, { 'content-type': contentType });
  res.write(ENV_OPEN);
  const timer = setInterval(() => { if (!res.destroyed) res.write(chunk); }, gap);
  res.on('close', () => clearInterval(timer));
};

const HOSTILE: Record<string, Behaviour> = {
  huge: (res) => { res.writeHead(200, { 'content-type': SOAP }); res.end(`${ENV_OPEN}<x>${'y'.repeat(5 * MAX_XML)}</x></e:Body></e:Envelope>`); },
  deep: (res) => { res.writeHead(200, { 'content-type': SOAP }); res.end(`${ENV_OPEN}${'<a>'.repeat(30_000)}${'</a>'.repeat(30_000)}</e:Body></e:Envelope>`); },
  malformed: (res) => { res.writeHead(200, { 'content-type': SOAP }); res.end(`${ENV_OPEN}<rs:AdhocQueryResponse status="x"><broken</e:Body>`); },
  badUtf8: (res) => { res.writeHead(200, { 'content-type': SOAP }); res.end(Buffer.concat([Buffer.from(`${ENV_OPEN}<q>`), Buffer.from([0xc3, 0x28]), Buffer.from('</q></e:Body></e:Envelope>')])); },
  silent: () => { /* never answers */ },
  trickle: endless(SOAP, '<a/>', 50),
  flood: endless(SOAP, '<a/>'.repeat(10_000), 1),
  endlessParts: (res) => {
    res.writeHead(200, { 'content-type': 'multipart/related; boundary=b; type="application/xop+xml"' });
    res.write(`--b\r\nContent-ID: <root>\r\n\r\n${ENV_OPEN}<q/></e:Body></e:Envelope>\r\n`);
    let n = 0;
    const timer = setInterval(() => { if (!res.destroyed) res.write(`--b\r\nContent-ID: <p${n++}>\r\n\r\nxx\r\n`); }, 1);
    res.on('close', () => clearInterval(timer));
  },
};

/** What stops each: the same limits as for requests, or the community's timeout. */
const CUT_OFF_BY: Record<string, string> = {
  huge: `larger than ${MAX_XML} bytes`,
  deep: 'nested deeper than 64',
  malformed: 'not well-formed XML',
  badUtf8: 'not valid UTF-8',
  silent: `no answer within ${TIMEOUT_MS} ms`,
  trickle: `no answer within ${TIMEOUT_MS} ms`,
  flood: `larger than ${MAX_XML} bytes`,
  endlessParts: 'more than 100 parts',
};

async function startHostile(behaviour: Behaviour): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => behaviour(res)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/xca`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('XCA Initiating Gateway in front of hostile communities', function () {
  this.timeout(60_000);
  const names = Object.keys(HOSTILE);
  const hostile: { close(): Promise<void> }[] = [];
  const homes = new Map<string, string>();
  let good: Community;
  let ig: Community;
  let goodUid: string;

  before(async () => {
    good = await startCommunity(1);
    goodUid = await provide(good, 'Epikrise fra et ordentlig samfunn\n');
    const entries = [{ homeCommunityId: good.home, url: `${good.gateway.url}/services/xca`, timeoutMs: 5_000 }];
    for (const [i, name] of names.entries()) {
      const server = await startHostile(HOSTILE[name] as Behaviour);
      hostile.push(server);
      const home = `urn:oid:2.999.66.${i + 1}`;
      homes.set(home, name);
      entries.push({ homeCommunityId: home, url: server.url, timeoutMs: TIMEOUT_MS, retries: 0 } as (typeof entries)[number]);
    }
    ig = await startCommunity(100, {
      XCA_COMMUNITIES: communitiesFile(entries), MAX_XML_BYTES: String(MAX_XML), MAX_REQUEST_BYTES: String(2 * MAX_XML),
      XML_MAX_DEPTH: '64', MTOM_MAX_PARTS: '100',
    });
  });
  after(async () => {
    await Promise.all([good, ig].map((c) => c?.gateway.close()));
    await Promise.all(hostile.map((h) => h.close()));
  });

  it('answers with the good community\'s entries and names every hostile one unavailable, in bounded time', async () => {
    const started = Date.now();
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    const ms = Date.now() - started;
    expect(statusOf(res)).to.equal('PartialSuccess');
    expect(res.envelope).to.contain(goodUid);
    const unavailable = registryErrors(res.envelope).filter((e) => e.code === 'XDSUnavailableCommunity').map((e) => homes.get(e.location));
    expect(unavailable.sort()).to.deep.equal([...names].sort());
    const reasons = new Map([...res.envelope.matchAll(/codeContext="([^"]*)"[^>]*location="([^"]*)"/g)].map((m) => [homes.get(m[2] ?? ''), m[1] ?? '']));
    for (const [name, reason] of Object.entries(CUT_OFF_BY)) expect(reasons.get(name), name).to.contain(reason);
    expect(ms, 'no longer than the slowest community timeout, plus slack').to.be.below(TIMEOUT_MS + BOUND_MS);
  });

  it('retrieves the good community\'s document while each hostile community\'s ITI-39 answer is cut off', async () => {
    const requests = [{ home: good.home, repository: good.repository, uid: goodUid },
      ...[...homes.keys()].map((home) => ({ home, repository: '2.999.66.0', uid: '2.999.66.0.1' }))];
    const body = '<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007">'
      + requests.map((r) => `<xdsb:DocumentRequest><xdsb:HomeCommunityId>${r.home}</xdsb:HomeCommunityId>`
        + `<xdsb:RepositoryUniqueId>${r.repository}</xdsb:RepositoryUniqueId><xdsb:DocumentUniqueId>${r.uid}</xdsb:DocumentUniqueId></xdsb:DocumentRequest>`).join('')
      + '</xdsb:RetrieveDocumentSetRequest>';
    const started = Date.now();
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve, body, { mtom: [] });
    expect(Date.now() - started).to.be.below(TIMEOUT_MS + BOUND_MS);
    expect(statusOf(res)).to.equal('PartialSuccess');
    expect([...res.attachments.values()].map((b) => b.toString())).to.deep.equal([good.documents.get(goodUid)?.toString()]);
    const failed = registryErrors(res.envelope).map((e) => homes.get(e.location));
    expect(failed.sort()).to.deep.equal([...names].sort());
  });

  it('cuts off a retrieved document that trickles on forever at the request time limit', async () => {
    const home = 'urn:oid:2.999.66.99';
    const trickler = await startHostile((res) => {
      res.writeHead(200, { 'content-type': 'multipart/related; boundary=b; type="application/xop+xml"; start="<root>"' });
      res.write(`--b\r\nContent-ID: <root>\r\n\r\n${ENV_OPEN}<xdsb:RetrieveDocumentSetResponse xmlns:xdsb="urn:ihe:iti:xds-b:2007">`
        + '<rs:RegistryResponse xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0" status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"/>'
        + `<xdsb:DocumentResponse><xdsb:HomeCommunityId>${home}</xdsb:HomeCommunityId><xdsb:RepositoryUniqueId>2.999.66.0</xdsb:RepositoryUniqueId>`
        + '<xdsb:DocumentUniqueId>2.999.66.0.1</xdsb:DocumentUniqueId><xdsb:mimeType>text/plain</xdsb:mimeType><xdsb:Document>'
        + '<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:doc"/></xdsb:Document></xdsb:DocumentResponse>'
        + '</xdsb:RetrieveDocumentSetResponse></e:Body></e:Envelope>\r\n--b\r\nContent-ID: <doc>\r\n\r\n');
      const timer = setInterval(() => { if (!res.destroyed) res.write('x'); }, 50);
      res.on('close', () => clearInterval(timer));
    });
    const limitMs = 1_500;
    const slowIg = await startCommunity(101, {
      XCA_COMMUNITIES: communitiesFile([{ homeCommunityId: home, url: trickler.url, timeoutMs: TIMEOUT_MS, retries: 0 }]),
      REQUEST_TIMEOUT_MS: String(limitMs),
    });
    try {
      const body = '<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007"><xdsb:DocumentRequest>'
        + `<xdsb:HomeCommunityId>${home}</xdsb:HomeCommunityId><xdsb:RepositoryUniqueId>2.999.66.0</xdsb:RepositoryUniqueId>`
        + '<xdsb:DocumentUniqueId>2.999.66.0.1</xdsb:DocumentUniqueId></xdsb:DocumentRequest></xdsb:RetrieveDocumentSetRequest>';
      const started = Date.now();
      const outcome = await callSoap(`${slowIg.gateway.url}/services/ig`, ACTION.retrieve, body, { mtom: [] })
        .then((r) => `answered ${statusOf(r)}`, (e: Error) => `cut off: ${e.message}`);
      const ms = Date.now() - started;
      expect(outcome).not.to.equal('answered Success');
      expect(ms, outcome).to.be.at.least(limitMs - 100).and.below(limitMs + BOUND_MS);
    } finally {
      await slowIg.gateway.close();
      await trickler.close();
    }
  });

  it('serves a local ITI-18 while the fan-out is held up by the hostile communities', async () => {
    const fanOut = callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const local = await callSoap(`${ig.gateway.url}/services/registry`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    expect(statusOf(local)).to.equal('Success');
    expect(Date.now() - started).to.be.below(TIMEOUT_MS);
    expect(statusOf(await fanOut)).to.equal('PartialSuccess');
  });
});
