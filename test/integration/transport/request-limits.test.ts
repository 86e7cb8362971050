/**
 * Hostile requests before authentication: each is refused at its first broken limit with a
 * SOAP Sender fault in bounded time, and another client's ITI-18 sent meanwhile still answers.
 * Sizes are small so that every cap is hit early; the attacks themselves are those of
 * README "Settings" (XML_*, SOAP_MAX_HEADER_CHARS, XUA_MAX_TICKET_CHARS, REQUEST_CPU_BUDGET_MS, MTOM_*).
 */
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { testConfig } from '../../support/test-config.js';
import { NS } from '../../../src/formats/xml/tree.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { attrOf, callSoap, envelope, post, type RawResponse } from '../../support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX, provideAndRegisterRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { mtomBody } from './app-fixture.js';

const QUERY = 'urn:ihe:iti:2007:RegistryStoredQuery';
const PNR = 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b';
const SUCCESS = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success';
const SOAP = 'application/soap+xml; charset=UTF-8';
/** Generous for a shared, loaded machine; without the limits these attacks take tens of seconds or kill the process. */
const BOUND_MS = 5_000;

const nested = (n: number, open: (i: number) => string, close: (i: number) => string): string => {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(open(i));
  for (let i = n - 1; i >= 0; i--) parts.push(close(i));
  return parts.join('');
};

