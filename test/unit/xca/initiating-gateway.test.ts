import { expect } from 'chai';
import { parseCommunities, type Community } from '../../../src/config/communities.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';
import type { DocumentRequest } from '../../../src/domain/retrieve.js';
import type { StoredQueryRequest } from '../../../src/domain/stored-query.js';
import { STORED_QUERY_ID } from '../../../src/domain/vocabulary.js';
import { XdsError } from '../../../src/errors/issue.js';
import { createLogger } from '../../../src/logging/logger.js';
import {
  createInitiatingGateway, type CrossGatewayPort, type OutboundCall, type RemoteQueryAnswer,
} from '../../../src/services/initiating-gateway.js';
import type { RegistryService, RepositoryService } from '../../../src/services/services.js';
import { aDocumentContent, aDocumentEntry } from '../../support/builders.js';
import { testConfig } from '../../support/test-config.js';

const config = testConfig({ HOME_COMMUNITY_ID: 'urn:oid:2.999.1', REPOSITORY_UNIQUE_ID: '2.999.1.9' });
const OWN = config.HOME_COMMUNITY_ID;
const [A, B] = parseCommunities({ communities: [
  { homeCommunityId: 'urn:oid:2.999.2', url: 'http://a.invalid/xca', maxDocumentsPerRetrieve: 2 },
  { homeCommunityId: 'urn:oid:2.999.3', url: 'http://b.invalid/xca' },
] }, OWN) as [Community, Community];
const CALL: OutboundCall = { security: ANONYMOUS, correlationId: 'c-1', samlAssertion: '<saml2:Assertion/>' };

const findDocuments = (returnType: 'LeafClass' | 'ObjectRef' = 'LeafClass'): StoredQueryRequest => ({
  queryId: STORED_QUERY_ID.FindDocuments, returnType,
  slots: new Map([['$XDSDocumentEntryPatientId', [["'1^^^&2.999&ISO'"]]], ['$XDSDocumentEntryStatus', [["('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')"]]]]),
});
const getDocuments = (home?: string): StoredQueryRequest => ({
  queryId: STORED_QUERY_ID.GetDocuments, returnType: 'LeafClass', ...(home ? { home } : {}),
  slots: new Map([['$XDSDocumentEntryUniqueId', [["('1.2.3')"]]]]),
});

const answer = (over: Partial<RemoteQueryAnswer> = {}): RemoteQueryAnswer => ({
  status: 'Success', issues: [], refs: [],
  objects: { submissionSets: [], documentEntries: [aDocumentEntry()], folders: [], associations: [] }, ...over,
});

interface Recorded { community: string; request?: StoredQueryRequest; requests?: readonly DocumentRequest[]; call: OutboundCall }

function setUp(port: Partial<CrossGatewayPort> = {}, registry?: RegistryService['storedQuery']) {
  const calls: Recorded[] = [];
  const client: CrossGatewayPort = {
    query: async (c, request, call) => { calls.push({ community: c.homeCommunityId, request, call }); return port.query ? port.query(c, request, call) : answer(); },
    retrieve: async (c, requests, call) => {
      calls.push({ community: c.homeCommunityId, requests, call });
      if (port.retrieve) return port.retrieve(c, requests, call);
      return { status: 'Success', issues: [], documents: requests.map((r) => ({ ...r, mimeType: 'text/plain', content: aDocumentContent('x') })) };
    },
  };
  const local: RegistryService = {
    registerDocumentSet: async () => ({ issues: [], touched: {} }),
    storedQuery: registry ?? (async (r) => ({ result: r.returnType === 'LeafClass'
      ? { returnType: 'LeafClass', objects: { submissionSets: [], documentEntries: [aDocumentEntry()], folders: [], associations: [] } }
      : { returnType: 'ObjectRef', refs: ['urn:uuid:local-1'] }, issues: [], touched: {} })),
  };
  const localRetrieved: DocumentRequest[] = [];
  const repository: RepositoryService = {
    provideAndRegister: async () => ({ issues: [], touched: {} }),
    retrieve: async (requests) => {
      localRetrieved.push(...requests);
      return { documents: requests.map((r) => ({ ...r, mimeType: 'text/plain', content: aDocumentContent('y') })), issues: [], touched: {} };
    },
  };
  const ig = createInitiatingGateway({ registry: local, repository, communities: [A, B], client, config, log: createLogger('silent') });
  return { ig, calls, localRetrieved };
}

