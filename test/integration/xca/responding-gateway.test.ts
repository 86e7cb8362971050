import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { requireShared, XSD } from '../../support/shared.js';
import { callSoap } from '../../support/soap-client.js';
import { validateAgainstXsd } from '../../support/xsd.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX, retrieveRequest } from '../../support/xds-messages.js';
import { ACTION, provide, registryErrors, startCommunity, statusOf, type Community } from './xca-fixture.js';

const GET_ALL = 'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3';
const GET_DOCUMENTS = 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4';

function query(id: string, slots: Record<string, string>, home?: string, returnType = 'LeafClass'): string {
  const s = Object.entries(slots).map(([n, v]) => `<rim:Slot name="${n}"><rim:ValueList><rim:Value>${v}</rim:Value></rim:ValueList></rim:Slot>`).join('');
  return '<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">'
    + `<query:ResponseOption returnComposedObjects="true" returnType="${returnType}"/>`
    + `<rim:AdhocQuery id="${id}"${home ? ` home="${home}"` : ''}>${s}</rim:AdhocQuery></query:AdhocQueryRequest>`;
}

/** The body element of a SOAP envelope text, with the namespaces it uses. */
function bodyOf(envelope: string): string {
  return /<(?:\w+:)?Body[^>]*>([\s\S]*)<\/(?:\w+:)?Body>/.exec(envelope)?.[1] ?? '';
}

const sha1 = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');
const STATUS = "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')";
const PATIENT = `'${NORWEGIAN_PATIENT_CX.replace(/&/g, '&amp;')}'`;

