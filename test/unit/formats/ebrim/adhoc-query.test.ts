import { expect } from 'chai';
import type { StoredQueryRequest } from '../../../../src/domain/stored-query.js';
import { STORED_QUERY_ID } from '../../../../src/domain/vocabulary.js';
import { issue, XdsError } from '../../../../src/errors/issue.js';
import {
  adhocQueryRequestFromEbrim, adhocQueryRequestToEbrim, adhocQueryResponseFromEbrim, adhocQueryResponseToEbrim,
} from '../../../../src/formats/ebrim/adhoc-query.js';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { NS } from '../../../../src/formats/xml/tree.js';
import { aFolder, aHasMember, aSubmission } from '../../../support/builders.js';
import { requireShared, XSD } from '../../../support/shared.js';
import { validateAgainstXsd } from '../../../support/xsd.js';

const request = (returnType: string | undefined, inner = ''): string => `<query:AdhocQueryRequest xmlns:query="${NS.query}" xmlns:rim="${NS.rim}">`
  + `<query:ResponseOption${returnType === undefined ? '' : ` returnType="${returnType}"`}/><rim:AdhocQuery id="${STORED_QUERY_ID.FindDocuments}">${inner}</rim:AdhocQuery></query:AdhocQueryRequest>`;

function codeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return e instanceof XdsError ? e.issues[0]?.messageId : 'not an XdsError'; }
  return undefined;
}

function leafClassResult() {
  const s = aSubmission({ documents: 2 });
  const folder = aFolder({ availabilityStatus: 'Approved', lastUpdateTime: '20240304121000' });
  return {
    submissionSets: s.submissionSets.map((x) => ({ ...x, availabilityStatus: 'Approved' as const })),
    documentEntries: s.documentEntries.map((x) => ({ ...x, availabilityStatus: 'Approved' as const })),
    folders: [folder],
    associations: [...s.associations, aHasMember(s.submissionSets[0]!, folder, false)].map((a) => ({ ...a, availabilityStatus: 'Approved' as const })),
  };
}

describe('ebRS AdhocQueryRequest', () => {
  it('keeps slot occurrences and raw Value texts', () => {
    const inner = '<rim:Slot name="$XDSDocumentEntryPatientId"><rim:ValueList><rim:Value>\'13116900216^^^&amp;2.16.578.1.12.4.1.4.1&amp;ISO\'</rim:Value></rim:ValueList></rim:Slot>'
      + '<rim:Slot name="$XDSDocumentEntryEventCodeList"><rim:ValueList><rim:Value>(\'a^^s\', </rim:Value><rim:Value> \'b^^s\')</rim:Value></rim:ValueList></rim:Slot>'
      + '<rim:Slot name="$XDSDocumentEntryEventCodeList"><rim:ValueList><rim:Value>(\'c^^s\')</rim:Value></rim:ValueList></rim:Slot>';
    const req = adhocQueryRequestFromEbrim(parseXml(request('ObjectRef', inner)));
    expect(req.queryId).to.equal(STORED_QUERY_ID.FindDocuments);
    expect(req.returnType).to.equal('ObjectRef');
    expect(req.slots.get('$XDSDocumentEntryPatientId')).to.deep.equal([["'13116900216^^^&2.16.578.1.12.4.1.4.1&ISO'"]]);
    expect(req.slots.get('$XDSDocumentEntryEventCodeList')).to.deep.equal([["('a^^s', ", " 'b^^s')"], ["('c^^s')"]]);
  });

  it('round-trips a request with home', () => {
    const req: StoredQueryRequest = {
      queryId: STORED_QUERY_ID.GetDocuments, returnType: 'LeafClass', home: 'urn:oid:2.999.1.1',
      slots: new Map([['$XDSDocumentEntryUniqueId', [["('1.2.3', '1.2.4')"]]], ['$x', [['a'], ['b', 'c']]]]),
    };
    expect(adhocQueryRequestFromEbrim(parseXml(adhocQueryRequestToEbrim(req)))).to.deep.equal(req);
  });

  it('refuses a returnType other than LeafClass or ObjectRef', () => {
    expect(codeOf(() => adhocQueryRequestFromEbrim(parseXml(request('RegistryObject'))))).to.equal('BAD_RETURN_TYPE');
    expect(codeOf(() => adhocQueryRequestFromEbrim(parseXml(request(undefined))))).to.equal('BAD_RETURN_TYPE');
    expect(codeOf(() => adhocQueryRequestFromEbrim(parseXml(request('LeafClassWithRepositoryItem'))))).to.equal('BAD_RETURN_TYPE');
  });

  it('refuses a request without ResponseOption, AdhocQuery or query id', () => {
    const noOption = `<query:AdhocQueryRequest xmlns:query="${NS.query}"><rim:AdhocQuery xmlns:rim="${NS.rim}" id="x"/></query:AdhocQueryRequest>`;
    const noQuery = `<query:AdhocQueryRequest xmlns:query="${NS.query}"><query:ResponseOption returnType="LeafClass"/></query:AdhocQueryRequest>`;
    const noId = request('LeafClass').replace(` id="${STORED_QUERY_ID.FindDocuments}"`, '');
    for (const xml of [noOption, noQuery, noId, '<other/>']) expect(codeOf(() => adhocQueryRequestFromEbrim(parseXml(xml)))).to.equal('MALFORMED_REQUEST');
  });

  it('writes a request that validates against query.xsd', function () {
    requireShared(this);
    const req: StoredQueryRequest = { queryId: STORED_QUERY_ID.FindDocuments, returnType: 'LeafClass', slots: new Map([['$a', [['1']]]]) };
    expect(validateAgainstXsd(adhocQueryRequestToEbrim(req), XSD.query).errors).to.equal('');
  });
});

