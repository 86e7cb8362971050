import { expect } from 'chai';
import { CLASSIFICATION_NODE, IDENTIFICATION_SCHEME, SCHEME } from '../../../../src/domain/vocabulary.js';
import { registryObjectListFromEbrim, registryObjectListToEbrim } from '../../../../src/formats/ebrim/registry-object-list.js';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { aFolder, aHasMember, aSubmission } from '../../../support/builders.js';
import { ids, parseRimList } from '../../../support/ebrim.js';

const PACKAGE = '<rim:RegistryPackage id="SS01"/>';
const SS_NODE = (target: string, id = 'cl1'): string =>
  `<rim:Classification id="${id}" classifiedObject="${target}" classificationNode="${CLASSIFICATION_NODE.submissionSet}"/>`;

describe('ebRIM RegistryObjectList mapping', () => {
  it('round-trips a submission with SubmissionSet, DocumentEntries, Folder, associations and ObjectRefs', () => {
    const base = aSubmission({ documents: 2 });
    const folder = aFolder();
    const ss = base.submissionSets[0]!;
    const objects = {
      ...base, folders: [folder],
      associations: [...base.associations, aHasMember(ss, folder, false)],
      objectRefs: ['urn:uuid:3b3b7f6c-2f5e-4c32-8f5e-7a2b1c0d9e8f'],
    };
    const decoded = registryObjectListFromEbrim(parseXml(registryObjectListToEbrim(objects)));
    expect(decoded.issues).to.deep.equal([]);
    expect(decoded.objects).to.deep.equal(objects);
  });

  it('classifies a RegistryPackage as SubmissionSet by a sibling Classification pointing at it', () => {
    const { objects, issues } = registryObjectListFromEbrim(parseRimList(PACKAGE + SS_NODE('SS01')));
    expect(issues).to.deep.equal([]);
    expect(objects.submissionSets.map((s) => s.entryUuid)).to.deep.equal(['SS01']);
  });

  it('classifies a RegistryPackage as Folder by a nested Classification', () => {
    const xml = `<rim:RegistryPackage id="F01"><rim:Classification id="c" classifiedObject="F01" classificationNode="${CLASSIFICATION_NODE.folder}"/></rim:RegistryPackage>`;
    expect(registryObjectListFromEbrim(parseRimList(xml)).objects.folders.map((f) => f.entryUuid)).to.deep.equal(['F01']);
  });

  it('attaches sibling coded Classifications and ExternalIdentifiers to their object', () => {
    const xml = PACKAGE + SS_NODE('SS01')
      + `<rim:Classification id="c2" classificationScheme="${SCHEME.submissionSet.contentTypeCode}" classifiedObject="SS01" nodeRepresentation="A00-1">`
      + '<rim:Slot name="codingScheme"><rim:ValueList><rim:Value>2.16.578.1.12.4.1.1.9602</rim:Value></rim:ValueList></rim:Slot></rim:Classification>'
      + `<rim:ExternalIdentifier id="e1" registryObject="SS01" identificationScheme="${IDENTIFICATION_SCHEME.submissionSet.uniqueId}" value="1.2.3"/>`;
    const ss = registryObjectListFromEbrim(parseRimList(xml)).objects.submissionSets[0];
    expect(ss?.contentTypeCode).to.deep.equal({ code: 'A00-1', codingScheme: '2.16.578.1.12.4.1.1.9602' });
    expect(ss?.uniqueId).to.equal('1.2.3');
  });

  it('reports a Classification whose classifiedObject is not in the message', () => {
    const { issues } = registryObjectListFromEbrim(parseRimList(PACKAGE + SS_NODE('SS01') + SS_NODE('SS99', 'clX')));
    expect(ids(issues)).to.deep.equal(['UNRESOLVED_CLASSIFIED_OBJECT']);
    expect(issues[0]).to.include({ code: 'XDSRegistryMetadataError', location: 'clX' });
    expect(issues[0]?.codeContext).to.contain('SS99');
  });

  it('reports a nested Classification that points at an unknown object', () => {
    const xml = `<rim:RegistryPackage id="SS01">${SS_NODE('SS01')}<rim:Classification id="cA" classifiedObject="Nowhere" classificationScheme="${SCHEME.submissionSet.author}"/></rim:RegistryPackage>`;
    expect(ids(registryObjectListFromEbrim(parseRimList(xml)).issues)).to.deep.equal(['UNRESOLVED_CLASSIFIED_OBJECT']);
  });

  it('reports an ExternalIdentifier that identifies no object in the message', () => {
    const xml = PACKAGE + SS_NODE('SS01') + `<rim:ExternalIdentifier id="e9" registryObject="Ghost" identificationScheme="${IDENTIFICATION_SCHEME.submissionSet.uniqueId}" value="1.2"/>`;
    expect(ids(registryObjectListFromEbrim(parseRimList(xml)).issues)).to.deep.equal(['UNRESOLVED_IDENTIFIED_OBJECT']);
  });

  it('accepts a Classification of an object referenced by ObjectRef', () => {
    const xml = '<rim:ObjectRef id="urn:uuid:1f0b2f55-9a7e-4a41-8d0c-5f2e3a4b6c7d"/>' + SS_NODE('urn:uuid:1f0b2f55-9a7e-4a41-8d0c-5f2e3a4b6c7d');
    const { objects, issues } = registryObjectListFromEbrim(parseRimList(xml));
    expect(issues).to.deep.equal([]);
    expect(objects.objectRefs).to.deep.equal(['urn:uuid:1f0b2f55-9a7e-4a41-8d0c-5f2e3a4b6c7d']);
  });

  it('reports a RegistryPackage classified neither as SubmissionSet nor as Folder', () => {
    const { objects, issues } = registryObjectListFromEbrim(parseRimList(PACKAGE));
    expect(ids(issues)).to.deep.equal(['UNCLASSIFIED_REGISTRY_PACKAGE']);
    expect(objects.submissionSets).to.deep.equal([]);
  });

  it('reports an object without id', () => {
    const { issues } = registryObjectListFromEbrim(parseRimList('<rim:Association associationType="x" sourceObject="a" targetObject="b"/>'));
    expect(ids(issues)).to.deep.equal(['MISSING_ATTRIBUTE']);
  });

  it('writes an empty list as an empty element', () => {
    const empty = { submissionSets: [], documentEntries: [], folders: [], associations: [], objectRefs: [] };
    expect(registryObjectListToEbrim(empty)).to.equal('<rim:RegistryObjectList xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"/>');
    expect(registryObjectListFromEbrim(parseXml(registryObjectListToEbrim(empty))).objects).to.deep.equal(empty);
  });
});