describe('XCA Responding Gateway ITI-38 and ITI-39 over HTTP', function () {
  this.timeout(20_000);
  let c: Community;
  let uid: string;
  let xca: string;
  before(async () => {
    c = await startCommunity(11);
    uid = await provide(c, 'Epikrise\n');
    xca = `${c.gateway.url}/services/xca`;
  });
  after(async () => { await c.gateway.close(); });

  it('gives every ExtrinsicObject and RegistryPackage of a GetAll this community as home', async () => {
    const res = await callSoap(xca, ACTION.xcq, query(GET_ALL, {
      $patientId: PATIENT, $XDSDocumentEntryStatus: STATUS, $XDSSubmissionSetStatus: STATUS, $XDSFolderStatus: STATUS,
    }));
    expect(statusOf(res)).to.equal('Success');
    expect(res.envelope).to.contain('CrossGatewayQueryResponse');
    const tags = [...res.envelope.matchAll(/<(?:\w+:)?(ExtrinsicObject|RegistryPackage)\b[^>]*>/g)].map((m) => m[0]);
    expect(tags.length).to.be.at.least(2);
    for (const t of tags) expect(t).to.contain(`home="${c.home}"`);
  });

  it('writes an ITI-38 response that the query schema accepts', function () {
    requireShared(this);
    return callSoap(xca, ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX)).then((res) => {
      const check = validateAgainstXsd(bodyOf(res.envelope), XSD.query);
      expect(check.errors).to.equal('');
    });
  });

  it('answers ITI-38 in the request\'s form and ITI-39 always as MTOM, as the README says', async () => {
    const plain = await callSoap(xca, ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
    expect(plain.contentType).to.match(/^application\/soap\+xml/);
    const mtom = await callSoap(xca, ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX), { mtom: [] });
    expect(mtom.contentType).to.match(/^multipart\/related/);
    const retrieve = await callSoap(xca, ACTION.xcr, retrieveRequest(c.repository, [uid], c.home));
    expect(retrieve.contentType).to.match(/^multipart\/related/);
  });

  it('gives every ObjectRef of an ObjectRef query this community as home', async () => {
    const res = await callSoap(xca, ACTION.xcq, findDocumentsRequest(NORWEGIAN_PATIENT_CX, 'ObjectRef'));
    const refs = [...res.envelope.matchAll(/<(?:\w+:)?ObjectRef\b[^>]*>/g)].map((m) => m[0]);
    expect(refs).to.have.length(1);
    expect(refs[0]).to.contain(`home="${c.home}"`);
  });

  it('refuses a GetDocuments without home with XDSMissingHomeCommunityId located at this community', async () => {
    const res = await callSoap(xca, ACTION.xcq, query(GET_DOCUMENTS, { $XDSDocumentEntryUniqueId: `('${uid}')` }));
    expect(statusOf(res)).to.equal('Failure');
    expect(registryErrors(res.envelope)).to.deep.equal([{ code: 'XDSMissingHomeCommunityId', location: c.home, severity: 'Error' }]);
  });

  it('refuses a GetDocuments for another community with XDSUnknownCommunity located at this community', async () => {
    const res = await callSoap(xca, ACTION.xcq, query(GET_DOCUMENTS, { $XDSDocumentEntryUniqueId: `('${uid}')` }, 'urn:oid:2.999.404'));
    expect(statusOf(res)).to.equal('Failure');
    expect(registryErrors(res.envelope)).to.deep.equal([{ code: 'XDSUnknownCommunity', location: c.home, severity: 'Error' }]);
  });

  it('names this community as location of stored-query and malformed-request errors too', async () => {
    const missing = await callSoap(xca, ACTION.xcq, query(GET_DOCUMENTS, {}, c.home));
    expect(registryErrors(missing.envelope)).to.deep.equal([{ code: 'XDSStoredQueryMissingParam', location: c.home, severity: 'Error' }]);
    const malformed = await callSoap(xca, ACTION.xcr, '<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007"/>');
    expect(registryErrors(malformed.envelope).map((e) => e.location)).to.deep.equal([c.home]);
  });

  it('writes XCA error answers that the schemas accept', function () {
    requireShared(this);
    return (async () => {
      const q = await callSoap(xca, ACTION.xcq, query(GET_DOCUMENTS, { $XDSDocumentEntryUniqueId: `('${uid}')` }, 'urn:oid:2.999.404'));
      expect(validateAgainstXsd(bodyOf(q.envelope), XSD.query).errors).to.equal('');
      const r = await callSoap(xca, ACTION.xcr, retrieveRequest(c.repository, ['2.999.404.2'], c.home));
      expect(registryErrors(r.envelope)).to.deep.equal([{ code: 'XDSDocumentUniqueIdError', location: c.home, severity: 'Error' }]);
      expect(validateAgainstXsd(bodyOf(r.envelope), XSD.repository).errors).to.equal('');
    })();
  });

  it('answers a GetDocuments that names this community', async () => {
    const res = await callSoap(xca, ACTION.xcq, query(GET_DOCUMENTS, { $XDSDocumentEntryUniqueId: `('${uid}')` }, c.home));
    expect(statusOf(res)).to.equal('Success');
    expect(res.envelope.match(/<(?:\w+:)?ExtrinsicObject\b/g)).to.have.length(1);
  });

  it('answers a plain ITI-39 request as multipart/related with the document and its HomeCommunityId', async () => {
    const res = await callSoap(xca, ACTION.xcr, retrieveRequest(c.repository, [uid], c.home));
    expect(res.contentType).to.match(/^multipart\/related/);
    expect(res.contentType).to.contain('CrossGatewayRetrieveResponse');
    expect(statusOf(res)).to.equal('Success');
    expect(res.envelope).to.contain(`HomeCommunityId>${c.home}<`);
    const [part] = [...res.attachments.values()];
    expect(sha1(part ?? Buffer.alloc(0))).to.equal(sha1(c.documents.get(uid)!));
  });

  it('answers an ITI-39 request that names this community by its bare OID, as Norsk helsenett sends it', async () => {
    // NHN's retrieve samples: default-namespace elements, HomeCommunityId without urn:oid:.
    const bare = c.home.slice('urn:oid:'.length);
    const body = '<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest>'
      + `<HomeCommunityId>${bare}</HomeCommunityId><RepositoryUniqueId>${c.repository}</RepositoryUniqueId>`
      + `<DocumentUniqueId>${uid}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`;
    const res = await callSoap(xca, ACTION.xcr, body);
    expect(statusOf(res)).to.equal('Success');
    expect(res.envelope).to.contain(`HomeCommunityId>${c.home}<`).and.not.contain('XDSUnknownCommunity');
    expect(res.attachments.size).to.equal(1);
  });

  it('answers an ITI-38 GetDocuments whose home is the bare OID, with home in the urn:oid: form', async () => {
    const res = await callSoap(xca, ACTION.xcq, query(GET_DOCUMENTS, { $XDSDocumentEntryUniqueId: `('${uid}')` }, c.home.slice(8)));
    expect(statusOf(res)).to.equal('Success');
    const tags = [...res.envelope.matchAll(/<(?:\w+:)?ExtrinsicObject\b[^>]*>/g)].map((m) => m[0]);
    expect(tags).to.have.length(1);
    expect(tags[0]).to.contain(`home="${c.home}"`);
  });

  it('refuses an ITI-39 DocumentRequest without HomeCommunityId (NIST 12312 missing_home)', async () => {
    const res = await callSoap(xca, ACTION.xcr, retrieveRequest(c.repository, [uid]));
    expect(res.contentType).to.match(/^multipart\/related/);
    expect(statusOf(res)).to.equal('Failure');
    expect(registryErrors(res.envelope).map((e) => e.code)).to.deep.equal(['XDSMissingHomeCommunityId']);
    expect(res.envelope).to.not.contain('DocumentResponse');
  });

  it('answers PartialSuccess when one DocumentRequest names another community', async () => {
    const body = retrieveRequest(c.repository, [uid], c.home).replace('</xdsb:RetrieveDocumentSetRequest>',
      '<xdsb:DocumentRequest><xdsb:HomeCommunityId>urn:oid:2.999.404</xdsb:HomeCommunityId>'
      + `<xdsb:RepositoryUniqueId>${c.repository}</xdsb:RepositoryUniqueId><xdsb:DocumentUniqueId>2.999.404.1</xdsb:DocumentUniqueId>`
      + '</xdsb:DocumentRequest></xdsb:RetrieveDocumentSetRequest>');
    const res = await callSoap(xca, ACTION.xcr, body);
    expect(statusOf(res)).to.equal('PartialSuccess');
    expect(registryErrors(res.envelope)).to.deep.equal([{ code: 'XDSUnknownCommunity', location: c.home, severity: 'Error' }]);
    expect(res.envelope).to.contain('(at 2.999.404.1)');
    expect(res.attachments.size).to.equal(1);
  });

  it('reports unknown repositories and documents per document', async () => {
    const res = await callSoap(xca, ACTION.xcr, retrieveRequest(c.repository, ['2.999.404.2'], c.home)
      .replace(`<xdsb:RepositoryUniqueId>${c.repository}`, '<xdsb:RepositoryUniqueId>2.999.404.3'));
    expect(registryErrors(res.envelope).map((e) => e.code)).to.deep.equal(['XDSUnknownRepositoryId']);
    const res2 = await callSoap(xca, ACTION.xcr, retrieveRequest(c.repository, ['2.999.404.2'], c.home));
    expect(registryErrors(res2.envelope).map((e) => e.code)).to.deep.equal(['XDSDocumentUniqueIdError']);
  });
});