describe('ebRS AdhocQueryResponse', () => {
  it('writes LeafClass objects with status, lid, VersionInfo and home, and reads them back', () => {
    const objects = leafClassResult();
    const xml = adhocQueryResponseToEbrim({ status: 'Success', result: { returnType: 'LeafClass', objects }, issues: [], homeCommunityId: 'urn:oid:2.999.1.1' });
    const decoded = adhocQueryResponseFromEbrim(parseXml(xml));
    expect(decoded.status).to.equal('Success');
    expect(decoded.decodeIssues).to.deep.equal([]);
    const home = 'urn:oid:2.999.1.1';
    expect(decoded.objects).to.deep.equal({
      documentEntries: objects.documentEntries.map((e) => ({ ...e, logicalId: e.entryUuid, version: '1', homeCommunityId: home })),
      submissionSets: objects.submissionSets.map((s) => ({ ...s, homeCommunityId: home })),
      folders: objects.folders.map((f) => ({ ...f, logicalId: f.entryUuid, version: '1', homeCommunityId: home })),
      associations: objects.associations.map((a) => ({ ...a, homeCommunityId: home })),
    });
  });

  it('writes ObjectRefs with home', () => {
    const xml = adhocQueryResponseToEbrim({ status: 'Success', result: { returnType: 'ObjectRef', refs: ['urn:uuid:a', 'urn:uuid:b'] }, issues: [], homeCommunityId: 'urn:oid:2.999.1' });
    expect(adhocQueryResponseFromEbrim(parseXml(xml)).refs).to.deep.equal([{ id: 'urn:uuid:a', home: 'urn:oid:2.999.1' }, { id: 'urn:uuid:b', home: 'urn:oid:2.999.1' }]);
  });

  it('writes a failure with its errors and an empty object list', () => {
    const xml = adhocQueryResponseToEbrim({ status: 'Failure', issues: [issue('UNKNOWN_STORED_QUERY', ['urn:uuid:x'])] });
    const decoded = adhocQueryResponseFromEbrim(parseXml(xml));
    expect(decoded.status).to.equal('Failure');
    expect(decoded.issues.map((i) => i.code)).to.deep.equal(['XDSUnknownStoredQuery']);
    expect(xml).to.contain('<rim:RegistryObjectList/>');
  });

  it('writes responses that validate against query.xsd', function () {
    requireShared(this);
    const responses = [
      adhocQueryResponseToEbrim({ status: 'Success', result: { returnType: 'LeafClass', objects: leafClassResult() }, issues: [], homeCommunityId: 'urn:oid:2.999.1' }),
      adhocQueryResponseToEbrim({ status: 'Success', result: { returnType: 'ObjectRef', refs: ['urn:uuid:3b3b7f6c-2f5e-4c32-8f5e-7a2b1c0d9e8f'] }, issues: [] }),
      adhocQueryResponseToEbrim({ status: 'PartialSuccess', result: { returnType: 'ObjectRef', refs: [] }, issues: [issue('TOO_MANY_RESULTS', [5, 4], { severity: 'Warning' })] }),
      adhocQueryResponseToEbrim({ status: 'Failure', issues: [issue('MISSING_PARAM', ['FindDocuments', '$XDSDocumentEntryPatientId'])] }),
    ];
    for (const xml of responses) {
      const r = validateAgainstXsd(xml, XSD.query);
      expect(r.errors).to.equal('');
      expect(r.valid).to.equal(true);
    }
  });

  it('writes a LeafClass response of 2,000 entries, every one of them', () => {
    const entries = Array.from({ length: 2000 }, () => aSubmission().documentEntries[0]!);
    const objects = { submissionSets: [], folders: [], associations: [], documentEntries: entries };
    const xml = adhocQueryResponseToEbrim({ status: 'Success', result: { returnType: 'LeafClass', objects }, issues: [] });
    expect(xml.match(/<rim:ExtrinsicObject /g)).to.have.length(2000);
    for (const e of [entries[0]!, entries[1999]!]) expect(xml).to.include(`id="${e.entryUuid}"`);
  });
});
