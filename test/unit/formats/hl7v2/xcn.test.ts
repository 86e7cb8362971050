import { expect } from 'chai';
import { parseXcn, serializeXcn } from '../../../../src/formats/hl7v2/xcn.js';

describe('hl7v2 XCN', () => {
  it('parses a Norwegian author person with HPR number and assigning authority', () => {
    expect(parseXcn('565505933^Lege^Lise^^^^^^&2.16.578.1.12.4.1.4.4&ISO')).to.deep.equal({
      idNumber: '565505933', familyName: 'Lege', givenName: 'Lise', assigningAuthority: '2.16.578.1.12.4.1.4.4',
    });
  });

  it('parses a name-only XCN and drops empty components', () => {
    expect(parseXcn('^Smitty^Gerald^^^')).to.deep.equal({ familyName: 'Smitty', givenName: 'Gerald' });
  });

  it('reads text without component separators as the id number, as HL7 does', () => {
    expect(parseXcn('Gerald Smitty')).to.deep.equal({ idNumber: 'Gerald Smitty' });
  });

  it('returns undefined for an empty value', () => {
    expect(parseXcn('')).to.equal(undefined);
    expect(parseXcn('  ')).to.equal(undefined);
  });

  it('serialises without trailing separators and round-trips', () => {
    const xcn = { idNumber: '1', familyName: 'Nordmann', givenName: 'Ola', secondNames: 'Johan', suffix: 'jr', prefix: 'Dr', assigningAuthority: '1.2.3' };
    expect(serializeXcn({ familyName: 'Smitty', givenName: 'Gerald' })).to.equal('^Smitty^Gerald');
    expect(serializeXcn(xcn)).to.equal('1^Nordmann^Ola^Johan^jr^Dr^^^&1.2.3&ISO');
    expect(parseXcn(serializeXcn(xcn))).to.deep.equal(xcn);
  });
});
