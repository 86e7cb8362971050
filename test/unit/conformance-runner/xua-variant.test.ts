import { expect } from 'chai';
import { cxKey } from '../../../src/domain/datatypes.js';
import type { Exchange } from '../../../scripts/conformance/exchange.js';
import type { TestResult } from '../../../scripts/conformance/results.js';
import { collectionTitles, runConformance } from '../../../scripts/conformance/run.js';
import { variantsOf } from '../../../scripts/conformance/variants.js';
import { noTicketProblems, otherPatientProblems } from '../../../scripts/conformance/xua-checks.js';
import { XuaSender } from '../../../scripts/conformance/xua-sender.js';
import { securityHeader, TicketBook } from '../../../scripts/conformance/xua-tickets.js';
import { parseNode } from '../../../scripts/conformance/xml-node.js';
import { testKeys, type TestKeyPair } from '../../support/saml-signer.js';
import { envelope } from '../../support/soap-client.js';
import { acceptance, verifyEnvelope } from '../../support/xua-harness.js';
import { writeMiniTestkit } from './mini-testkit.js';
import { startPeer, type Peer } from './peer.js';

const PATIENT = 'A1B2C3^^^&1.3.6.1.4.1.21367.13.20.1000&ISO';
const FAKE_PAIR: TestKeyPair = { keyPath: 'none', certPath: 'none', certPem: '' };
/** A signer that does not sign and counts its calls: for what the ticket book does around signing. */
function countingSigner(): { sign: (xml: string) => string; calls: () => number } {
  let n = 0;
  return { sign: (xml) => { n += 1; return xml; }, calls: () => n };
}

function answer(x: Partial<Exchange>): Exchange {
  return { httpStatus: 200, status: 'Success', errors: [], documents: [], input: parseNode('<x/>'), ...x };
}

