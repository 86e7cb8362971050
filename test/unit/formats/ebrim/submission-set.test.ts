import { expect } from 'chai';
import { CLASSIFICATION_NODE } from '../../../../src/domain/vocabulary.js';
import type { Issue } from '../../../../src/errors/issue.js';
import {
  parseIntendedRecipient, serializeIntendedRecipient, submissionSetFromEbrim, submissionSetToEbrim,
} from '../../../../src/formats/ebrim/submission-set.js';
import { aSubmissionSet, DEPARTMENT, DOCTOR } from '../../../support/builders.js';
import { parseRimElement } from '../../../support/ebrim.js';

describe('ebRIM SubmissionSet mapping', () => {
  it('round-trips a SubmissionSet unchanged', () => {
    const ss = aSubmissionSet();
    const issues: Issue[] = [];
    expect(submissionSetFromEbrim(parseRimElement(submissionSetToEbrim(ss)), issues)).to.deep.equal(ss);
    expect(issues).to.deep.equal([]);
  });

  it('round-trips intended recipients, comments, status, home and extra slots', () => {
    const ss = aSubmissionSet({
      intendedRecipients: [
        { organization: DEPARTMENT, person: DOCTOR, telecommunication: '^^Internet^lise.lege@example.no' },
        { person: { familyName: 'Fastlege', givenName: 'Frida' } },
        { telecommunication: '^^Internet^post@legekontor.no' },
      ],
      comments: 'Sendt etter utskrivning', availabilityStatus: 'Approved', homeCommunityId: 'urn:oid:2.999.1.1',
      limitedMetadata: true, extraMetadata: { 'urn:no:ehelse:sender': ['NHN'] },
    });
    expect(submissionSetFromEbrim(parseRimElement(submissionSetToEbrim(ss)))).to.deep.equal(ss);
  });

  it('marks the RegistryPackage with the SubmissionSet classification node', () => {
    const el = parseRimElement(submissionSetToEbrim(aSubmissionSet()));
    expect(el.children.some((c) => c.local === 'Classification' && c.attrs['classificationNode'] === CLASSIFICATION_NODE.submissionSet)).to.equal(true);
  });

  it('reads intended recipients in the XON|XCN|XTN form', () => {
    expect(parseIntendedRecipient('Some Hospital^^^^^&1.2.3&ISO|^Wel^Marcus^^^Dr|^^Internet^marcus@welby.com')).to.deep.equal({
      organization: { organizationName: 'Some Hospital', assigningAuthority: '1.2.3' },
      person: { familyName: 'Wel', givenName: 'Marcus', prefix: 'Dr' },
      telecommunication: '^^Internet^marcus@welby.com',
    });
    expect(serializeIntendedRecipient({ person: { familyName: 'Wel' } })).to.equal('|^Wel');
  });
});
