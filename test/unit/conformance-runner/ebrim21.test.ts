import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { submitObjectsRequestFrom21, isEbrim21, LCM30, RIM30 } from '../../../scripts/conformance/ebrim21.js';
import { prepareSubmission, registryObjects } from '../../../scripts/conformance/prepare.js';
import { IDENTIFICATION_SCHEME } from '../../../src/domain/vocabulary.js';
import { descendants, kids, parseNode, serializeNode } from '../../../scripts/conformance/xml-node.js';
import { submitObjectsRequestFromEbrim } from '../../../src/formats/ebrim/submit-objects-request.js';
import { parseXml } from '../../../src/formats/xml/parse.js';
import { requireShared, sharedPath, XSD } from '../../support/shared.js';
import { validateAgainstXsd } from '../../support/xsd.js';

const RIM21 = 'urn:oasis:names:tc:ebxml-regrep:rim:xsd:2.1';
const SMALL_21 = `<rs:SubmitObjectsRequest xmlns:rs="urn:oasis:names:tc:ebxml-regrep:registry:xsd:2.1"><rim:LeafRegistryObjectList xmlns:rim="${RIM21}">
  <rim:ExtrinsicObject id="Document01" mimeType="text/plain" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
    <rim:Name><rim:LocalizedString value="Physical"/></rim:Name>
    <rim:Slot name="creationTime"><rim:ValueList><rim:Value>20051224</rim:Value></rim:ValueList></rim:Slot>
    <rim:Classification classifiedObject="Document01" nodeRepresentation="N" classificationScheme="urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f">
      <rim:Name><rim:LocalizedString value="normal"/></rim:Name>
      <rim:Slot name="codingScheme"><rim:ValueList><rim:Value>2.16.840.1.113883.5.25</rim:Value></rim:ValueList></rim:Slot>
    </rim:Classification>
    <rim:ExternalIdentifier value="P1^^^&amp;1.2.3&amp;ISO" identificationScheme="${IDENTIFICATION_SCHEME.documentEntry.patientId}"/>
    <rim:ExternalIdentifier value="1.2.3.4" identificationScheme="${IDENTIFICATION_SCHEME.documentEntry.uniqueId}"/>
  </rim:ExtrinsicObject>
  <rim:RegistryPackage id="SubmissionSet01">
    <rim:ExternalIdentifier value="1.2.3.5" identificationScheme="${IDENTIFICATION_SCHEME.submissionSet.uniqueId}"/>
    <rim:ExternalIdentifier value="P1^^^&amp;1.2.3&amp;ISO" identificationScheme="${IDENTIFICATION_SCHEME.submissionSet.patientId}"/>
  </rim:RegistryPackage>
  <rim:Association targetObject="Document01" sourceObject="SubmissionSet01" associationType="HasMember"/>
  <rim:Association targetObject="urn:uuid:0b5e0ac0-2c55-4d67-9f38-1b7a9c4d2e10" sourceObject="Document01" associationType="RPLC"/>
  <rim:ObjectRef id="urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f"/>
  <rim:ObjectRef id="urn:uuid:0b5e0ac0-2c55-4d67-9f38-1b7a9c4d2e10"/>
</rim:LeafRegistryObjectList></rs:SubmitObjectsRequest>`;

describe('conformance runner: ebRIM 2.1 translation', () => {
  const translated = (): ReturnType<typeof submitObjectsRequestFrom21> => submitObjectsRequestFrom21(parseNode(SMALL_21));

  it('recognises a 2.1 submission and moves it to the lcm and rim 3.0 namespaces', () => {
    expect(isEbrim21(parseNode(SMALL_21))).to.equal(true);
    const out = translated();
    expect([out.ns, out.local]).to.deep.equal([LCM30, 'SubmitObjectsRequest']);
    expect(descendants(out).slice(1).every((n) => n.ns === RIM30)).to.equal(true);
  });

  it('writes association types as URNs and gives ids to associations, classifications and external identifiers', () => {
    const objects = registryObjects(translated());
    const types = objects.filter((o) => o.local === 'Association').map((a) => a.attrs['associationType']);
    expect(types).to.deep.equal(['urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember', 'urn:ihe:iti:2007:AssociationType:RPLC']);
    const identified = objects.flatMap(descendants).filter((n) => ['Association', 'Classification', 'ExternalIdentifier'].includes(n.local));
    expect(identified.every((n) => /^urn:uuid:/.test(n.attrs['id'] ?? ''))).to.equal(true);
    const eo = objects[0]!;
    expect(kids(eo, 'ExternalIdentifier').map((e) => e.attrs['registryObject'])).to.deep.equal(['Document01', 'Document01']);
  });

  it('puts Slot before Name, as ebRIM 3.0 orders them, in objects and classifications', () => {
    const eo = registryObjects(translated())[0]!;
    expect(eo.children.map((c) => c.local)).to.deep.equal(['Slot', 'Name', 'Classification', 'ExternalIdentifier', 'ExternalIdentifier']);
    expect(kids(eo, 'Classification')[0]?.children.map((c) => c.local)).to.deep.equal(['Slot', 'Name']);
  });

  it('drops ObjectRefs to classification schemes and keeps those to registry objects', () => {
    const refs = registryObjects(translated()).filter((o) => o.local === 'ObjectRef').map((o) => o.attrs['id']);
    expect(refs).to.deep.equal(['urn:uuid:0b5e0ac0-2c55-4d67-9f38-1b7a9c4d2e10']);
  });

  it('translates the 2.1 metadata of NIST test 11990 into a request lcm.xsd accepts and the gateway decodes', function () {
    requireShared(this);
    const file = sharedPath('conformance', 'samples', 'nist-toolkit', 'testkit', 'tests', '11990', 'submit', 'single_doc.xml');
    const prepared = prepareSubmission(parseNode(readFileSync(file, 'utf8')), { patientId: 'P9^^^&1.2.3&ISO', assignUuids: true, noAssignUids: [] });
    const xml = serializeNode(prepared.body);
    const xsd = validateAgainstXsd(xml, XSD.lcm);
    expect(xsd.errors).to.equal('');
    const decoded = submitObjectsRequestFromEbrim(parseXml(xml));
    expect(decoded.issues).to.deep.equal([]);
    expect(decoded.objects.documentEntries).to.have.length(1);
    expect(decoded.objects.documentEntries[0]?.patientId).to.deep.include({ id: 'P9', assigningAuthority: '1.2.3' });
    expect(decoded.objects.submissionSets[0]?.uniqueId).to.equal(prepared.uids.get('SubmissionSet01'));
  });
});
