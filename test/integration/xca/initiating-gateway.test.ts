import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { testKeys, testNow, verifyWithXmlsec } from '../../support/saml-signer.js';
import { signedEnvelope } from '../../support/saml-tickets.js';
import { callSoap, envelope, mtomPackage, post } from '../../support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX, provideAndRegisterRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { STORED_QUERY_ID } from '../../../src/domain/vocabulary.js';
import { adhocQueryRequestFromEbrim } from '../../../src/formats/ebrim/adhoc-query.js';
import { parseXml } from '../../../src/formats/xml/parse.js';
import type { XmlElement } from '../../../src/formats/xml/tree.js';
import { parseStoredQuery } from '../../../src/queries/interpret.js';
import type { StoredQuery } from '../../../src/queries/stored-query.js';
import {
  ACTION, homesByUniqueId, provide, registryErrors, startCommunity, startInitiatingGateway, startRelay, statusOf,
  type Community, type Relay,
} from './xca-fixture.js';

const sha1 = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');
/** Community 3 times out after this; the slow-community test delays it past that. */
const SLOW_COMMUNITY_TIMEOUT_MS = 1500;

/** The typed query an AdhocQueryRequest (alone, or as the body of an envelope) carries. */
function typedQuery(xml: string): StoredQuery {
  let el: XmlElement = parseXml(xml);
  while (el.local !== 'AdhocQueryRequest') el = el.children.find((c) => c.local === 'Body') ?? el.children[0]!;
  const parsed = parseStoredQuery(adhocQueryRequestFromEbrim(el));
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.codeContext).join('; '));
  return parsed.query.query;
}

const slot = (name: string, ...values: string[]): string =>
  `<rim:Slot name="${name}"><rim:ValueList>${values.map((v) => `<rim:Value>${v}</rim:Value>`).join('')}</rim:ValueList></rim:Slot>`;

/** An ITI-43 body whose DocumentRequests each name their community. */
function retrieveBody(items: readonly { home: string; repository: string; uid: string }[]): string {
  return '<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007">'
    + items.map((i) => `<xdsb:DocumentRequest><xdsb:HomeCommunityId>${i.home}</xdsb:HomeCommunityId>`
      + `<xdsb:RepositoryUniqueId>${i.repository}</xdsb:RepositoryUniqueId><xdsb:DocumentUniqueId>${i.uid}</xdsb:DocumentUniqueId></xdsb:DocumentRequest>`).join('')
    + '</xdsb:RetrieveDocumentSetRequest>';
}

