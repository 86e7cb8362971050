import { expect } from 'chai';
import { errorCodes } from '../../support/soap-client.js';
import { findDocumentsRequest, retrieveRequest } from '../../support/xds-messages.js';
import { ACTION, call, HOME, PATIENT_CX, provide, REPOSITORY, startXuaGateway, statusOf, ticket, type XuaGateway } from './xua-fixture.js';

/**
 * Blocking ("sperring", confidentiality NORS, code system 9603) over HTTP: a NORS document is
 * masked for health personnel with purpose TREAT and shown for ETREAT and BTG, in query
 * (ITI-18, ITI-38) and retrieve (ITI-43, ITI-39) alike. norway-profile.md §6.2,
 * docs/access-policy.md §3.
 */
describe('access policy over HTTP: NORS blocking and other patients', function () {
  this.timeout(30_000);
  let g: XuaGateway;
  let blocked: string;
  let normal: string;
  let foreign: string;
  const tickets: Record<'TREAT' | 'ETREAT' | 'BTG', string> = { TREAT: '', ETREAT: '', BTG: '' };
  before(async () => {
    g = await startXuaGateway();
    blocked = await provide(g.url, 'Sperret notat\n', { confidentiality: 'NORS' });
    normal = await provide(g.url, 'Vanlig notat\n');
    foreign = await provide(g.url, 'Annen pasient\n', { patientId: '01017012343' });
    for (const p of ['TREAT', 'ETREAT', 'BTG'] as const) tickets[p] = ticket({ purposes: [p] });
  });
  after(async () => { await g.close(); });

  /** The ExtrinsicObject of a document in a LeafClass response. */
  const entryOf = (envelope: string, uniqueId: string): string | undefined =>
    [...envelope.matchAll(/<(?:\w+:)?ExtrinsicObject\b[\s\S]*?<\/(?:\w+:)?ExtrinsicObject>/g)].map((m) => m[0]).find((e) => e.includes(`value="${uniqueId}"`));
  const query = (endpoint: string, action: string, purpose: keyof typeof tickets) =>
    call(`${g.url}/services/${endpoint}`, action, findDocumentsRequest(PATIENT_CX), tickets[purpose]);
  const retrieve = (endpoint: string, action: string, purpose: keyof typeof tickets, ids: string[], home?: string) =>
    call(`${g.url}/services/${endpoint}`, action, retrieveRequest(REPOSITORY, ids, home), tickets[purpose]);

  const queries = [['registry', ACTION.query, 'ITI-18'], ['xca', ACTION.xcq, 'ITI-38'], ['ig', ACTION.query, 'ITI-18 at the initiating gateway']] as const;
  for (const [endpoint, action, name] of queries) {
    it(`${name}: masks the NORS entry for TREAT (title "Sperret", patient and author hidden) and leaves the others`, async () => {
      const res = await query(endpoint, action, 'TREAT');
      expect(statusOf(res.envelope)).to.equal('Success');
      const masked = entryOf(res.envelope, blocked) ?? '';
      expect(masked).to.contain('value="Sperret"').and.not.contain('Epikrise etter innleggelse');
      expect(masked).to.contain('*****^^^&amp;2.16.578.1.12.4.1.4.1&amp;ISO').and.not.contain('13116900216');
      expect(entryOf(res.envelope, normal)).to.contain('Epikrise etter innleggelse');
    });

    for (const purpose of ['ETREAT', 'BTG'] as const) {
      it(`${name}: shows the NORS entry unmasked for ${purpose}`, async () => {
        const res = await query(endpoint, action, purpose);
        expect(entryOf(res.envelope, blocked)).to.contain('Epikrise etter innleggelse').and.not.contain('Sperret');
      });
    }
  }

  const retrieves = [['repository', ACTION.retrieve, 'ITI-43', undefined], ['xca', ACTION.xcr, 'ITI-39', HOME],
    ['ig', ACTION.retrieve, 'ITI-43 at the initiating gateway', HOME]] as const;
  for (const [endpoint, action, name, home] of retrieves) {
    it(`${name}: refuses the NORS document for TREAT with a policy error and returns the other`, async () => {
      const res = await retrieve(endpoint, action, 'TREAT', [blocked, normal], home);
      expect(statusOf(res.envelope)).to.equal('PartialSuccess');
      expect(errorCodes(res.envelope)).to.deep.equal(['XDSRepositoryError']);
      // A responding gateway names itself as location (ITI TF-2 3.39.4.1.3); the document stays in the text.
      expect(res.envelope).to.contain(`location="${endpoint === 'xca' ? HOME : blocked}"`).and.contain(blocked)
        .and.contain('is blocked for this caller by the access policy');
      expect(res.envelope).to.contain(`<xdsb:DocumentUniqueId>${normal}</xdsb:DocumentUniqueId>`)
        .and.not.contain(`<xdsb:DocumentUniqueId>${blocked}</xdsb:DocumentUniqueId>`);
    });

    for (const purpose of ['ETREAT', 'BTG'] as const) {
      it(`${name}: returns the NORS document for ${purpose}`, async () => {
        const res = await retrieve(endpoint, action, purpose, [blocked], home);
        expect(statusOf(res.envelope)).to.equal('Success');
        expect(res.envelope).to.contain(`<xdsb:DocumentUniqueId>${blocked}</xdsb:DocumentUniqueId>`);
        const bytes = res.attachments.size ? [...res.attachments.values()][0]?.toString('utf8')
          : Buffer.from(/<(?:\w+:)?Document>([^<]*)</.exec(res.envelope)?.[1] ?? '', 'base64').toString('utf8');
        expect(bytes).to.equal('Sperret notat\n');
      });
    }
  }

  it('leaves another patient\'s entry out of a GetDocuments, in LeafClass and in ObjectRef', async () => {
    for (const returnType of ['LeafClass', 'ObjectRef']) {
      const body = '<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">'
        + `<query:ResponseOption returnComposedObjects="true" returnType="${returnType}"/>`
        + '<rim:AdhocQuery id="urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4"><rim:Slot name="$XDSDocumentEntryUniqueId">'
        + `<rim:ValueList><rim:Value>('${foreign}','${normal}')</rim:Value></rim:ValueList></rim:Slot></rim:AdhocQuery></query:AdhocQueryRequest>`;
      const res = await call(`${g.url}/services/registry`, ACTION.query, body, tickets.TREAT);
      expect(statusOf(res.envelope), returnType).to.equal('Success');
      const listed = [...res.envelope.matchAll(/<(?:\w+:)?(ObjectRef|ExtrinsicObject)\b/g)];
      expect(listed, returnType).to.have.length(1);
      if (returnType === 'LeafClass') expect(entryOf(res.envelope, normal)).to.not.equal(undefined);
    }
  });

  /** A stored query by its id with one multi-value slot. */
  const adhoc = (queryId: string, slot: string, values: readonly string[], returnType = 'ObjectRef'): string =>
    '<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">'
    + `<query:ResponseOption returnComposedObjects="true" returnType="${returnType}"/><rim:AdhocQuery id="${queryId}"><rim:Slot name="${slot}">`
    + `<rim:ValueList><rim:Value>(${values.map((v) => `'${v}'`).join(',')})</rim:Value></rim:ValueList></rim:Slot></rim:AdhocQuery></query:AdhocQueryRequest>`;
  const GET_DOCUMENTS = 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4';
  const uuidsIn = (envelope: string): string[] => [...envelope.matchAll(/\bid="(urn:uuid:[^"]+)"/g)].map((m) => m[1] as string);

  for (const [name, queryId] of [['GetAssociations', 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155'], ['GetSubmissionSets', 'urn:uuid:51224314-5390-4169-9b91-b1980040715a']] as const) {
    it(`answers a ${name} by another patient's entryUUID with nothing of that patient, under a ticket for a different one`, async () => {
      const own = ticket({ patient: '01017012343', purposes: ['TREAT'] });
      const [foreignUuid] = uuidsIn((await call(`${g.url}/services/registry`, ACTION.query, adhoc(GET_DOCUMENTS, '$XDSDocumentEntryUniqueId', [foreign]), own)).envelope);
      const [normalUuid] = uuidsIn((await call(`${g.url}/services/registry`, ACTION.query, adhoc(GET_DOCUMENTS, '$XDSDocumentEntryUniqueId', [normal]), tickets.TREAT)).envelope);
      if (!foreignUuid || !normalUuid) throw new Error('the entryUUIDs could not be read');
      // under the foreign patient's own ticket the query finds their objects: the test below can fail
      const theirs = await call(`${g.url}/services/registry`, ACTION.query, adhoc(queryId, '$uuid', [foreignUuid]), own);
      expect(uuidsIn(theirs.envelope), 'the patient\'s own view').to.not.deep.equal([]);
      const res = await call(`${g.url}/services/registry`, ACTION.query, adhoc(queryId, '$uuid', [foreignUuid, normalUuid]), tickets.TREAT);
      expect(statusOf(res.envelope)).to.equal('Success');
      const listed = uuidsIn(res.envelope);
      expect(listed, 'objects of the ticket\'s patient are still returned').to.not.deep.equal([]);
      for (const id of uuidsIn(theirs.envelope)) expect(listed, 'another patient\'s object').to.not.include(id);
    });
  }

  it('answers a retrieve of another patient\'s document exactly as one of an unknown document', async () => {
    const res = await retrieve('repository', ACTION.retrieve, 'BTG', [foreign, '2.999.404.404']);
    expect(statusOf(res.envelope)).to.equal('Failure');
    expect(errorCodes(res.envelope)).to.deep.equal(['XDSDocumentUniqueIdError', 'XDSDocumentUniqueIdError']);
    const contexts = [...res.envelope.matchAll(/codeContext="([^"]*)"/g)].map((m) => m[1]?.replace(/2\.999\.[\d.]+ in/, 'X in'));
    expect(contexts[0]).to.equal(contexts[1]);
  });
});
