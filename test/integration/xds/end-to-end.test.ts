/**
 * The XDS.b registry and repository end to end over HTTP: real SOAP 1.2 and MTOM requests to
 * the whole gateway (storage, services, transport), responses checked on the wire and against
 * the official XSDs. ITI TF-2 3.41, 3.42, 3.43, 3.18.
 */
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { HttpClient } from 'soap';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/logging/logger.js';
import { requireShared, XSD } from '../../support/shared.js';
import { attrOf, callSoap, envelope, errorCodes, type SoapResult } from '../../support/soap-client.js';
import {
  findDocumentsRequest, NORWEGIAN_PATIENT_CX, provideAndRegisterRequest, retrieveRequest, submitObjectsRequest, withDocumentSlots,
} from '../../support/xds-messages.js';
import { validateAgainstXsd } from '../../support/xsd.js';
import { SOAP_ACTION } from '../../../src/domain/vocabulary.js';
import { testConfig } from '../../support/test-config.js';

const A = {
  pnr: SOAP_ACTION.provideAndRegister,
  register: SOAP_ACTION.registerDocumentSet,
  query: SOAP_ACTION.registryStoredQuery,
  retrieve: SOAP_ACTION.retrieveDocumentSet,
} as const;
const REPOSITORY = '2.999.1.2';
const SUCCESS = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success';
const FAILURE = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure';
const PARTIAL = 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess';
const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex');

/** The single child of soap:Body as text (it declares its own namespaces). */
function bodyOf(env: string): string {
  const m = /<(\w+):Body[^>]*>([\s\S]*)<\/\1:Body>/.exec(env);
  if (!m?.[2]) throw new Error(`no SOAP body in ${env.slice(0, 300)}`);
  return m[2];
}

function expectValid(xml: string, xsd: string): void {
  const r = validateAgainstXsd(xml, xsd);
  expect(r.valid, r.errors).to.equal(true);
}

function status(res: SoapResult, element = 'RegistryResponse'): string | undefined {
  return attrOf(res.envelope, element, 'status');
}