describe('conformance runner, XUA variant', () => {
  describe('tickets', () => {
    it('signs one ticket per patient and reuses it', () => {
      const signer = countingSigner();
      const book = new TicketBook(FAKE_PAIR, { sign: signer.sign });
      const first = book.ticketFor(PATIENT);
      expect(book.ticketFor(PATIENT)).to.equal(first);
      book.ticketFor('D4E5F6^^^&1.3.6.1.4.1.21367.13.20.1000&ISO');
      expect(signer.calls()).to.equal(2);
      expect(book.signed).to.equal(2);
      expect(first).to.contain('A1B2C3^^^&amp;1.3.6.1.4.1.21367.13.20.1000&amp;ISO').and.contain('code=&quot;TREAT&quot;');
    });

    it('makes a ticket, signed by xmlsec1, that the gateway accepts: health personnel, TREAT, the step\'s patient', function () {
      this.timeout(20_000);
      const ticket = new TicketBook(testKeys().trusted).ticketFor(PATIENT);
      const env = envelope('urn:ihe:iti:2007:RegistryStoredQuery', '<x:Query xmlns:x="urn:x"/>', 'http://127.0.0.1/services/registry',
        undefined, securityHeader(ticket));
      const { context } = acceptance(verifyEnvelope(env, new Date()));
      expect(context.kind).to.equal('health-personnel');
      expect(context.purposeOfUse?.code).to.equal('TREAT');
      expect(context.patientId && cxKey(context.patientId)).to.equal(PATIENT);
    });
  });

  describe('negative checks', () => {
    it('accepts only the wsse:SecurityTokenUnavailable fault for a request without a ticket', () => {
      expect(noTicketProblems(answer({ status: 'Fault', fault: { code: 'SecurityTokenUnavailable', reason: 'no ticket' } }))).to.deep.equal([]);
      expect(noTicketProblems(answer({ status: 'Success' }))).to.deep.equal(['expected a SOAP fault, got Success']);
      expect(noTicketProblems(answer({ status: 'Fault', fault: { code: 'InvalidSecurityToken', reason: 'bad' } }))[0]).to.contain('got InvalidSecurityToken');
    });

    it('accepts a query refused by the access policy, and not one that returns the entries', () => {
      const refused = answer({ status: 'Failure', errors: [{ code: 'XDSRegistryError', context: 'Access refused by the access policy: …', severity: 'Error', location: '' }] });
      expect(otherPatientProblems('StoredQuery', refused)).to.deep.equal([]);
      const leaked = answer({ body: parseNode('<q:R xmlns:q="urn:q"><q:ExtrinsicObject/></q:R>') });
      expect(otherPatientProblems('XCQ', leaked).join('; ')).to.contain('expected Failure, got Success').and.contain('1 entries');
    });

    it('accepts a retrieve answered as for an unknown document, and not one that releases it', () => {
      const unknown = answer({ status: 'Failure', errors: [{ code: 'XDSDocumentUniqueIdError', context: 'No document', severity: 'Error', location: '1.2' }] });
      expect(otherPatientProblems('Retrieve', unknown)).to.deep.equal([]);
      const doc = { home: '', repositoryUniqueId: '1', documentUniqueId: '1.2', mimeType: 'text/plain', content: Buffer.from('x') };
      expect(otherPatientProblems('XCR', answer({ documents: [doc] })).join('; ')).to.contain('1 documents');
    });
  });

  describe('a run with tickets against the test peer', () => {
    let peer: Peer;
    let results: Map<string, TestResult>;
    let sender: XuaSender;
    before(async () => {
      peer = await startPeer();
      sender = new XuaSender(new TicketBook(FAKE_PAIR, { sign: countingSigner().sign }));
      const run = await runConformance({
        baseUrl: peer.url, testsDir: writeMiniTestkit(), collections: [], tests: ['T-query', 'T-mismatch'],
        homeCommunityId: 'urn:oid:2.999.1.1', repositoryUniqueId: '2.999.1.2', prefix: 'xua:', send: sender.send,
        notApplicable: { 'T-mismatch': 'not under XUA' },
      });
      results = new Map(run.map((r) => [r.test, r]));
    });
    after(async () => { await peer.close(); });

    it('counts the variant\'s tests apart ("xua:" ids and collections) and applies its own not-applicable list', () => {
      expect([...results.keys()]).to.deep.equal(['xua:T-load', 'xua:T-query', 'xua:T-mismatch']);
      expect(results.get('xua:T-query')?.collection).to.equal('xua:support');
      expect(results.get('xua:T-query')?.verdict, results.get('xua:T-query')?.reason).to.equal('pass');
      expect(results.get('xua:T-mismatch')).to.include({ verdict: 'na', reason: 'not under XUA' });
    });

    it('sends the query with a ticket for the patient of the objects it names, the submission without one', () => {
      const register = peer.requests.find((r) => r.action.endsWith('RegisterDocumentSet-b'));
      const query = peer.requests.find((r) => r.action.endsWith('RegistryStoredQuery'));
      const loadPatient = /identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" value="([^^"]+)/.exec(register?.body ?? '')?.[1];
      expect(register?.security).to.equal('');
      expect(query?.security).to.contain('Assertion').and.contain(`${loadPatient ?? 'none'}^^^`);
      expect(sender.chosen).to.deep.equal({ named: 0, objects: 1, test: 0 });
    });

    it('keeps the query as the sample for the negative checks only if it names its patient', () => {
      expect(sender.samples.has('StoredQuery')).to.equal(false);
    });
  });

  it('runs both variants by default, only the plain one against a running gateway, or the one asked for', () => {
    expect(variantsOf({ xua: false, plain: false })).to.deep.equal(['plain', 'xua']);
    expect(variantsOf({ xua: false, plain: false, url: 'http://x' })).to.deep.equal(['plain']);
    expect(variantsOf({ xua: true, plain: false, url: 'http://x' })).to.deep.equal(['xua']);
    expect(variantsOf({ xua: false, plain: true })).to.deep.equal(['plain']);
    expect(variantsOf({ xua: true, plain: true })).to.deep.equal(['plain', 'xua']);
  });

  it('titles the XUA collections after the plain ones', () => {
    const titles = collectionTitles();
    expect(titles.get('xua:registry')).to.equal(`${titles.get('registry') ?? ''} under XUA`);
    expect(titles.get('xua:checks')).to.equal('XUA negative checks');
  });
});
