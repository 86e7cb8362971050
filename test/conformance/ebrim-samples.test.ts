/**
 * Real ebRIM messages from other projects (../shared/conformance/samples): decode and check
 * their content, write them back, validate the output against the official XSDs, and decode
 * again to the same domain objects. See ../shared/conformance/samples/SOURCES.md.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { adhocQueryRequestFromEbrim, adhocQueryRequestToEbrim, adhocQueryResponseFromEbrim, adhocQueryResponseToEbrim } from '../../src/formats/ebrim/adhoc-query.js';
import { provideAndRegisterFromEbrim, provideAndRegisterToEbrim } from '../../src/formats/ebrim/provide-and-register.js';
import { retrieveDocumentSetRequestFromEbrim, retrieveDocumentSetRequestToEbrim } from '../../src/formats/ebrim/retrieve-document-set.js';
import { submitObjectsRequestFromEbrim, submitObjectsRequestToEbrim } from '../../src/formats/ebrim/submit-objects-request.js';
import { XdsError } from '../../src/errors/issue.js';
import { parseXml } from '../../src/formats/xml/parse.js';
import { child, NS, type XmlElement } from '../../src/formats/xml/tree.js';
import { ids } from '../support/ebrim.js';
import { requireShared, sharedPath, XSD } from '../support/shared.js';
import { validateAgainstXsd } from '../support/xsd.js';

const MV = (file: string): string => sharedPath('conformance', 'samples', 'nist-toolkit', 'validators-registry-message', 'testdata', 'messagevalidator', file);
const IPF = (file: string): string => sharedPath('conformance', 'samples', 'ipf', 'commons', 'ihe', 'xds', 'src', 'test', 'resources', file);

/** The root element of a sample, or the body child when it is a SOAP envelope. */
function load(file: string, edit: (xml: string) => string = (x) => x): XmlElement {
  const root = parseXml(edit(readFileSync(file, 'utf8')));
  if (root.ns !== NS.soap12) return root;
  const body = child(root, NS.soap12, 'Body')?.children[0];
  if (!body) throw new Error(`${file} has an empty SOAP Body`);
  return body;
}

function expectValid(xml: string, xsd: string): void {
  const r = validateAgainstXsd(xml, xsd);
  expect(r.errors).to.equal('');
  expect(r.valid).to.equal(true);
}