describe('Initiating Gateway fan-out and merge', () => {
  it('sends a patient query to every community, without home, and keeps each entry\'s home', async () => {
    const { ig, calls } = setUp();
    const out = await ig.query(findDocuments(), CALL);
    expect(calls.map((c) => c.community)).to.deep.equal([A.homeCommunityId, B.homeCommunityId]);
    expect(calls.every((c) => c.request?.home === undefined)).to.equal(true);
    expect(out.status).to.equal('Success');
    if (out.result.returnType !== 'LeafClass') expect.fail('LeafClass expected');
    expect(out.result.objects.documentEntries.map((d) => d.homeCommunityId)).to.deep.equal([OWN, A.homeCommunityId, B.homeCommunityId]);
  });

  it('passes the caller\'s assertion with every outgoing request', async () => {
    const { ig, calls } = setUp();
    await ig.query(findDocuments(), CALL);
    expect(calls.map((c) => c.call.samlAssertion)).to.deep.equal(['<saml2:Assertion/>', '<saml2:Assertion/>']);
  });

  it('routes a query by id with home to that community only', async () => {
    const { ig, calls } = setUp();
    const out = await ig.query(getDocuments(B.homeCommunityId), CALL);
    expect(calls.map((c) => [c.community, c.request?.home])).to.deep.equal([[B.homeCommunityId, B.homeCommunityId]]);
    expect(out.status).to.equal('Success');
  });

  it('answers a query by id with this community\'s home from the local registry alone', async () => {
    const { ig, calls } = setUp();
    const out = await ig.query(getDocuments(OWN), CALL);
    expect(calls).to.deep.equal([]);
    if (out.result.returnType !== 'LeafClass') expect.fail('LeafClass expected');
    expect(out.result.objects.documentEntries).to.have.length(1);
  });

  it('gives a query by id without home to every community, each addressed by its own home', async () => {
    const { ig, calls } = setUp();
    await ig.query(getDocuments(), CALL);
    expect(calls.map((c) => c.request?.home)).to.deep.equal([A.homeCommunityId, B.homeCommunityId]);
  });

  it('refuses a home that no configured community has with XDSUnknownCommunity', async () => {
    const { ig } = setUp();
    try {
      await ig.query(getDocuments('urn:oid:2.999.404'), CALL);
      expect.fail('expected XdsError');
    } catch (e) {
      expect((e as XdsError).issues.map((i) => i.code)).to.deep.equal(['XDSUnknownCommunity']);
    }
  });

  it('answers PartialSuccess with XDSUnavailableCommunity located at the community that failed', async () => {
    const { ig } = setUp({ query: async (c) => { if (c === B) throw new Error('no answer within 10 ms'); return answer(); } });
    const out = await ig.query(findDocuments(), CALL);
    expect(out.status).to.equal('PartialSuccess');
    expect(out.issues).to.have.length(1);
    expect(out.issues[0]).to.include({ code: 'XDSUnavailableCommunity', location: B.homeCommunityId });
    expect(out.issues[0]?.codeContext).to.contain('no answer within 10 ms');
  });

  it('answers Failure when no community answered', async () => {
    const { ig } = setUp({ query: async () => { throw new Error('down'); } }, async () => { throw new Error('store down'); });
    const out = await ig.query(findDocuments(), CALL);
    expect(out.status).to.equal('Failure');
    expect(out.issues.map((i) => i.location)).to.deep.equal([OWN, A.homeCommunityId, B.homeCommunityId]);
  });

  it('locates a community\'s own RegistryErrors at that community and keeps their location in the text', async () => {
    const { ig } = setUp({ query: async (c) => (c === A
      ? answer({ status: 'PartialSuccess', issues: [{ code: 'XDSRegistryError', codeContext: 'partly', severity: 'Error', location: 'x' }] })
      : answer()) });
    const out = await ig.query(findDocuments(), CALL);
    expect(out.status).to.equal('PartialSuccess');
    expect(out.issues).to.deep.equal([{ code: 'XDSRegistryError', codeContext: 'partly (at x)', severity: 'Error', location: A.homeCommunityId }]);
  });

  it('merges ObjectRef answers, each ref carrying its community', async () => {
    const { ig } = setUp({ query: async (c) => answer({ refs: [{ id: `urn:uuid:${c === A ? 'a' : 'b'}` }] }) });
    const out = await ig.query(findDocuments('ObjectRef'), CALL);
    if (out.result.returnType !== 'ObjectRef') expect.fail('ObjectRef expected');
    expect(out.result.refs).to.deep.equal([
      { id: 'urn:uuid:local-1', home: OWN }, { id: 'urn:uuid:a', home: A.homeCommunityId }, { id: 'urn:uuid:b', home: B.homeCommunityId },
    ]);
  });

  it('sends each DocumentRequest to the community that holds it, in chunks of maxDocumentsPerRetrieve', async () => {
    const { ig, calls, localRetrieved } = setUp();
    const req = (home: string | undefined, uid: string, repository = '2.999.5'): DocumentRequest =>
      ({ ...(home ? { homeCommunityId: home } : {}), repositoryUniqueId: repository, documentUniqueId: uid });
    const out = await ig.retrieve([
      req(A.homeCommunityId, 'a1'), req(B.homeCommunityId, 'b1'), req(A.homeCommunityId, 'a2'), req(A.homeCommunityId, 'a3'),
      req(undefined, 'own1', config.REPOSITORY_UNIQUE_ID), req(OWN, 'own2'),
    ], CALL);
    expect(calls.map((c) => [c.community, c.requests?.map((r) => r.documentUniqueId)])).to.deep.equal([
      [A.homeCommunityId, ['a1', 'a2']], [A.homeCommunityId, ['a3']], [B.homeCommunityId, ['b1']],
    ]);
    expect(localRetrieved.map((r) => r.documentUniqueId)).to.deep.equal(['own1', 'own2']);
    expect(out.status).to.equal('Success');
    expect(out.documents.map((d) => d.homeCommunityId)).to.include(OWN).and.include(A.homeCommunityId);
  });

  it('reports a retrieve from an unreachable community once, located at the community', async () => {
    const { ig } = setUp({ retrieve: async () => { throw new Error('connection failed (ECONNREFUSED)'); } });
    const out = await ig.retrieve([{ homeCommunityId: B.homeCommunityId, repositoryUniqueId: '1', documentUniqueId: 'b1' }], CALL);
    expect(out.status).to.equal('Failure');
    expect(out.issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSUnavailableCommunity', B.homeCommunityId]]);
  });

  it('refuses a DocumentRequest without HomeCommunityId for a repository that is not ours', async () => {
    const { ig } = setUp();
    const out = await ig.retrieve([{ repositoryUniqueId: '2.999.5', documentUniqueId: 'd1' }], CALL);
    expect(out.issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSMissingHomeCommunityId', 'd1']]);
  });
});
