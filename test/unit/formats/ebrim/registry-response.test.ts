import { expect } from 'chai';
import { issue } from '../../../../src/errors/issue.js';
import {
  registryResponseFromEbrim, registryResponseToEbrim, responseStatus,
} from '../../../../src/formats/ebrim/registry-response.js';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { ids } from '../../../support/ebrim.js';
import { requireShared, XSD } from '../../../support/shared.js';
import { validateAgainstXsd } from '../../../support/xsd.js';

const ERROR = issue('PATIENT_ID_MISMATCH', ['DocumentEntry', 'Document01', 'a', 'b'], { location: 'Document01' });
const WARNING = issue('EXTRA_METADATA_NOT_SAVED', ['urn:x', 'Document01']);

describe('ebRS RegistryResponse', () => {
  it('chooses Failure when any issue is an error and Success otherwise', () => {
    expect(responseStatus([])).to.equal('Success');
    expect(responseStatus([WARNING])).to.equal('Success');
    expect(responseStatus([WARNING, ERROR])).to.equal('Failure');
  });

  it('writes a Success without an error list', () => {
    expect(registryResponseToEbrim('Success', [])).to.equal(
      '<rs:RegistryResponse xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0" status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"/>',
    );
  });

  it('writes each issue as a RegistryError with code, context, severity URN and location', () => {
    const decoded = registryResponseFromEbrim(parseXml(registryResponseToEbrim('Failure', [ERROR, WARNING])));
    expect(decoded.status).to.equal('Failure');
    expect(decoded.decodeIssues).to.deep.equal([]);
    expect(decoded.issues).to.deep.equal([
      { code: 'XDSPatientIdDoesNotMatch', codeContext: ERROR.codeContext, severity: 'Error', location: 'Document01' },
      { code: 'XDSExtraMetadataNotSaved', codeContext: WARNING.codeContext, severity: 'Warning' },
    ]);
    const xml = registryResponseToEbrim('PartialSuccess', [WARNING]);
    expect(xml).to.contain('urn:ihe:iti:2007:ResponseStatusType:PartialSuccess');
    expect(xml).to.contain('severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning"');
  });

  it('escapes markup in error texts', () => {
    const nasty = { code: 'XDSRegistryError', codeContext: 'bad <x> & "q"', severity: 'Error' as const };
    expect(registryResponseFromEbrim(parseXml(registryResponseToEbrim('Failure', [nasty]))).issues[0]?.codeContext).to.equal('bad <x> & "q"');
  });

  it('reports a response without a known status', () => {
    const d = registryResponseFromEbrim(parseXml('<rs:RegistryResponse xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0"/>'));
    expect(d.status).to.equal('Failure');
    expect(ids(d.decodeIssues)).to.deep.equal(['MALFORMED_RESPONSE']);
  });

  it('writes responses that validate against rs.xsd', function () {
    requireShared(this);
    for (const xml of [registryResponseToEbrim('Success', []), registryResponseToEbrim('Failure', [ERROR, WARNING])]) {
      const r = validateAgainstXsd(xml, XSD.rs);
      expect(r.errors).to.equal('');
      expect(r.valid).to.equal(true);
    }
  });
});