describe('ebRIM samples from NIST and IPF', function () {
  beforeEach(function () { requireShared(this); });

  it('decodes the NIST ProvideAndRegister sample, writes it back valid and decodes it again the same', () => {
    const first = provideAndRegisterFromEbrim(load(MV('pnr.xml')));
    expect(first.issues).to.deep.equal([]);
    const { documentEntries: des, submissionSets: sss, associations } = first.objects;
    expect(des.map((d) => d.entryUuid)).to.deep.equal(['Document01', 'Document02']);
    expect(des[0]).to.deep.include({
      uniqueId: '1.42.20100312105241.2', mimeType: 'text/plain', title: 'Physical', creationTime: '20051224', languageCode: 'en-us',
      patientId: { id: '53ff11cb404344e', assigningAuthority: '1.3.6.1.4.1.21367.2005.3.7' },
      sourcePatientId: { id: '89765a87b', assigningAuthority: '3.4.5' },
      typeCode: { code: '34108-1', codingScheme: 'LOINC', displayName: 'Outpatient Evaluation And Management' },
    });
    expect(des[0]?.sourcePatientInfo).to.have.length(5);
    expect(des[0]?.authors.map((a) => a.person?.familyName)).to.deep.equal(['Smitty', 'Dopplemeyer']);
    expect(des[0]?.authors[0]?.institutions.map((i) => i.organizationName)).to.deep.equal(['Cleveland Clinic', 'Parma Community']);
    expect(sss[0]).to.deep.include({ entryUuid: 'SubmissionSet01', sourceId: '1.3.6.1.4.1.21367.2009.1.2.1', submissionTime: '20041225235050', comments: 'Annual physical' });
    expect(associations.map((a) => [a.type, a.sourceUuid, a.targetUuid, a.submissionSetStatus])).to.deep.equal([
      ['HasMember', 'SubmissionSet01', 'Document01', 'Original'], ['HasMember', 'SubmissionSet01', 'Document02', 'Original'],
    ]);
    const written = provideAndRegisterToEbrim(first.objects, [], { inline: true }).xml;
    expectValid(written, XSD.repository);
    expect(provideAndRegisterFromEbrim(parseXml(written))).to.deep.equal(first);
  });

  it('decodes the SOAP-wrapped ProvideAndRegister sample to the same objects as the bare one', () => {
    expect(provideAndRegisterFromEbrim(load(MV('soap-pnr.xml')))).to.deep.equal(provideAndRegisterFromEbrim(load(MV('pnr.xml'))));
  });

  it('reports the classification of the pnr-bad-uplink sample that points at an unknown object', () => {
    const { issues } = provideAndRegisterFromEbrim(load(MV('pnr-bad-uplink.xml')));
    expect(ids(issues)).to.deep.equal(['UNRESOLVED_CLASSIFIED_OBJECT']);
    expect(issues[0]).to.include({ code: 'XDSRegistryMetadataError', location: 'id_2' });
    expect(issues[0]?.codeContext).to.contain('Document011');
  });

  for (const file of ['SubmitObjectsRequest_ebrs30.xml', 'SubmitObjectsRequest_ebrs30_2.xml', 'SubmitObjectsRequest_ebrs3_extra_metadata.xml']) {
    it(`decodes the IPF sample ${file}, writes it back valid and decodes it again the same`, () => {
      const first = submitObjectsRequestFromEbrim(load(IPF(file)));
      expect(first.issues).to.deep.equal([]);
      const { documentEntries: [de], submissionSets: [ss], associations } = first.objects;
      // The sample breaks some scheme URNs with a space; they are still recognised.
      expect(de?.patientId).to.deep.equal({ id: 'SELF-5', assigningAuthority: '1.3.6.1.4.1.21367.2005.3.7' });
      expect(de?.uniqueId).to.equal('1.3.6.1.4.1.21367.2005.3.9999.32');
      expect(de?.authors[0]?.person).to.deep.equal({ idNumber: 'Gerald Smitty' });
      expect(ss).to.deep.include({ entryUuid: 'SubmissionSet01', uniqueId: '1.3.6.1.4.1.21367.2005.3.9999.33', sourceId: '3670984664' });
      expect(ss?.contentTypeCode).to.deep.equal({ code: 'History and Physical', codingScheme: 'Connect-a-thon contentTypeCodes', displayName: 'History and Physical' });
      expect(associations.map((a) => a.type)).to.deep.equal(['HasMember', 'IsSnapshotOf']);
      expect(de?.extraMetadata).to.deep.equal(file.includes('extra') ? { 'urn:my:company:slot': ['somevalue'] } : {});
      const written = submitObjectsRequestToEbrim(first.objects);
      expectValid(written, XSD.lcm);
      expect(submitObjectsRequestFromEbrim(parseXml(written))).to.deep.equal(first);
    });
  }

  it('decodes the IPF samples with inner and outer SubmissionSet classification alike', () => {
    expect(submitObjectsRequestFromEbrim(load(IPF('SubmitObjectsRequest_ebrs30_2.xml'))))
      .to.deep.equal(submitObjectsRequestFromEbrim(load(IPF('SubmitObjectsRequest_ebrs30.xml'))));
  });

  it('decodes the NIST stored query request and writes it back valid', () => {
    const req = adhocQueryRequestFromEbrim(load(MV('sq-req.xml')));
    expect(req.queryId).to.equal('urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d');
    expect(req.returnType).to.equal('LeafClass');
    expect([...req.slots.keys()]).to.deep.equal(['$XDSDocumentEntryPatientId', '$XDSDocumentEntryStatus', '$XDSDocumentEntryClassCode']);
    expect(req.slots.get('$XDSDocumentEntryPatientId')).to.deep.equal([["'c4d77e21d0dd487^^^&1.3.6.1.4.1.21367.2005.3.7&ISO'"]]);
    const written = adhocQueryRequestToEbrim(req);
    expectValid(written, XSD.query);
    expect(adhocQueryRequestFromEbrim(parseXml(written))).to.deep.equal(req);
  });

  it('refuses the NIST stored query request with a returnType other than LeafClass or ObjectRef', () => {
    const bad = load(MV('sq-req.xml'), (x) => x.replace('returnType="LeafClass"', 'returnType="RegistryObject"'));
    expect(() => adhocQueryRequestFromEbrim(bad)).to.throw(XdsError).with.property('issues').that.satisfies(
      (issues: { messageId: string; code: string }[]) => issues[0]?.messageId === 'BAD_RETURN_TYPE' && issues[0]?.code === 'XDSRegistryError',
    );
  });

  it('decodes the NIST LeafClass query responses, writes them back valid and decodes them again the same', () => {
    for (const file of ['sq-resp-lc.xml', 'soap-xcq-resp.xml']) {
      const first = adhocQueryResponseFromEbrim(load(MV(file)));
      expect(first.status).to.equal('Success');
      expect(first.decodeIssues).to.deep.equal([]);
      expect(first.objects.documentEntries).to.have.length(2);
      expect(first.objects.documentEntries[0]).to.deep.include({ availabilityStatus: 'Approved', hash: 'e543712c0e10501972de13a5bfcbe826c49feb75', size: 36, version: '1.1' });
      const written = adhocQueryResponseToEbrim({ status: first.status, result: { returnType: 'LeafClass', objects: first.objects }, issues: first.issues });
      expectValid(written, XSD.query);
      expect(adhocQueryResponseFromEbrim(parseXml(written))).to.deep.equal(first);
    }
  });

  it('decodes the NIST retrieve request and writes it back valid', () => {
    const reqs = retrieveDocumentSetRequestFromEbrim(load(MV('soap-ret-req.xml')));
    expect(reqs).to.deep.equal([
      { repositoryUniqueId: '1.3.6.1.4...1000', documentUniqueId: '1.3.6.1.4...2300' },
      { repositoryUniqueId: '1.3.6.1.4...1000', documentUniqueId: '1.3.6.1.4...2301' },
    ]);
    expectValid(retrieveDocumentSetRequestToEbrim(reqs), XSD.repository);
  });

  it('refuses the NIST retrieve request whose DocumentUniqueId comes before RepositoryUniqueId', () => {
    expect(() => retrieveDocumentSetRequestFromEbrim(load(MV('soap-ret-req-order.xml')))).to.throw(XdsError, /XDSRepositoryError: .*DocumentRequest 1/);
  });
});
