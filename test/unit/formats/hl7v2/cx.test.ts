import { expect } from 'chai';
import { parseCx, parseCxLenient, serializeCx } from '../../../../src/formats/hl7v2/cx.js';

describe('hl7v2 CX', () => {
  it('parses a Norwegian patient id into id and assigning authority', () => {
    expect(parseCx('13116900216^^^&2.16.578.1.12.4.1.4.1&ISO')).to.deep.equal({ id: '13116900216', assigningAuthority: '2.16.578.1.12.4.1.4.1' });
  });

  it('keeps a universal id type other than ISO so the rules can reject it', () => {
    expect(parseCx('123^^^&1.2.3&DNS')).to.deep.equal({ id: '123', assigningAuthority: '1.2.3', universalIdType: 'DNS' });
    expect(parseCx('123^^^&1.2.3')).to.deep.equal({ id: '123', assigningAuthority: '1.2.3', universalIdType: '' });
  });

  it('reads namespace id, identifier type code and assigning facility of a CXi', () => {
    expect(parseCx('A123^^^NS&1.2.3&ISO^urn:ihe:iti:xds:2013:accession^FAC')).to.deep.equal({
      id: 'A123', assigningAuthority: '1.2.3', namespaceId: 'NS',
      identifierTypeCode: 'urn:ihe:iti:xds:2013:accession', assigningFacility: 'FAC',
    });
  });

  it('returns undefined for strings without an assigning authority OID', () => {
    expect(parseCx('13116900216')).to.equal(undefined);
    expect(parseCx('13116900216^^^')).to.equal(undefined);
    expect(parseCx('13116900216^^^NS')).to.equal(undefined);
    expect(parseCx('')).to.equal(undefined);
  });

  it('keeps a malformed CX whole as the id with an empty assigning authority when read leniently', () => {
    expect(parseCxLenient('not a cx')).to.deep.equal({ id: 'not a cx', assigningAuthority: '' });
    expect(serializeCx(parseCxLenient('not a cx'))).to.equal('not a cx');
  });

  it('serialises the canonical form id^^^&OID&ISO', () => {
    expect(serializeCx({ id: '13116900216', assigningAuthority: '2.16.578.1.12.4.1.4.1' })).to.equal('13116900216^^^&2.16.578.1.12.4.1.4.1&ISO');
  });

  it('round-trips every field', () => {
    for (const s of ['A123^^^NS&1.2.3&ISO^urn:x^FAC', '1^^^&1.2&ISO', '1^^^&1.2&DNS', '1^^^&1.2&ISO^^FAC']) {
      expect(serializeCx(parseCx(s)!)).to.equal(s);
    }
  });
});
