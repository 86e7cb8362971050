/**
 * A small testkit written for the runner's tests, in the NIST layout (tests/<id>/index.idx,
 * <section>/testplan.xml, metadata files), with known outcomes against the test peer:
 *   T-load     registers one document (ebRIM 3.0, symbolic ids, AssignUuids) → pass
 *   T-query    queries it by the SubmissionSet uniqueId T-load assigned, checks contents and
 *              an availabilityStatus assertion → pass (fails against a wrong peer)
 *   T-mismatch registers two patient ids, expects Failure XDSPatientIdDoesNotMatch → pass
 *   T-update   sends an ITI-57 update the peer does not serve → not applicable
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RIM = 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0';

/** A DocumentEntry + SubmissionSet submission with symbolic ids; patient ids as given. */
export function submission(ssPatient: string, dePatient: string): string {
  const ei = (scheme: string, value: string, owner: string, id: string): string =>
    `<rim:ExternalIdentifier id="${id}" registryObject="${owner}" identificationScheme="${scheme}" value="${value.replace(/&/g, '&amp;')}"/>`;
  return `<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="${RIM}"><rim:RegistryObjectList>`
    + '<rim:ExtrinsicObject id="Document01" mimeType="text/plain" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">'
    + ei('urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427', dePatient, 'Document01', 'ei1')
    + ei('urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab', '1.2.3.plan.doc', 'Document01', 'ei2')
    + '</rim:ExtrinsicObject>'
    + '<rim:RegistryPackage id="SubmissionSet01">'
    + ei('urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446', ssPatient, 'SubmissionSet01', 'ei3')
    + ei('urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8', '1.2.3.plan.ss', 'SubmissionSet01', 'ei4')
    + '</rim:RegistryPackage>'
    + '<rim:Classification id="cl1" classifiedObject="SubmissionSet01" classificationNode="urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd"/>'
    + '<rim:Association id="as1" associationType="urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember" sourceObject="SubmissionSet01" targetObject="Document01">'
    + '<rim:Slot name="SubmissionSetStatus"><rim:ValueList><rim:Value>Original</rim:Value></rim:ValueList></rim:Slot></rim:Association>'
    + '</rim:RegistryObjectList></lcm:SubmitObjectsRequest>';
}

const QUERY = '<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0">'
  + '<query:ResponseOption returnComposedObjects="true" returnType="LeafClass"/>'
  + `<rim:AdhocQuery xmlns:rim="${RIM}" id="urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83">`
  + '<rim:Slot name="$XDSSubmissionSetUniqueId"><rim:ValueList><rim:Value>\'$ssuid$\'</rim:Value></rim:ValueList></rim:Slot>'
  + '</rim:AdhocQuery></query:AdhocQueryRequest>';

const plan = (test: string, steps: string): string => `<TestPlan><Test>${test}</Test>${steps}</TestPlan>`;

const FILES: Readonly<Record<string, string>> = {
  'T-load/index.idx': 'submit\n',
  'T-load/submit/testplan.xml': plan('T-load/submit', '<TestStep id="submit"><ExpectedStatus>Success</ExpectedStatus>'
    + '<RegisterTransaction><XDSb/><AssignUuids/><MetadataFile>metadata.xml</MetadataFile>'
    + '<Report name="ssuid" section="InputMetadata">//*[local-name()=\'RegistryPackage\']/*[local-name()=\'ExternalIdentifier\'][@identificationScheme=\'urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8\']/@value</Report>'
    + '</RegisterTransaction></TestStep>'),
  'T-load/submit/metadata.xml': submission('PLAN-PID^^^&1.2.3&ISO', 'PLAN-PID^^^&1.2.3&ISO'),
  'T-query/index.idx': 'eval\n',
  'T-query/eval/testplan.xml': plan('T-query/eval', '<TestStep id="by_uid"><ExpectedStatus>Success</ExpectedStatus>'
    + '<StoredQueryTransaction><XDSb/><UseId testdir="../../T-load/submit" id="SubmissionSet01" symbol="$ssuid$" step="submit" section="AssignedUids"/>'
    + '<MetadataFile>query.xml</MetadataFile><ExpectedContents><SSwithOneDoc/><DocApp/></ExpectedContents></StoredQueryTransaction></TestStep>'
    + '<TestStep id="verify"><NullTransaction><Assertions><DataRef file="THIS" as="output"/>'
    + '<Assert id="approved">//*[local-name()=\'ExtrinsicObject\']/@status = \'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved\'</Assert>'
    + '</Assertions></NullTransaction></TestStep>'),
  'T-query/eval/query.xml': QUERY,
  'T-mismatch/index.idx': 'submit\n',
  'T-mismatch/submit/testplan.xml': plan('T-mismatch/submit', '<TestStep id="submit"><ExpectedStatus>Failure</ExpectedStatus>'
    + '<ExpectedErrorCode>XDSPatientIdDoesNotMatch</ExpectedErrorCode>'
    + '<RegisterTransaction><XDSb/><NoPatientId/><MetadataFile>metadata.xml</MetadataFile></RegisterTransaction></TestStep>'),
  'T-mismatch/submit/metadata.xml': submission('$patientid$', '$altpatientid$'),
  'T-update/index.idx': 'update\n',
  'T-update/update/testplan.xml': plan('T-update/update', '<TestStep id="update"><ExpectedStatus>Success</ExpectedStatus>'
    + '<MuTransaction><XDSb/><MetadataFile>metadata.xml</MetadataFile></MuTransaction></TestStep>'),
  'T-update/update/metadata.xml': submission('$patientid$', '$patientid$'),
};

/**
 * Writes the mini testkit to a fresh temporary folder.
 * @returns the tests folder
 */
export function writeMiniTestkit(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'conformance-runner-')), 'tests');
  for (const [name, content] of Object.entries(FILES)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}
