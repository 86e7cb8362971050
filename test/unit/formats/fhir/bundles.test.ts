import { expect } from 'chai';
import { searchsetBundle, transactionResponseBundle } from '../../../../src/formats/fhir/bundles.js';
import type { Resource } from '../../../../src/formats/fhir/resources.js';

describe('FHIR response Bundles', () => {
  it('a searchset gives every match a fullUrl on the base, the total and the paging links', () => {
    const b = searchsetBundle([{ resourceType: 'DocumentReference', id: 'a' }, { resourceType: 'List', id: 'b' }] as Resource[], {
      base: 'http://h/fhir/', selfUrl: 'http://h/fhir/DocumentReference?x=1', nextUrl: 'http://h/fhir/DocumentReference?x=1&page=2', total: 12,
    });
    expect(b.entry?.map((e) => [e.fullUrl, e.search?.mode])).to.deep.equal([['http://h/fhir/DocumentReference/a', 'match'], ['http://h/fhir/List/b', 'match']]);
    expect([b.type, b.total, b.link?.map((l) => l.relation)]).to.deep.equal(['searchset', 12, ['self', 'next']]);
    expect(searchsetBundle([], { base: 'http://h/fhir', selfUrl: 's' })).to.deep.equal({ resourceType: 'Bundle', type: 'searchset', total: 0, link: [{ relation: 'self', url: 's' }] });
  });

  it('a transaction-response answers each request entry in order', () => {
    const b = transactionResponseBundle([{ status: '201 Created', location: 'List/1' }, { status: '201 Created', location: 'Binary/2', etag: 'W/"1"' }]);
    expect(b.entry?.map((e) => e.response)).to.deep.equal([{ status: '201 Created', location: 'List/1' }, { status: '201 Created', location: 'Binary/2', etag: 'W/"1"' }]);
  });
});