describe('XDS.b registry and repository over HTTP', function () {
  this.timeout(30_000);
  let gw: RunningGateway;
  let base: string;
  before(async () => {
    gw = await startGateway(testConfig({ REPOSITORY_UNIQUE_ID: REPOSITORY }), createLogger('silent'));
    base = `${gw.url}/services`;
  });
  after(async () => { await gw.close(); });

  async function provide(doc: Buffer, opts: { mtom?: boolean; mimeType?: string; slots?: Record<string, string> } = {}): Promise<{ res: SoapResult; uniqueId: string }> {
    const m = submitObjectsRequest(opts.mimeType ? { mimeType: opts.mimeType } : {});
    const metadata = opts.slots ? withDocumentSlots(m.xml, opts.slots) : m.xml;
    const res = opts.mtom === false
      ? await callSoap(`${base}/repository`, A.pnr, provideAndRegisterRequest(metadata, { inline: doc }))
      : await callSoap(`${base}/repository`, A.pnr, provideAndRegisterRequest(metadata, { contentId: 'doc1@test' }),
        { mtom: [{ contentId: 'doc1@test', contentType: opts.mimeType ?? 'text/plain', data: doc }] });
    return { res, uniqueId: m.documentUniqueId };
  }

  describe('ITI-41 Provide and Register Document Set-b', () => {
    it('stores an MTOM submission and answers Success in MTOM, with a schema-valid RegistryResponse', function () {
      requireShared(this);
      return provide(Buffer.from('Epikrise: pasienten er utskrevet.')).then(({ res }) => {
        expect(res.status).to.equal(200);
        expect(res.contentType).to.match(/^multipart\/related/);
        expect(status(res)).to.equal(SUCCESS);
        expect(res.envelope).to.include('urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-bResponse');
        expectValid(bodyOf(res.envelope), XSD.rs);
      });
    });

    it('stores an inline base64 submission and answers in plain SOAP', async () => {
      const { res } = await provide(Buffer.from('inline'), { mtom: false });
      expect(res.contentType).to.match(/^application\/soap\+xml/);
      expect(status(res)).to.equal(SUCCESS);
    });

    it('accepts the MTOM request that the node-soap client writes', async () => {
      const m = submitObjectsRequest();
      const env = envelope(A.pnr, provideAndRegisterRequest(m.xml, { contentId: 'peer-doc' }), `${base}/repository`);
      const doc = Buffer.from('from an independent client\r\n--\r\n');
      const body = await new Promise<string>((resolve, reject) => {
        new HttpClient({ parseReponseAttachments: true }).request(`${base}/repository`, env, (err: unknown, _res: unknown, b?: string) => {
          if (err) reject(err instanceof Error ? err : new Error(String(err))); else resolve(String(b));
        }, { 'Content-Type': `application/soap+xml; charset=utf-8; action="${A.pnr}"` },
        { forceMTOM: true, attachments: [{ mimetype: 'text/plain', contentId: 'peer-doc', name: 'peer-doc', body: doc }] });
      });
      expect(body).to.include(SUCCESS);
      const r = await callSoap(`${base}/repository`, A.retrieve, retrieveRequest(REPOSITORY, [m.documentUniqueId]), { mtom: [] });
      expect([...r.attachments.values()].map(sha1)).to.deep.equal([sha1(doc)]);
    });

    it('refuses a supplied hash that differs from the document with XDSRepositoryMetadataError', async () => {
      const { res } = await provide(Buffer.from('abc'), { slots: { hash: 'a'.repeat(40) } });
      expect(status(res)).to.equal(FAILURE);
      expect(errorCodes(res.envelope)).to.include('XDSRepositoryMetadataError');
    });

    it('refuses a supplied size that differs from the document with XDSRepositoryMetadataError', async () => {
      const { res } = await provide(Buffer.from('abc'), { slots: { size: '4' } });
      expect(errorCodes(res.envelope)).to.deep.equal(['XDSRepositoryMetadataError']);
    });

    it('refuses metadata without its document with XDSMissingDocument', async () => {
      const m = submitObjectsRequest();
      const body = `<xdsb:ProvideAndRegisterDocumentSetRequest xmlns:xdsb="urn:ihe:iti:xds-b:2007">${m.xml}</xdsb:ProvideAndRegisterDocumentSetRequest>`;
      const res = await callSoap(`${base}/repository`, A.pnr, body);
      expect(errorCodes(res.envelope)).to.include('XDSMissingDocument');
    });

    it('refuses a document without metadata with XDSMissingDocumentMetadata', async () => {
      const m = submitObjectsRequest();
      const body = provideAndRegisterRequest(m.xml, { inline: Buffer.from('x') })
        .replace('</xdsb:ProvideAndRegisterDocumentSetRequest>', '<xdsb:Document id="Document02">eA==</xdsb:Document></xdsb:ProvideAndRegisterDocumentSetRequest>');
      const res = await callSoap(`${base}/repository`, A.pnr, body);
      expect(errorCodes(res.envelope)).to.include('XDSMissingDocumentMetadata');
    });

    it('refuses a reused document uniqueId with other content with XDSNonIdenticalHash, and keeps the first', async () => {
      const first = await provide(Buffer.from('first'));
      expect(status(first.res)).to.equal(SUCCESS);
      const m = submitObjectsRequest({ documentUniqueId: first.uniqueId });
      const res = await callSoap(`${base}/repository`, A.pnr, provideAndRegisterRequest(m.xml, { inline: Buffer.from('second') }));
      expect(errorCodes(res.envelope)).to.include('XDSNonIdenticalHash');
      const r = await callSoap(`${base}/repository`, A.retrieve, retrieveRequest(REPOSITORY, [first.uniqueId]), { mtom: [] });
      expect([...r.attachments.values()].map((b) => b.toString())).to.deep.equal(['first']);
    });
  });

  describe('ITI-42 Register Document Set-b', () => {
    it('registers metadata that carries hash, size and repositoryUniqueId', async () => {
      const m = submitObjectsRequest();
      const xml = withDocumentSlots(m.xml, { hash: sha1(Buffer.from('x')), size: '1', repositoryUniqueId: REPOSITORY });
      const res = await callSoap(`${base}/registry`, A.register, xml);
      expect(status(res)).to.equal(SUCCESS);
    });

    it('refuses a DocumentEntry whose patientId differs from the SubmissionSet with XDSPatientIdDoesNotMatch', async () => {
      const m = submitObjectsRequest();
      const xml = withDocumentSlots(m.xml, { hash: sha1(Buffer.from('x')), size: '1', repositoryUniqueId: REPOSITORY })
        .replace(/(identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" value=")13116900216/, '$101017012343');
      const res = await callSoap(`${base}/registry`, A.register, xml);
      expect(errorCodes(res.envelope)).to.include('XDSPatientIdDoesNotMatch');
    });

    it('is not served on the repository endpoint: wsa:ActionNotSupported', async () => {
      const res = await callSoap(`${base}/repository`, A.register, submitObjectsRequest().xml);
      expect(res.status).to.equal(400);
      expect(res.envelope).to.include('ActionNotSupported');
    });
  });

  describe('ITI-18 and ITI-43 over what was stored', () => {
    let doc: Buffer;
    let uniqueId: string;
    before(async () => {
      doc = randomBytes(300_000);
      const r = await provide(doc, { mimeType: 'application/pdf' });
      expect(status(r.res)).to.equal(SUCCESS);
      uniqueId = r.uniqueId;
    });

    it('finds the entry with FindDocuments (LeafClass), in a schema-valid AdhocQueryResponse', function () {
      requireShared(this);
      return callSoap(`${base}/registry`, A.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX)).then((res) => {
        expect(status(res, 'AdhocQueryResponse')).to.equal(SUCCESS);
        expect(res.envelope).to.include(`value="${uniqueId}"`);
        expect(res.envelope).to.include(`<rim:Value>${sha1(doc)}</rim:Value>`).and.include(`<rim:Value>${REPOSITORY}</rim:Value>`);
        expectValid(bodyOf(res.envelope), XSD.query);
      });
    });

    it('answers ObjectRef queries with references only', async () => {
      const res = await callSoap(`${base}/registry`, A.query, findDocumentsRequest(NORWEGIAN_PATIENT_CX, 'ObjectRef'));
      expect(res.envelope).to.include('<rim:ObjectRef');
      expect(res.envelope).not.to.include('ExtrinsicObject');
    });

    it('answers an unknown stored query with XDSUnknownStoredQuery', async () => {
      const body = findDocumentsRequest(NORWEGIAN_PATIENT_CX).replace('14d4debf-8f97-4251-9a74-a90016b0af0d', '00000000-0000-4000-8000-000000000000');
      const res = await callSoap(`${base}/registry`, A.query, body);
      expect(errorCodes(res.envelope)).to.deep.equal(['XDSUnknownStoredQuery']);
    });

    it('retrieves the document byte for byte as MTOM, in a schema-valid response', function () {
      requireShared(this);
      return callSoap(`${base}/repository`, A.retrieve, retrieveRequest(REPOSITORY, [uniqueId]), { mtom: [] }).then((res) => {
        expect(res.contentType).to.match(/^multipart\/related/);
        expect(status(res)).to.equal(SUCCESS);
        const parts = [...res.attachments.values()];
        expect(parts.map(sha1)).to.deep.equal([sha1(doc)]);
        const inlined = bodyOf(res.envelope).replace(/<xop:Include [^>]*\/>/, parts[0]?.toString('base64') ?? '');
        expectValid(inlined, XSD.repository);
      });
    });

    it('retrieves inline base64 for a plain SOAP request', async () => {
      const res = await callSoap(`${base}/repository`, A.retrieve, retrieveRequest(REPOSITORY, [uniqueId]));
      const b64 = /<(?:\w+:)?Document>([^<]+)<\/(?:\w+:)?Document>/.exec(res.envelope)?.[1] ?? '';
      expect(sha1(Buffer.from(b64, 'base64'))).to.equal(sha1(doc));
      expect(res.envelope).to.include('<xdsb:mimeType>application/pdf</xdsb:mimeType>');
    });

    it('answers PartialSuccess with XDSDocumentUniqueIdError for one unknown document of two', async () => {
      const res = await callSoap(`${base}/repository`, A.retrieve, retrieveRequest(REPOSITORY, [uniqueId, '2.999.404']), { mtom: [] });
      expect(status(res)).to.equal(PARTIAL);
      expect(errorCodes(res.envelope)).to.deep.equal(['XDSDocumentUniqueIdError']);
      expect(res.attachments.size).to.equal(1);
    });

    it('answers Failure with XDSUnknownRepositoryId for another repository', async () => {
      const res = await callSoap(`${base}/repository`, A.retrieve, retrieveRequest('1.2.3.4', [uniqueId]));
      expect(status(res)).to.equal(FAILURE);
      expect(errorCodes(res.envelope)).to.deep.equal(['XDSUnknownRepositoryId']);
    });
  });
});