function expectSenderFault(res: RawResponse, ...needles: string[]): void {
  const text = res.body.toString();
  expect(res.status, text.slice(0, 500)).to.equal(400);
  expect(text).to.contain('<env:Fault>').and.contain('env:Sender');
  for (const n of needles) expect(text).to.contain(n);
  expect(text).not.to.match(/\.ts:\d+|at [\w.]+ \(|node:internal/);
}

/** Posts one request to a gateway of its own with these settings. */
async function postToOwnGateway(settings: Record<string, string>, body: string): Promise<RawResponse> {
  const gw = await startGateway(testConfig(settings), createLogger('silent'));
  try {
    return await post(`${gw.url}/services/registry`, SOAP, body);
  } finally {
    await gw.close();
  }
}

describe('requests refused at the first limit, while other clients are served', function () {
  this.timeout(60_000);
  let gw: RunningGateway;
  let base: string;
  before(async () => {
    gw = await startGateway(testConfig({ XML_MAX_ELEMENTS: '50000', XML_MAX_NAMESPACE_DECLARATIONS: '1000', MTOM_MAX_PARTS: '50' }), createLogger('silent'));
    base = `${gw.url}/services`;
    const m = submitObjectsRequest();
    const res = await callSoap(`${base}/repository`, PNR, provideAndRegisterRequest(m.xml, { contentId: 'd@t' }),
      { mtom: [{ contentId: 'd@t', contentType: 'text/plain', data: Buffer.from('a document') }] });
    expect(attrOf(res.envelope, 'RegistryResponse', 'status')).to.equal(SUCCESS);
  });
  after(async () => { await gw.close(); });

  async function query(extraSlots = ''): Promise<{ status: string | undefined; entries: number; ms: number }> {
    const t0 = Date.now();
    const res = await callSoap(`${base}/registry`, QUERY, findDocumentsRequest(NORWEGIAN_PATIENT_CX, 'LeafClass', extraSlots));
    return { status: attrOf(res.envelope, 'AdhocQueryResponse', 'status'), entries: res.envelope.split('<rim:ExtrinsicObject ').length - 1, ms: Date.now() - t0 };
  }

  /** Sends the attack and, while it is under way, an ITI-18 from another client; both must end in bounded time. */
  async function underAttack(body: Buffer | string, contentType = SOAP, path = 'registry'): Promise<RawResponse> {
    const t0 = Date.now();
    const attack = post(`${base}/${path}`, contentType, body).then((r) => ({ r, ms: Date.now() - t0 }));
    await delay(2);
    const q = await query();
    expect(q.status, 'the other client is answered').to.equal(SUCCESS);
    expect(q.entries).to.equal(1);
    expect(q.ms, 'the other client waits a bounded time').to.be.below(BOUND_MS);
    const a = await attack;
    expect(a.ms, 'the attack is refused in bounded time').to.be.below(BOUND_MS);
    return a.r;
  }

  it('refuses XML nested 40,000 deep at depth 64', async () => {
    expectSenderFault(await underAttack(envelope(QUERY, nested(40_000, () => '<a>', () => '</a>'))), 'nested deeper than 64');
  });

  it('refuses XML nested 200,000 deep (1.4 MB) without reading past the limit', async () => {
    expectSenderFault(await underAttack(envelope(QUERY, nested(200_000, () => '<a>', () => '</a>'))), 'nested deeper than 64');
  });

  it('refuses 12,000 nested elements that each declare a namespace, and the process lives on', async () => {
    const xml = nested(12_000, (i) => `<p${i}:a xmlns:p${i}="urn:n${i}">`, (i) => `</p${i}:a>`);
    expectSenderFault(await underAttack(envelope(QUERY, xml)), 'nested deeper than 64');
  });

  it('refuses 12,000 sibling elements that each declare a namespace at the declaration limit', async () => {
    const xml = `<q>${Array.from({ length: 12_000 }, (_, i) => `<p:a xmlns:p="urn:n${i}"/>`).join('')}</q>`;
    expectSenderFault(await underAttack(envelope(QUERY, xml)), 'more than 1000 namespace declarations');
  });

  it('refuses a flood of small elements at the element limit', async () => {
    expectSenderFault(await underAttack(envelope(QUERY, `<q>${'<e/>'.repeat(400_000)}</q>`)), 'more than 50000 elements');
  });

  it('refuses a huge unsigned ticket before any signature work', async () => {
    const ticket = `<wsse:Security xmlns:wsse="${NS.wsse}"><saml2:Assertion xmlns:saml2="${NS.saml2}" ID="x">`
      + `${'<saml2:Attribute Name="a"><saml2:AttributeValue>v</saml2:AttributeValue></saml2:Attribute>'.repeat(40_000)}</saml2:Assertion></wsse:Security>`;
    expectSenderFault(await underAttack(envelope(QUERY, '<q/>', undefined, undefined, ticket)), 'a SAML assertion is longer than 65536');
  });

  it('refuses a SOAP Header above its cap', async () => {
    const blocks = '<Note>some header text</Note>'.repeat(20_000);
    expectSenderFault(await underAttack(envelope(QUERY, '<q/>', undefined, undefined, blocks)), 'the SOAP Header is longer than 262144');
  });

  it('refuses a SAML assertion above its own cap inside a header that fits', async () => {
    const ticket = `<wsse:Security xmlns:wsse="${NS.wsse}"><saml2:Assertion xmlns:saml2="${NS.saml2}" ID="x">`
      + `${'<saml2:AttributeValue>v</saml2:AttributeValue>'.repeat(3_000)}</saml2:Assertion></wsse:Security>`;
    expectSenderFault(await underAttack(envelope(QUERY, '<q/>', undefined, undefined, ticket)), 'a SAML assertion is longer than 65536');
  });

  it('refuses one giant text node at the text limit', async () => {
    const res = await postToOwnGateway({ XML_MAX_TEXT_CHARS: '100000' }, envelope(QUERY, `<q>${'x'.repeat(3_000_000)}</q>`));
    expectSenderFault(res, '100000 characters');
  });

  it('answers an author LIKE pattern of many consecutive % at once', async () => {
    for (const pattern of ['%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%x', '%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%x', '%']) {
      const slot = `<rim:Slot name="$XDSDocumentEntryAuthorPerson"><rim:ValueList><rim:Value>'${pattern}'</rim:Value></rim:ValueList></rim:Slot>`;
      const q = await query(slot);
      expect(q.status).to.equal(SUCCESS);
      expect(q.entries, pattern).to.equal(pattern === '%' ? 1 : 0);
      expect(q.ms).to.be.below(BOUND_MS);
    }
  });

  it('refuses more LIKE patterns, or longer ones, than the matching work allows', async () => {
    const values = (list: readonly string[]): string => list.map((v) => `<rim:Value>('${v}')</rim:Value>`).join('');
    const slot = (list: readonly string[]): string => `<rim:Slot name="$XDSDocumentEntryAuthorPerson"><rim:ValueList>${values(list)}</rim:ValueList></rim:Slot>`;
    for (const [list, code] of [[Array(101).fill('%a%'), 'XDSStoredQueryParamNumber'], [[`%${'_'.repeat(300)}%`], 'XDSRegistryError']] as const) {
      const res = await callSoap(`${base}/registry`, QUERY, findDocumentsRequest(NORWEGIAN_PATIENT_CX, 'LeafClass', slot(list)));
      expect(attrOf(res.envelope, 'AdhocQueryResponse', 'status')).to.match(/Failure$/);
      expect(attrOf(res.envelope, 'RegistryError', 'errorCode')).to.equal(code);
    }
    const ok = await query(slot(Array(100).fill('%Nobody%')));
    expect([ok.status, ok.entries]).to.deep.equal([SUCCESS, 0]);
  });

  it('refuses more MTOM parts than allowed', async () => {
    const parts = Array.from({ length: 200 }, (_, i) => ({ id: `p${i}@t`, data: Buffer.alloc(1_000, i) }));
    const { contentType, body } = mtomBody(envelope(PNR, '<q/>'), parts);
    expectSenderFault(await underAttack(body, contentType, 'repository'), 'more than 50 parts');
  });

  it('refuses HTTP headers above 16 KiB, such as a huge token in Authorization', async () => {
    const res = await post(`${base}/registry`, SOAP, envelope(QUERY, '<q/>'), { authorization: `SAML ${'A'.repeat(20_000)}` }).catch((e: Error) => e);
    expect(res instanceof Error ? res.message : res.status).to.be.oneOf([431, 'socket hang up', 'read ECONNRESET']);
  });

  it('refuses an envelope that is not valid UTF-8, naming the byte', async () => {
    const good = Buffer.from(envelope(QUERY, '<q>ok</q>'));
    const at = good.indexOf('ok');
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff, 0xfe]), good.subarray(at + 2)]);
    expectSenderFault(await underAttack(bad), 'not valid UTF-8', `byte ${at}`);
  });

  it('stops parsing a large envelope that uses up its time budget', async () => {
    const res = await postToOwnGateway({ REQUEST_CPU_BUDGET_MS: '10' }, envelope(QUERY, `<q>${'<e a="1">t</e>'.repeat(300_000)}</q>`));
    expectSenderFault(res, 'budget of 10 ms');
  });
});
