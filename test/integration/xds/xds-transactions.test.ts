import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { ANONYMOUS } from '../../../src/domain/security-context.js';
import { RESPONSE_STATUS } from '../../../src/domain/vocabulary.js';
import { issue } from '../../../src/errors/issue.js';
import { parseXml } from '../../../src/formats/xml/parse.js';
import { SOAP_TRANSACTIONS } from '../../../src/transactions/table.js';
import type { RequestContext, SoapRequest } from '../../../src/transactions/types.js';
import { iti41Handler } from '../../../src/transactions/xds/iti41.js';
import { iti42Handler } from '../../../src/transactions/xds/iti42.js';
import { iti43Handler } from '../../../src/transactions/xds/iti43.js';
import { provideAndRegisterRequest, retrieveRequest, submitObjectsRequest, withDocumentSlots } from '../../support/xds-messages.js';
import { harness, LOG, rejection, type Harness } from './service-support.js';

const soap = (xml: string): SoapRequest => ({ action: 'test', body: parseXml(xml), mtom: false });

describe('XDS transactions ITI-41, ITI-42, ITI-43 in-process', () => {
  let h: Harness;
  let ctx: RequestContext;
  beforeEach(async () => {
    h = await harness();
    ctx = { config: h.config, services: h.services, security: ANONYMOUS, log: LOG, correlationId: 'c-1' };
  });
  afterEach(async () => { await h.close(); });

  it('ITI-42 registers a submission that carries hash, size and repositoryUniqueId', async () => {
    const { xml } = submitObjectsRequest();
    const body = withDocumentSlots(xml, { hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', size: '0', repositoryUniqueId: h.config.REPOSITORY_UNIQUE_ID });
    const res = await iti42Handler(soap(body), ctx);
    expect(res.body).to.contain(RESPONSE_STATUS.success).and.not.contain('RegistryError');
  });

  it('ITI-42 refuses a stable DocumentEntry without hash, size and repositoryUniqueId', async () => {
    const issues = await rejection(iti42Handler(soap(submitObjectsRequest().xml), ctx));
    expect(issues.map((i) => i.codeContext).join(' ')).to.contain('hash').and.contain('size').and.contain('repositoryUniqueId');
    expect(new Set(issues.map((i) => i.code))).to.deep.equal(new Set(['XDSRegistryMetadataError']));
  });

  it('ITI-41 then ITI-43: PartialSuccess with one attachment and one XDSDocumentUniqueIdError', async () => {
    const bytes = Buffer.from('Epikrise\n');
    const { xml, documentUniqueId } = submitObjectsRequest({ mimeType: 'text/plain' });
    const pnr = await iti41Handler(soap(provideAndRegisterRequest(xml, { inline: bytes })), ctx);
    expect(pnr.body).to.contain(RESPONSE_STATUS.success);
    const repo = h.config.REPOSITORY_UNIQUE_ID;
    const res = await iti43Handler(soap(retrieveRequest(repo, [documentUniqueId, '2.999.404'])), ctx);
    expect(res.body).to.contain(RESPONSE_STATUS.partialSuccess).and.contain('XDSDocumentUniqueIdError');
    expect(res.attachments).to.have.length(1);
    const [att] = res.attachments;
    expect(att).to.include({ contentType: 'text/plain', size: bytes.length });
    expect(res.body).to.contain(`cid:${att!.contentId}`);
    const parts: Uint8Array[] = [];
    for await (const p of att!.open()) parts.push(p);
    expect(createHash('sha1').update(Buffer.concat(parts)).digest('hex')).to.equal(createHash('sha1').update(bytes).digest('hex'));
  });

  it('ITI-43 answers Failure when no document is found', async () => {
    const res = await iti43Handler(soap(retrieveRequest('1.2.3', ['2.999.1'])), ctx);
    expect(res.body).to.contain(RESPONSE_STATUS.failure).and.contain('XDSUnknownRepositoryId');
    expect(res.attachments).to.deep.equal([]);
  });

  it('the table has one row per transaction with its action, endpoint and failure response', () => {
    const rows = Object.fromEntries(SOAP_TRANSACTIONS.map((t) => [t.id, t]));
    expect(rows['ITI-42']).to.include({ action: 'urn:ihe:iti:2007:RegisterDocumentSet-b', internalError: 'REGISTRY_INTERNAL' });
    expect(rows['ITI-18']?.endpoints).to.deep.equal(['registry']);
    expect(rows['ITI-41']?.endpoints).to.deep.equal(['repository']);
    expect(rows['ITI-43']).to.include({ action: 'urn:ihe:iti:2007:RetrieveDocumentSet', internalError: 'REPOSITORY_INTERNAL' });
    const failure = rows['ITI-43']!.failureResponse([issue('UNKNOWN_DOCUMENT', ['2.999.1', '2.999.1.2'])]);
    expect(failure).to.contain('RetrieveDocumentSetResponse').and.contain(RESPONSE_STATUS.failure);
    expect(rows['ITI-41']!.failureResponse([issue('MISSING_DOCUMENT', ['x'])])).to.contain('XDSMissingDocument');
  });
});