describe('XCA Initiating Gateway across three communities on loopback', function () {
  this.timeout(30_000);
  const communities: Community[] = [];
  const relays: Relay[] = [];
  let ig: Community;
  const uids = new Map<string, string[]>();

  before(async () => {
    for (const n of [1, 2, 3]) communities.push(await startCommunity(n));
    // Community 1 gets two documents, 2 and 3 one each: different data per community.
    for (const [i, c] of communities.entries()) {
      const list = [await provide(c, `Epikrise fra samfunn ${i + 1}\n`)];
      if (i === 0) list.push(await provide(c, 'Henvisning fra samfunn 1\n'));
      uids.set(c.home, list);
    }
    // Community 3 sits behind a relay so that a test can slow it down and see what it receives.
    // Timeouts leave room for a loaded machine and a slow store (a 20 MB document on a
    // MongoDB-wire test server); only the slow-community test relies on community 3's running out.
    relays.push(await startRelay(communities[2]!.gateway.url));
    ig = await startInitiatingGateway([
      { homeCommunityId: communities[0]!.home, url: `${communities[0]!.gateway.url}/services/xca`, timeoutMs: 15_000 },
      { homeCommunityId: communities[1]!.home, url: `${communities[1]!.gateway.url}/services/xca`, timeoutMs: 15_000, retries: 1, retryBackoffMs: 20 },
      { homeCommunityId: communities[2]!.home, url: `${relays[0]!.url}/services/xca`, timeoutMs: SLOW_COMMUNITY_TIMEOUT_MS, maxDocumentsPerRetrieve: 1 },
    ]);
    uids.set(ig.home, [await provide(ig, 'Notat i egen kommune\n')]);
  });
  after(async () => {
    await Promise.all([...communities, ig].map((c) => c?.gateway.close()));
    await Promise.all(relays.map((r) => r.close()));
  });
  afterEach(() => { relays[0]!.delayMs = 0; });

  it('answers a FindDocuments with the union of every community, each entry carrying its own home', async () => {
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    expect(statusOf(res)).to.equal('Success');
    const homes = homesByUniqueId(res.envelope);
    const expected = new Map([...uids].flatMap(([home, list]) => list.map((uid): [string, string] => [uid, home])));
    expect(homes).to.deep.equal(expected);
  });

  it('answers an ObjectRef FindDocuments with ObjectRefs whose home names their community', async () => {
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX, 'ObjectRef'));
    const homes = [...res.envelope.matchAll(/<(?:\w+:)?ObjectRef\b[^>]*\shome="([^"]*)"/g)].map((m) => m[1]);
    expect(homes.sort()).to.deep.equal([...uids].flatMap(([home, list]) => list.map(() => home)).sort());
  });

  it('answers PartialSuccess naming a stopped community, with the results of the others', async () => {
    const stopped = await startCommunity(4);
    const uid = await provide(stopped, 'Forsvinner snart\n');
    const igWithDead = await startInitiatingGateway([
      { homeCommunityId: communities[0]!.home, url: `${communities[0]!.gateway.url}/services/xca` },
      { homeCommunityId: stopped.home, url: `${stopped.gateway.url}/services/xca`, retries: 2, retryBackoffMs: 10 },
    ]);
    try {
      await stopped.gateway.close();
      const res = await callSoap(`${igWithDead.gateway.url}/services/ig`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
      expect(statusOf(res)).to.equal('PartialSuccess');
      expect(registryErrors(res.envelope)).to.deep.equal([{ code: 'XDSUnavailableCommunity', location: stopped.home, severity: 'Error' }]);
      const homes = homesByUniqueId(res.envelope);
      expect([...homes.keys()].sort()).to.deep.equal([...uids.get(communities[0]!.home)!].sort());
      expect(homes.has(uid)).to.equal(false);
    } finally {
      await igWithDead.gateway.close();
    }
  });

  it('answers after the timeout of a slow community, with the results of the others', async () => {
    relays[0]!.delayMs = 4 * SLOW_COMMUNITY_TIMEOUT_MS;
    const started = performance.now();
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    const ms = performance.now() - started;
    // Waited for the slow community's timeout, and answered long before that community would have.
    expect(ms).to.be.at.least(SLOW_COMMUNITY_TIMEOUT_MS - 10).and.below(3 * SLOW_COMMUNITY_TIMEOUT_MS);
    expect(statusOf(res)).to.equal('PartialSuccess');
    expect(registryErrors(res.envelope)).to.deep.equal([{ code: 'XDSUnavailableCommunity', location: communities[2]!.home, severity: 'Error' }]);
    expect([...homesByUniqueId(res.envelope).values()]).to.include(communities[0]!.home).and.include(communities[1]!.home).and.not.include(communities[2]!.home);
  });

  it('retrieves documents of two communities in one request, each from the community that holds it', async () => {
    const [a, b] = [communities[0]!, communities[2]!];
    const wanted = [
      { home: a.home, repository: a.repository, uid: uids.get(a.home)![0]! },
      { home: b.home, repository: b.repository, uid: uids.get(b.home)![0]! },
    ];
    const before = relays[0]!.received.length;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve, retrieveBody(wanted), { mtom: [] });
    expect(statusOf(res)).to.equal('Success');
    expect(res.contentType).to.match(/^multipart\/related/);
    const responses = [...res.envelope.matchAll(/<(?:\w+:)?DocumentResponse>([\s\S]*?)<\/(?:\w+:)?DocumentResponse>/g)].map((m) => m[1] ?? '');
    expect(responses).to.have.length(2);
    for (const [i, w] of wanted.entries()) {
      const r = responses.find((x) => x.includes(w.uid)) ?? '';
      expect(r).to.contain(`HomeCommunityId>${w.home}<`);
      const cid = decodeURIComponent(/href="cid:([^"]+)"/.exec(r)?.[1] ?? '');
      const holder = i === 0 ? a : b;
      expect(sha1(res.attachments.get(cid) ?? Buffer.alloc(0))).to.equal(sha1(holder.documents.get(w.uid)!));
    }
    // One ITI-39 reached community 3 (the relay), for its one document only.
    expect(relays[0]!.received.slice(before)).to.have.length(1);
    expect(relays[0]!.received.at(-1)).to.contain(wanted[1]!.uid).and.not.contain(wanted[0]!.uid);
  });

  it('relays a 20 MB document of another community to the consumer byte for byte', async () => {
    const c = communities[1]!;
    const doc = randomBytes(20 * 1024 * 1024);
    const { xml, documentUniqueId } = submitObjectsRequest({ mimeType: 'application/pdf' });
    const url = `${c.gateway.url}/services/repository`;
    const pkg = mtomPackage(ACTION.pnr, envelope(ACTION.pnr, provideAndRegisterRequest(xml, { contentId: 'big@test' }), url),
      [{ contentId: 'big@test', contentType: 'application/pdf', data: doc }]);
    const stored = (await post(url, pkg.contentType, pkg.body)).body.toString();
    expect(stored.slice(0, 3000)).to.contain('ResponseStatusType:Success');
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve,
      retrieveBody([{ home: c.home, repository: c.repository, uid: documentUniqueId }]), { mtom: [] });
    expect(statusOf(res)).to.equal('Success');
    const [part] = [...res.attachments.values()];
    expect(sha1(part ?? Buffer.alloc(0))).to.equal(sha1(doc));
  });

  it('inlines a remote document as base64 for a consumer that sent plain SOAP', async () => {
    const c = communities[0]!;
    const uid = uids.get(c.home)![1]!;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve, retrieveBody([{ home: c.home, repository: c.repository, uid }]));
    expect(res.contentType).to.match(/^application\/soap\+xml/);
    expect(res.envelope).to.contain(c.documents.get(uid)!.toString('base64'));
  });

  it('retrieves documents of its own repository without HomeCommunityId in-process', async () => {
    const uid = uids.get(ig.home)![0]!;
    const body = `<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007"><xdsb:DocumentRequest><xdsb:RepositoryUniqueId>${ig.repository}</xdsb:RepositoryUniqueId>`
      + `<xdsb:DocumentUniqueId>${uid}</xdsb:DocumentUniqueId></xdsb:DocumentRequest></xdsb:RetrieveDocumentSetRequest>`;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve, body);
    expect(statusOf(res)).to.equal('Success');
    expect(res.envelope).to.contain(`HomeCommunityId>${ig.home}<`).and.contain(Buffer.from('Notat i egen kommune\n').toString('base64'));
  });

  it('splits a retrieve into requests of at most maxDocumentsPerRetrieve for a community', async () => {
    const c = communities[2]!;
    await provide(c, 'Andre dokument i samfunn 3\n').then((uid) => uids.get(c.home)!.push(uid));
    const wanted = uids.get(c.home)!.map((uid) => ({ home: c.home, repository: c.repository, uid }));
    const before = relays[0]!.received.length;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve, retrieveBody(wanted), { mtom: [] });
    expect(statusOf(res)).to.equal('Success');
    expect(res.attachments.size).to.equal(2);
    expect(relays[0]!.received.length - before).to.equal(2);
  });

  it('routes a DocumentRequest that names a community by its bare OID, answering in the urn:oid: form', async () => {
    const a = communities[0]!;
    const uid = uids.get(a.home)![0]!;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve, retrieveBody([{ home: a.home.slice(8), repository: a.repository, uid }]));
    expect(statusOf(res)).to.equal('Success');
    expect(res.envelope).to.contain(`HomeCommunityId>${a.home}<`);
  });

  it('reports an unknown HomeCommunityId per document and still returns the others', async () => {
    const a = communities[1]!;
    const wanted = [
      { home: a.home, repository: a.repository, uid: uids.get(a.home)![0]! },
      { home: 'urn:oid:2.999.404', repository: '2.999.404.1', uid: '2.999.404.1.1' },
    ];
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.retrieve, retrieveBody(wanted), { mtom: [] });
    expect(statusOf(res)).to.equal('PartialSuccess');
    expect(registryErrors(res.envelope)).to.deep.equal([{ code: 'XDSUnknownCommunity', location: '2.999.404.1.1', severity: 'Error' }]);
    expect(res.attachments.size).to.equal(1);
  });

  it('passes the caller\'s signed SAML assertion on so that its signature still verifies', async () => {
    const now = testNow();
    const { xml, id } = signedEnvelope({ now, action: ACTION.query, inheritNamespaces: true });
    const before = relays[0]!.received.length;
    const res = await post(`${ig.gateway.url}/services/ig`, `application/soap+xml; charset=UTF-8; action="${ACTION.query}"`, xml);
    expect(res.status).to.equal(200);
    const sent = relays[0]!.received.slice(before);
    expect(sent).to.have.length(1);
    expect(sent[0]).to.contain(`ID="${id}"`);
    expect(verifyWithXmlsec(sent[0]!, testKeys().trusted.certPath)).to.equal(true);
  });

  it('forwards a query with exactly the parameters the consumer sent: lists, AND/OR code groups, times', async () => {
    const original = findDocumentsRequest(NORWEGIAN_PATIENT_CX, 'LeafClass', slot('$XDSDocumentEntryClassCode', "('A00-1^^2.16.578.1.12.4.1.1.9602', 'J01-2^^2.16.578.1.12.4.1.1.9602')")
      + slot('$XDSDocumentEntryEventCodeList', "('a^^1.2.3','b^^1.2.3')") + slot('$XDSDocumentEntryEventCodeList', "'c^^1.2.3'")
      + slot('$XDSDocumentEntryAuthorPerson', "'%Hansen%'", "'O''Brien%'") + slot('$XDSDocumentEntryCreationTimeFrom', '20200101')
      + slot('$XDSDocumentEntryType', "('urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1')") + slot('$MetadataLevel', '1'));
    const before = relays[0]!.received.length;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, original);
    expect(statusOf(res)).to.equal('Success');
    const sent = relays[0]!.received.slice(before);
    expect(sent).to.have.length(1);
    const forwarded = typedQuery(sent[0]!);
    expect(forwarded).to.deep.equal(typedQuery(original));
    expect(Object.keys(forwarded.params)).to.have.length(8);
  });

  it('forwards a query by id to the community it names, with that community as home', async () => {
    const home = communities[2]!.home;
    const [uid] = uids.get(home)!;
    const original = '<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">'
      + `<query:ResponseOption returnComposedObjects="true" returnType="LeafClass"/><rim:AdhocQuery id="${STORED_QUERY_ID.GetDocuments}" home="${home}">`
      + slot('$XDSDocumentEntryUniqueId', `('${uid!}')`) + slot('$homeCommunityId', `'${home}'`) + '</rim:AdhocQuery></query:AdhocQueryRequest>';
    const before = relays[0]!.received.length;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, original);
    expect(statusOf(res)).to.equal('Success');
    expect([...homesByUniqueId(res.envelope)]).to.deep.equal([[uid, home]]);
    const sent = relays[0]!.received.slice(before);
    expect(sent).to.have.length(1);
    const forwarded = typedQuery(sent[0]!);
    expect(forwarded).to.deep.equal(typedQuery(original));
    expect(forwarded.home).to.equal(home);
  });

  it('answers a query that does not parse itself, once, and sends it to no community', async () => {
    const before = relays[0]!.received.length;
    const res = await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query,
      findDocumentsRequest(NORWEGIAN_PATIENT_CX, 'LeafClass', slot('$XDSDocumentEntryCreationTimeFrom', 'yesterday')));
    expect(statusOf(res)).to.equal('Failure');
    expect(registryErrors(res.envelope)).to.deep.equal([{ code: 'XDSRegistryError', location: '$XDSDocumentEntryCreationTimeFrom', severity: 'Error' }]);
    expect(relays[0]!.received.length).to.equal(before);
  });

  it('sends no security header when the caller sent no ticket', async () => {
    const before = relays[0]!.received.length;
    await callSoap(`${ig.gateway.url}/services/ig`, ACTION.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    expect(relays[0]!.received.slice(before).join('')).to.not.contain('Security');
  });
});
