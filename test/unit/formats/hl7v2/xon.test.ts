import { expect } from 'chai';
import { parseXon, serializeXon } from '../../../../src/formats/hl7v2/xon.js';

describe('hl7v2 XON', () => {
  it('parses a Norwegian legal entity with organisation number', () => {
    expect(parseXon('Sykehuset Innlandet HF^^^^^&2.16.578.1.12.4.1.4.101&ISO^^^^983971709')).to.deep.equal({
      organizationName: 'Sykehuset Innlandet HF', assigningAuthority: '2.16.578.1.12.4.1.4.101', organizationIdentifier: '983971709',
    });
  });

  it('parses a plain organisation name', () => {
    expect(parseXon('Cleveland Clinic')).to.deep.equal({ organizationName: 'Cleveland Clinic' });
  });

  it('keeps the identifier type code', () => {
    expect(parseXon('Org^^^^^&1.2&ISO^XX^^^42')).to.deep.equal({ organizationName: 'Org', assigningAuthority: '1.2', identifierTypeCode: 'XX', organizationIdentifier: '42' });
  });

  it('returns undefined for an empty value', () => {
    expect(parseXon('')).to.equal(undefined);
  });

  it('serialises without trailing separators and round-trips', () => {
    expect(serializeXon({ organizationName: 'Legekontoret' })).to.equal('Legekontoret');
    const s = 'Sykehuset Innlandet HF^^^^^&2.16.578.1.12.4.1.4.101&ISO^^^^983971709';
    expect(serializeXon(parseXon(s)!)).to.equal(s);
  });
});
