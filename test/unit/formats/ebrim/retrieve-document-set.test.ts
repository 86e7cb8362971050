import { expect } from 'chai';
import type { DocumentRequest, RetrievedDocument } from '../../../../src/domain/retrieve.js';
import { issue, XdsError } from '../../../../src/errors/issue.js';
import { contentFromBytes } from '../../../../src/formats/ebrim/binary.js';
import {
  retrieveDocumentSetRequestFromEbrim, retrieveDocumentSetRequestToEbrim, retrieveDocumentSetResponseFromEbrim,
  retrieveDocumentSetResponseToEbrim,
} from '../../../../src/formats/ebrim/retrieve-document-set.js';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { NS } from '../../../../src/formats/xml/tree.js';
import { requireShared, XSD } from '../../../support/shared.js';
import { validateAgainstXsd } from '../../../support/xsd.js';

const request = (inner: string): string => `<RetrieveDocumentSetRequest xmlns="${NS.xdsb}">${inner}</RetrieveDocumentSetRequest>`;

function messageOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return e instanceof XdsError ? `${e.issues[0]?.messageId}: ${e.issues[0]?.codeContext}` : 'not an XdsError'; }
  return undefined;
}

const document = (n: number): RetrievedDocument => ({
  homeCommunityId: 'urn:oid:2.999.1.1', repositoryUniqueId: '2.999.1.2', documentUniqueId: `2.999.3.${n}`,
  mimeType: 'application/pdf', content: contentFromBytes(new Uint8Array([n, 2, 3])),
});

describe('xdsb RetrieveDocumentSetRequest', () => {
  it('round-trips requests with and without HomeCommunityId', () => {
    const reqs: DocumentRequest[] = [
      { repositoryUniqueId: '2.999.1.2', documentUniqueId: '2.999.3.1' },
      { homeCommunityId: 'urn:oid:2.999.1.1', repositoryUniqueId: '2.999.1.2', documentUniqueId: '2.999.3.2^ext' },
    ];
    expect(retrieveDocumentSetRequestFromEbrim(parseXml(retrieveDocumentSetRequestToEbrim(reqs)))).to.deep.equal(reqs);
  });

  it('refuses a DocumentRequest whose children are out of order', () => {
    const xml = request('<DocumentRequest><DocumentUniqueId>1</DocumentUniqueId><RepositoryUniqueId>2</RepositoryUniqueId></DocumentRequest>');
    expect(messageOf(() => retrieveDocumentSetRequestFromEbrim(parseXml(xml)))).to.match(/^MALFORMED_REPOSITORY_REQUEST: .*DocumentRequest 1 holds DocumentUniqueId, RepositoryUniqueId/);
  });

  it('refuses missing, empty or foreign parts and an empty request', () => {
    const bad = [
      request('<DocumentRequest><RepositoryUniqueId>2</RepositoryUniqueId></DocumentRequest>'),
      request('<DocumentRequest><RepositoryUniqueId> </RepositoryUniqueId><DocumentUniqueId>1</DocumentUniqueId></DocumentRequest>'),
      request('<DocumentRequest><RepositoryUniqueId>2</RepositoryUniqueId><DocumentUniqueId>1</DocumentUniqueId><Extra/></DocumentRequest>'),
      request('<Other/>'),
      request(''),
      '<RetrieveDocumentSetRequest/>',
    ];
    for (const xml of bad) expect(messageOf(() => retrieveDocumentSetRequestFromEbrim(parseXml(xml)))).to.match(/^MALFORMED_REPOSITORY_REQUEST/);
  });

  it('writes a request that validates against XDS.b_DocumentRepository.xsd', function () {
    requireShared(this);
    const xml = retrieveDocumentSetRequestToEbrim([{ homeCommunityId: 'urn:oid:2.999.1', repositoryUniqueId: '2.999.1.2', documentUniqueId: '2.999.3' }]);
    expect(validateAgainstXsd(xml, XSD.repository).errors).to.equal('');
  });
});

describe('xdsb RetrieveDocumentSetResponse', () => {
  it('writes an xop:Include per document and reads it back', () => {
    const xml = retrieveDocumentSetResponseToEbrim('PartialSuccess', [{ document: document(1), contentId: 'doc1@gw' }], [issue('UNKNOWN_DOCUMENT', ['2.999.3.9', '2.999.1.2'], { location: '2.999.3.9' })]);
    const decoded = retrieveDocumentSetResponseFromEbrim(parseXml(xml));
    expect(decoded.status).to.equal('PartialSuccess');
    expect(decoded.issues.map((i) => i.code)).to.deep.equal(['XDSDocumentUniqueIdError']);
    expect(decoded.documents).to.deep.equal([{
      homeCommunityId: 'urn:oid:2.999.1.1', repositoryUniqueId: '2.999.1.2', documentUniqueId: '2.999.3.1', mimeType: 'application/pdf', contentId: 'doc1@gw',
    }]);
  });

  it('reads inline base64 documents', () => {
    const xml = retrieveDocumentSetResponseToEbrim('Success', [{ document: document(7), contentId: 'c7' }], [])
      .replace(/<xop:Include [^>]*\/>/, Buffer.from('hei').toString('base64'));
    const doc = retrieveDocumentSetResponseFromEbrim(parseXml(xml)).documents[0];
    expect(doc?.content?.size).to.equal(3);
    expect(Buffer.from(doc!.content!.bytes!).toString()).to.equal('hei');
  });

  it('reports a response without RegistryResponse', () => {
    const d = retrieveDocumentSetResponseFromEbrim(parseXml(`<RetrieveDocumentSetResponse xmlns="${NS.xdsb}"/>`));
    expect(d.decodeIssues.map((i) => i.messageId)).to.deep.equal(['MALFORMED_RESPONSE']);
  });

  it('writes responses that validate against XDS.b_DocumentRepository.xsd once xop:Include is inlined', function () {
    requireShared(this);
    const { homeCommunityId: _home, ...withoutHome } = document(2);
    const ok = retrieveDocumentSetResponseToEbrim('Success', [{ document: document(1), contentId: 'a' }, { document: withoutHome, contentId: 'b' }], []);
    const failed = retrieveDocumentSetResponseToEbrim('Failure', [], [issue('UNKNOWN_REPOSITORY', ['1.2', '2.999.1.2'])]);
    for (const xml of [ok.replace(/<xop:Include [^>]*\/>/g, 'AQID'), failed]) {
      const r = validateAgainstXsd(xml, XSD.repository);
      expect(r.errors).to.equal('');
      expect(r.valid).to.equal(true);
    }
  });
});
