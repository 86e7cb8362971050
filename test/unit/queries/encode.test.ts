import { expect } from 'chai';
import type { StoredQueryRequest } from '../../../src/domain/stored-query.js';
import { ASSOCIATION_TYPE_URN, AVAILABILITY_STATUS, OBJECT_TYPE, STORED_QUERY_ID } from '../../../src/domain/vocabulary.js';
import { adhocQueryRequestFromEbrim, adhocQueryRequestToEbrim } from '../../../src/formats/ebrim/adhoc-query.js';
import { parseXml } from '../../../src/formats/xml/parse.js';
import { QUERY_DEFINITIONS, type QueryDefinition } from '../../../src/queries/definitions.js';
import { storedQueryToRequest } from '../../../src/queries/encode.js';
import { parseStoredQuery } from '../../../src/queries/interpret.js';
import type { ParamKind } from '../../../src/queries/parameters.js';
import type { StoredQuery } from '../../../src/queries/stored-query.js';

/** Two values of each kind as a client writes them: quotes to escape, a display name, both statuses. */
const SAMPLES: Record<ParamKind, readonly [string, string]> = {
  string: ["'1.2.3.4.5'", "'O''Brien''s id'"],
  uuid: ["'urn:uuid:2f3c6b2e-0f3b-4c55-9a25-2d1f0e9c4b11'", "'urn:uuid:9e0b1c52-6a44-4b8e-8f4f-1f7e3c2b9d22'"],
  pattern: ["'%Hansen%'", "'Lege_ Ola'"],
  patientId: ["'13116900216^^^&2.16.578.1.12.4.1.4.1&ISO'", "'13116900216^^^&2.16.578.1.12.4.1.4.1&ISO'"],
  code: ["'A00-1^^2.16.578.1.12.4.1.1.9602'", "'J01-2^Epikrise^2.16.578.1.12.4.1.1.9602'"],
  dtm: ['20240101', '202412312359'],
  status: [`'${AVAILABILITY_STATUS.approved}'`, `'${AVAILABILITY_STATUS.deprecated}'`],
  objectType: [`'${OBJECT_TYPE.stableDocumentEntry}'`, `'${OBJECT_TYPE.onDemandDocumentEntry}'`],
  associationType: [`'${ASSOCIATION_TYPE_URN.RPLC}'`, `'${ASSOCIATION_TYPE_URN.APND}'`],
  integer: ['1', '2'],
};

/**
 * A request giving every parameter of a query that may go together: lists with two values,
 * AND/OR parameters in two slots, the first of each "exactly one of" group only.
 */
function fullRequest(def: QueryDefinition, home?: string): StoredQueryRequest {
  const excluded = new Set(def.oneOf.flatMap((group) => group.slice(1)));
  const slots = new Map<string, string[][]>();
  for (const [name, p] of Object.entries(def.params)) {
    if (excluded.has(name)) continue;
    const [a, b] = SAMPLES[p.kind];
    if (p.card === 'single') slots.set(name, [[name === '$MetadataLevel' ? '2' : a]]);
    else if (p.card === 'list') slots.set(name, [[`(${a}, ${b})`]]);
    else slots.set(name, [[`(${a},${b})`], [a]]);
  }
  return { queryId: def.id.toUpperCase(), returnType: 'LeafClass', ...(home ? { home } : {}), slots };
}

function typed(request: StoredQueryRequest): StoredQuery {
  const parsed = parseStoredQuery(request);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.code}: ${i.codeContext}`).join('; '));
  return parsed.query.query;
}

describe('A typed stored query encoded back into a request', () => {
  it('covers all 14 stored queries', () => {
    expect(QUERY_DEFINITIONS.map((d) => d.name).sort()).to.deep.equal(Object.keys(STORED_QUERY_ID).sort());
  });

  for (const def of QUERY_DEFINITIONS) {
    it(`carries exactly the parameters of ${def.name}, through the AdhocQueryRequest XML and back`, () => {
      const original = typed(fullRequest(def, 'urn:oid:2.16.578.1.12.4.5.100.1'));
      const wire = adhocQueryRequestToEbrim(storedQueryToRequest(original));
      const again = typed(adhocQueryRequestFromEbrim(parseXml(wire)));
      expect(again).to.deep.equal(original);
      // Every parameter of the original is present, each AND/OR parameter with its two groups.
      expect(Object.keys(again.params).sort()).to.deep.equal(Object.keys(original.params).sort());
      expect(Object.keys(again.params).length).to.be.greaterThan(2);
    });
  }

  it('writes lists as one (…) value, AND groups as one slot each, numbers and times unquoted, quotes doubled', () => {
    const request = fullRequest(QUERY_DEFINITIONS.find((d) => d.name === 'FindDocuments')!);
    const slots = storedQueryToRequest(typed(request)).slots;
    expect(slots.get('$XDSDocumentEntryEventCodeList')).to.deep.equal([
      ["('A00-1^^2.16.578.1.12.4.1.1.9602','J01-2^^2.16.578.1.12.4.1.1.9602')"], ["('A00-1^^2.16.578.1.12.4.1.1.9602')"],
    ]);
    expect(slots.get('$XDSDocumentEntryStatus')).to.deep.equal([[`('${AVAILABILITY_STATUS.approved}','${AVAILABILITY_STATUS.deprecated}')`]]);
    expect(slots.get('$XDSDocumentEntryCreationTimeFrom')).to.deep.equal([['20240101']]);
    expect(slots.get('$MetadataLevel')).to.deep.equal([['2']]);
    expect(slots.get('$XDSDocumentEntryPatientId')).to.deep.equal([["'13116900216^^^&2.16.578.1.12.4.1.4.1&ISO'"]]);
    const uniqueIds = storedQueryToRequest(typed({
      queryId: STORED_QUERY_ID.GetDocuments, returnType: 'ObjectRef', slots: new Map([['$XDSDocumentEntryUniqueId', [["('a''b', 'c')"]]]]),
    })).slots;
    expect(uniqueIds.get('$XDSDocumentEntryUniqueId')).to.deep.equal([["('a''b','c')"]]);
  });

  it('addresses the community it is given, or the query\'s own home, or none', () => {
    const q = typed(fullRequest(QUERY_DEFINITIONS.find((d) => d.name === 'GetDocuments')!, 'urn:oid:1.2.3'));
    expect(storedQueryToRequest(q).home).to.equal('urn:oid:1.2.3');
    expect(storedQueryToRequest(q, 'urn:oid:4.5.6').home).to.equal('urn:oid:4.5.6');
    expect(storedQueryToRequest({ ...q, home: undefined } as unknown as StoredQuery)).to.not.have.property('home');
    expect(storedQueryToRequest(q).queryId).to.equal(STORED_QUERY_ID.GetDocuments);
    // $homeCommunityId, a parameter, travels as one.
    expect(storedQueryToRequest(q).slots.get('$homeCommunityId')).to.deep.equal([["'1.2.3.4.5'"]]);
  });
});
