import { expect } from 'chai';
import { compare } from '../../../scripts/conformance/expected.js';
import { finalLine, testLines } from '../../../scripts/conformance/report.js';
import type { TestResult } from '../../../scripts/conformance/results.js';
import { runConformance } from '../../../scripts/conformance/run.js';
import { requireShared, sharedPath } from '../../support/shared.js';
import { writeMiniTestkit } from './mini-testkit.js';
import { startPeer, type Peer } from './peer.js';

const HOME = 'urn:oid:2.999.1.1';

async function run(peer: Peer, testsDir: string, tests: string[]): Promise<Map<string, TestResult>> {
  const results = await runConformance({
    baseUrl: peer.url, testsDir, collections: [], tests, homeCommunityId: HOME, repositoryUniqueId: '2.999.1.2',
  });
  return new Map(results.map((r) => [r.test, r]));
}

describe('conformance runner against a test peer', () => {
  let peer: Peer;
  afterEach(async () => { await peer.close(); });

  describe('with a peer that answers correctly', () => {
    let results: Map<string, TestResult>;
    beforeEach(async () => {
      peer = await startPeer();
      results = await run(peer, writeMiniTestkit(), ['T-query', 'T-mismatch', 'T-update']);
    });

    it('runs a test after the test whose ids it uses, though only the later one was asked for', () => {
      expect([...results.keys()]).to.deep.equal(['T-load', 'T-query', 'T-mismatch', 'T-update']);
      expect(results.get('T-load')?.collection).to.equal('support');
    });

    it('passes the plans whose expectations the answers meet', () => {
      expect(results.get('T-load')?.verdict).to.equal('pass');
      expect(results.get('T-query')?.verdict, results.get('T-query')?.reason).to.equal('pass');
      expect(results.get('T-mismatch')?.verdict, results.get('T-mismatch')?.reason).to.equal('pass');
    });

    it('replaces the plan patient id and uniqueIds, and queries with the uniqueId it assigned', () => {
      const register = peer.requests.find((r) => r.action.endsWith('RegisterDocumentSet-b'));
      expect(register?.body).to.not.contain('PLAN-PID');
      expect(register?.body).to.not.contain('1.2.3.plan.ss');
      const ssUid = /identificationScheme="urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8" value="([^"]+)"/.exec(register?.body ?? '')?.[1];
      expect(ssUid).to.match(/^2\.25\.\d+$/);
      const query = peer.requests.find((r) => r.action.endsWith('RegistryStoredQuery'));
      expect(query?.body).to.contain(`'${ssUid ?? 'none'}'`);
    });

    it('sends symbolic ids as urn:uuid when the plan says AssignUuids', () => {
      const register = peer.requests.find((r) => r.action.endsWith('RegisterDocumentSet-b'));
      expect(register?.body).to.not.match(/"(Document01|SubmissionSet01)"/);
      expect(register?.body).to.match(/sourceObject="urn:uuid:[0-9a-f-]{36}"/);
    });

    it('reports a transaction the peer does not serve as not applicable, with the reason', () => {
      const r = results.get('T-update');
      expect(r?.verdict).to.equal('na');
      expect(r?.reason).to.contain('does not serve ITI-57');
    });

    it('prints a line per test and per section and ends with the counts', () => {
      const all = [...results.values()];
      expect(testLines(results.get('T-query')!)).to.deep.equal(['PASS T-query', '       pass  T-query/eval']);
      expect(finalLine(all)).to.equal('3 passed, 0 failed, 1 not applicable');
    });
  });

  describe('with a peer that answers deliberately wrongly', () => {
    let results: Map<string, TestResult>;
    beforeEach(async () => {
      peer = await startPeer({ wrong: true });
      results = await run(peer, writeMiniTestkit(), ['T-query', 'T-mismatch']);
    });

    it('fails a test whose expected Failure came back as Success', () => {
      expect(results.get('T-mismatch')?.verdict).to.equal('fail');
      expect(results.get('T-mismatch')?.reason).to.contain('expected Failure, got Success');
    });

    it('fails a test whose returned objects break the expected contents and assertions', () => {
      const r = results.get('T-query');
      expect(r?.verdict).to.equal('fail');
      const reasons = r?.sections.flatMap((s) => s.steps.flatMap((st) => st.reasons)) ?? [];
      expect(reasons.join('\n')).to.contain('to be Approved');
      expect(reasons.join('\n')).to.contain('assertion approved does not hold');
    });

    it('turns a test listed as passing into a regression', () => {
      expect(compare({ tests: ['T-load', 'T-query'] }, [...results.values()])).to.deep.equal({ regressions: ['T-query'], newlyPassing: [] });
    });
  });

  describe('on NIST plans', () => {
    const nist = (): string => sharedPath('conformance', 'samples', 'nist-toolkit', 'testkit', 'tests');

    it('passes 11990 and 11997 against a peer that registers and rejects as a registry should', async function () {
      requireShared(this);
      peer = await startPeer();
      const results = await run(peer, nist(), ['11990', '11997']);
      expect(results.get('11990')?.verdict, results.get('11990')?.reason).to.equal('pass');
      expect(results.get('11997')?.verdict, results.get('11997')?.reason).to.equal('pass');
      expect(results.get('15817')?.verdict).to.equal('na');
    });

    it('fails 11990 and 11997 against the deliberately wrong peer', async function () {
      requireShared(this);
      peer = await startPeer({ wrong: true });
      const results = await run(peer, nist(), ['11990', '11997']);
      expect(results.get('11990')?.reason).to.contain('availabilityStatus');
      expect(results.get('11997')?.verdict).to.equal('fail');
    });

    it('translates the 2.1 metadata of 11990 so that the peer receives ebRIM 3.0', async function () {
      requireShared(this);
      peer = await startPeer();
      await run(peer, nist(), ['11990']);
      const body = peer.requests.find((r) => r.action.endsWith('RegisterDocumentSet-b'))?.body ?? '';
      expect(body).to.contain('urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0');
      expect(body).to.not.contain(':xsd:2.1');
    });
  });
});
