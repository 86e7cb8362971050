import { expect } from 'chai';
import { nationalIdAuthority, nationalIdCx, NO_ID_OID } from '../../../src/domain/norwegian-identifiers.js';
import { isHomeCommunityId, isIsoOid } from '../../../src/domain/oid.js';

describe('The one OID check and the Norwegian national-id CX', () => {
  it('accepts ISO OIDs and refuses leading zeros, other first arcs and stray characters', () => {
    for (const ok of ['1.2', '2.16.578.1.12.4.1.4.1', '0.0']) expect(isIsoOid(ok), ok).to.equal(true);
    for (const bad of ['1', '3.1', '1.02', '1..2', '1.2.', ' 1.2', 'urn:oid:1.2', '']) expect(isIsoOid(bad), bad).to.equal(false);
  });

  it('accepts a homeCommunityId only as urn:oid: with an OID of at most 64 characters', () => {
    const long = `1.${'2'.repeat(62)}`;
    expect(isHomeCommunityId('urn:oid:1.2.3')).to.equal(true);
    expect(isHomeCommunityId(`urn:oid:${long}`)).to.equal(true);
    expect(isHomeCommunityId(`urn:oid:${long}3`)).to.equal(false);
    expect(isHomeCommunityId('1.2.3')).to.equal(false);
    expect(isHomeCommunityId('urn:oid:1.02')).to.equal(false);
  });

  it('reads a bare 11-digit number as a D-nummer when its first digit is 4 to 7, else as a fødselsnummer', () => {
    expect(nationalIdCx('13116900216')).to.deep.equal({ id: '13116900216', assigningAuthority: NO_ID_OID.fnr });
    expect(nationalIdCx('41018012345')).to.deep.equal({ id: '41018012345', assigningAuthority: NO_ID_OID.dnr });
    expect(nationalIdCx('71018012345')?.assigningAuthority).to.equal(NO_ID_OID.dnr);
    expect(nationalIdCx('81018012345')?.assigningAuthority).to.equal(NO_ID_OID.fnr);
    expect(nationalIdCx('1311690021')).to.equal(undefined);
    expect(nationalIdCx('1311690021a')).to.equal(undefined);
    expect(nationalIdAuthority('5')).to.equal(NO_ID_OID.dnr);
  });
});
