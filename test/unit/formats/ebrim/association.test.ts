import { expect } from 'chai';
import { ASSOCIATION_TYPE_URN } from '../../../../src/domain/vocabulary.js';
import { associationFromEbrim, associationToEbrim } from '../../../../src/formats/ebrim/association.js';
import { anAssociation, freshUuid } from '../../../support/builders.js';
import { parseRimElement } from '../../../support/ebrim.js';

const roundTrip = (a: ReturnType<typeof anAssociation>) => associationFromEbrim(parseRimElement(associationToEbrim(a)));

describe('ebRIM Association mapping', () => {
  it('round-trips a HasMember with SubmissionSetStatus', () => {
    const a = anAssociation();
    expect(roundTrip(a)).to.deep.equal(a);
  });

  it('round-trips an RPLC with a documentation classification', () => {
    const { submissionSetStatus: _s, ...rest } = anAssociation({ type: 'RPLC' });
    const a = { ...rest, documentation: { code: 'Korrigert', codingScheme: '2.999.5', displayName: 'Korrigert dokument' } };
    expect(roundTrip(a)).to.deep.equal(a);
  });

  it('round-trips the metadata-update slots and status', () => {
    const { submissionSetStatus: _s, ...rest } = anAssociation({ type: 'UpdateAvailabilityStatus' });
    const a = {
      ...rest, availabilityStatus: 'Approved' as const, previousVersion: '1', associationPropagation: 'no',
      originalStatus: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved', newStatus: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated',
    };
    expect(roundTrip(a)).to.deep.equal(a);
  });

  it('keeps an association type the model does not name as its URN', () => {
    const a = anAssociation({ type: { unknown: 'urn:example:AssociationType:Likes' }, sourceUuid: freshUuid() });
    const el = parseRimElement(associationToEbrim(a));
    expect(el.attrs['associationType']).to.equal('urn:example:AssociationType:Likes');
    expect(associationFromEbrim(el).type).to.deep.equal({ unknown: 'urn:example:AssociationType:Likes' });
  });

  it('writes the full type URN and reads it back as the short name', () => {
    const el = parseRimElement(associationToEbrim(anAssociation({ type: 'XFRM_RPLC' })));
    expect(el.attrs['associationType']).to.equal(ASSOCIATION_TYPE_URN.XFRM_RPLC);
    expect(associationFromEbrim(el).type).to.equal('XFRM_RPLC');
  });

  it('keeps an unusable SubmissionSetStatus as an extra slot so the rules see it missing', () => {
    const el = parseRimElement(`<rim:Association id="a" associationType="${ASSOCIATION_TYPE_URN.HasMember}" sourceObject="ss" targetObject="de">`
      + '<rim:Slot name="SubmissionSetStatus"><rim:ValueList><rim:Value>Copy</rim:Value></rim:ValueList></rim:Slot></rim:Association>');
    const a = associationFromEbrim(el);
    expect(a.submissionSetStatus).to.equal(undefined);
    expect(a.extraMetadata).to.deep.equal({ SubmissionSetStatus: ['Copy'] });
  });
});
