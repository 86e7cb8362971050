/**
 * The ihe-generic profile against the NIST XDS Toolkit's own ebRIM 3.0 sample submissions
 * (read from ../shared; skipped when it is missing, failed under REQUIRE_SHARED=1).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { RegistryObjectList } from '../../../src/domain/submission.js';
import type { Issue } from '../../../src/errors/issue.js';
import { provideAndRegisterFromEbrim } from '../../../src/formats/ebrim/provide-and-register.js';
import { submitObjectsRequestFromEbrim } from '../../../src/formats/ebrim/submit-objects-request.js';
import { createProfileValidator } from '../../../src/profiles/validate.js';
import { readMessage } from '../../../scripts/validate/read-message.js';
import { requireShared, sharedPath } from '../../support/shared.js';
import { testConfig } from '../../support/test-config.js';

const NIST = 'conformance/samples/nist-toolkit';
const SAMPLES = [
  'validators-registry-message/testdata/messagevalidator/pnr.xml',
  'validators-registry-message/testdata/messagevalidator/soap-pnr.xml',
  'validators-registry-message/testdata/messagevalidator/http-mtom-pnr.txt',
  'validators-soap-message/src/test/resources/messages/pnr_soap.xml',
  'testkit/tests/PnrNoXop/submit/body.txt',
  'testkit/testdata-registry/uid-test/submit/metadata.xml',
  'testkit/tests/15800/original/single_doc.xml',
  'testkit/tests/15805/Register_Snapshot/single_stable_doc.xml',
] as const;

async function objectsOf(sample: string): Promise<RegistryObjectList> {
  const message = await readMessage(readFileSync(sharedPath(NIST, sample)));
  try {
    const decoded = message.transaction === 'ITI-41' ? provideAndRegisterFromEbrim(message.body) : submitObjectsRequestFromEbrim(message.body);
    expect(decoded.objects.documentEntries, `${sample} decodes to DocumentEntries`).to.not.be.empty;
    return decoded.objects;
  } finally {
    await message.cleanup();
  }
}

describe('ihe-generic profile with the NIST Toolkit samples', function () {
  before(function () { requireShared(this); });
  const generic = createProfileValidator(testConfig({ METADATA_PROFILE: 'ihe-generic' }));

  const norway = createProfileValidator(testConfig({}));
  const errorsOf = (issues: readonly Issue[]): string[] => issues.filter((i) => i.severity === 'Error').map((i) => i.codeContext);

  for (const sample of SAMPLES) {
    it(`accepts ${sample.split('/').slice(-3).join('/')}, which the norway profile rejects`, async () => {
      const objects = await objectsOf(sample);
      expect(errorsOf(generic(objects))).to.deep.equal([]);
      expect(errorsOf(norway(objects))).to.not.be.empty;
    });
  }

  it('finds nothing at all in a sample whose codes all come from codes.xml', async () => {
    expect(generic(await objectsOf('testkit/tests/PnrNoXop/submit/body.txt'))).to.deep.equal([]);
  });

  it('still reports codes outside the NIST code sets, as warnings naming the attribute', async () => {
    const issues = generic(await objectsOf('validators-registry-message/testdata/messagevalidator/pnr.xml'));
    expect(issues.map((i) => i.severity)).to.include('Warning').and.not.include('Error');
    expect(issues.map((i) => i.codeContext)).to.include.members([
      '[ihe.code.known] classCode of DocumentEntry Document01: Communication^^Connect-a-thon classCodes: coding scheme Connect-a-thon classCodes is not accepted; expected 2.16.840.1.113883.6.1 (LOINC), 1.3.6.1.4.1.21367.100.1, 1.3.6.1.4.1.21367.2017.3',
    ]);
  });

  it('reads the scheme written as LOINC as the LOINC OID, so only the code itself is reported', async () => {
    const issues = generic(await objectsOf('validators-registry-message/testdata/messagevalidator/pnr.xml'));
    expect(issues.filter((i) => i.location === 'Document01' && i.codeContext.includes('typeCode')).map((i) => i.codeContext)).to.deep.equal([
      '[ihe.code.known] typeCode of DocumentEntry Document01: code 34108-1 is not in 2.16.840.1.113883.6.1 (LOINC) as listed for typeCode',
    ]);
  });

  it('turns unknown codes into errors when METADATA_RULES says so', async () => {
    const strict = createProfileValidator({ METADATA_PROFILE: 'ihe-generic', METADATA_RULES: 'ihe.*=error' });
    const issues = strict(await objectsOf('testkit/tests/15800/original/single_doc.xml'));
    expect(issues).to.not.be.empty;
    expect(issues.every((i) => i.severity === 'Error' && i.code === 'XDSRegistryMetadataError')).to.equal(true);
  });

  it('names the Norwegian rules a NIST sample breaks', async () => {
    const rules = norway(await objectsOf('testkit/tests/PnrNoXop/submit/body.txt')).filter((i) => i.severity === 'Error').map((i) => i.codeContext.split(']')[0]);
    expect(rules).to.include.members(['[no.code.system', '[no.patient-id.authority']);
  });
});
