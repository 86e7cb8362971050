import { expect } from 'chai';
import { submitObjectsRequestFromEbrim, submitObjectsRequestToEbrim } from '../../../../src/formats/ebrim/submit-objects-request.js';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { aFolder, aHasMember, anAssociation, aSubmission } from '../../../support/builders.js';
import { ids } from '../../../support/ebrim.js';
import { requireShared, XSD } from '../../../support/shared.js';
import { validateAgainstXsd } from '../../../support/xsd.js';

describe('ebRIM SubmitObjectsRequest', () => {
  it('round-trips a submission', () => {
    const objects = aSubmission({ documents: 3 });
    const decoded = submitObjectsRequestFromEbrim(parseXml(submitObjectsRequestToEbrim(objects)));
    expect(decoded).to.deep.equal({ objects, issues: [] });
  });

  it('writes a request that validates against lcm.xsd', function () {
    requireShared(this);
    const base = aSubmission({ documents: 2 });
    const folder = aFolder();
    const ss = base.submissionSets[0]!;
    const de = base.documentEntries[0]!;
    const objects = {
      ...base, folders: [folder],
      associations: [...base.associations, aHasMember(ss, folder, false), anAssociation({ type: 'APND', sourceUuid: de.entryUuid, targetUuid: 'urn:uuid:0b5e0ac0-2c55-4d67-9f38-1b7a9c4d2e10', documentation: { code: 'x', codingScheme: 'y' } })],
      objectRefs: ['urn:uuid:0b5e0ac0-2c55-4d67-9f38-1b7a9c4d2e10'],
    };
    const result = validateAgainstXsd(submitObjectsRequestToEbrim(objects), XSD.lcm);
    expect(result.errors).to.equal('');
    expect(result.valid).to.equal(true);
  });

  it('reports a wrong root element and a missing RegistryObjectList as malformed requests', () => {
    const wrong = submitObjectsRequestFromEbrim(parseXml('<RegistryObjectList xmlns="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"/>'));
    expect(ids(wrong.issues)).to.deep.equal(['MALFORMED_REQUEST']);
    const empty = submitObjectsRequestFromEbrim(parseXml('<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0"/>'));
    expect(empty.issues[0]).to.include({ code: 'XDSRegistryError' });
    expect(empty.issues[0]?.codeContext).to.contain('RegistryObjectList');
  });
});
