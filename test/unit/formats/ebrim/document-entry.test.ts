import { expect } from 'chai';
import type { DocumentEntry } from '../../../../src/domain/document-entry.js';
import { OBJECT_TYPE, SCHEME } from '../../../../src/domain/vocabulary.js';
import type { Issue } from '../../../../src/errors/issue.js';
import { documentEntryFromEbrim, documentEntryToEbrim } from '../../../../src/formats/ebrim/document-entry.js';
import { aDocumentEntry, anAuthor, CODES, LEGAL_ENTITY } from '../../../support/builders.js';
import { childNames, ids, parseRimElement } from '../../../support/ebrim.js';

function roundTrip(e: DocumentEntry, issues: Issue[] = []): DocumentEntry {
  return documentEntryFromEbrim(parseRimElement(documentEntryToEbrim(e)), issues);
}

const slot = (name: string, ...values: string[]): string =>
  `<rim:Slot name="${name}"><rim:ValueList>${values.map((v) => `<rim:Value>${v}</rim:Value>`).join('')}</rim:ValueList></rim:Slot>`;

function extrinsic(inner: string, attrs = `objectType="${OBJECT_TYPE.stableDocumentEntry}"`): string {
  return `<rim:ExtrinsicObject id="Document01" mimeType="text/plain" ${attrs}>${inner}</rim:ExtrinsicObject>`;
}

describe('ebRIM DocumentEntry mapping', () => {
  it('round-trips a complete Norwegian DocumentEntry unchanged', () => {
    const e = aDocumentEntry();
    const issues: Issue[] = [];
    expect(roundTrip(e, issues)).to.deep.equal(e);
    expect(issues).to.deep.equal([]);
  });

  it('round-trips every optional attribute, extra slots and an on-demand entry', () => {
    const e = aDocumentEntry({
      objectType: 'on-demand', availabilityStatus: 'Deprecated', homeCommunityId: 'urn:oid:2.16.578.1.12.4.1.7.1.1',
      logicalId: 'urn:uuid:6f2b0a6e-5b1c-4c59-9d8e-2f0f7c1d0a11', version: '2',
      eventCodeList: [{ code: 'J18', codingScheme: '2.16.578.1.12.4.1.1.7110' }, { code: 'R05', codingScheme: '2.16.578.1.12.4.1.1.7170', displayName: 'Hoste' }],
      confidentialityCodes: [CODES.confidentiality, { code: 'R', codingScheme: '2.16.840.1.113883.5.25', displayName: 'Restricted' }],
      referenceIdList: ['A123^^^&1.2.3&ISO^urn:ihe:iti:xds:2013:accession'],
      uri: 'https://example.no/dok/1', documentAvailability: 'urn:ihe:iti:2010:DocumentAvailability:Online',
      limitedMetadata: true, authors: [anAuthor(), { institutions: [LEGAL_ENTITY], roles: [], specialties: [], telecommunications: ['^^Internet^post@example.no'] }],
      extraMetadata: { 'urn:no:nhn:xds:tilgang': ['A', 'B & C <d>'] },
    });
    expect(roundTrip(e)).to.deep.equal(e);
  });

  it('keeps every LocalizedString of Name, Description and code names, each with its xml:lang and charset', () => {
    // As IPF/CXF sources send it: several languages, the Norwegian one first, charset on some.
    const name = '<rim:Name><rim:LocalizedString xml:lang="nb-NO" charset="UTF-8" value="Epikrise etter innleggelse"/>'
      + '<rim:LocalizedString xml:lang="nn-NO" value="Epikrise etter innlegging"/><rim:LocalizedString xml:lang="en-US" value="Discharge summary"/></rim:Name>';
    const description = '<rim:Description><rim:LocalizedString xml:lang="nb-NO" value="Kopi til fastlege"/></rim:Description>';
    const classCode = `<rim:Classification classificationScheme="${SCHEME.documentEntry.classCode}" classifiedObject="Document01" nodeRepresentation="A00-1" id="urn:uuid:5e1b6f3a-0c2d-4e8f-9a7b-1c2d3e4f5a6b">`
      + `${slot('codingScheme', '2.16.578.1.12.4.1.1.9602')}<rim:Name><rim:LocalizedString xml:lang="nb-NO" value="Epikriser og sammenfatninger"/>`
      + '<rim:LocalizedString xml:lang="en-US" value="Discharge summaries and summaries"/></rim:Name></rim:Classification>';
    const e = documentEntryFromEbrim(parseRimElement(extrinsic(name + description + classCode)), []);
    expect(e.title).to.equal('Epikrise etter innleggelse');
    expect(e.localizedTitle).to.deep.equal([
      { value: 'Epikrise etter innleggelse', lang: 'nb-NO', charset: 'UTF-8' }, { value: 'Epikrise etter innlegging', lang: 'nn-NO' },
      { value: 'Discharge summary', lang: 'en-US' },
    ]);
    expect([e.comments, e.localizedComments]).to.deep.equal(['Kopi til fastlege', [{ value: 'Kopi til fastlege', lang: 'nb-NO' }]]);
    expect(e.classCode?.localizedDisplayName?.map((l) => l.lang)).to.deep.equal(['nb-NO', 'en-US']);
    const xml = documentEntryToEbrim(e);
    expect(xml).to.contain('<rim:LocalizedString xml:lang="nb-NO" charset="UTF-8" value="Epikrise etter innleggelse"/><rim:LocalizedString xml:lang="nn-NO"')
      .and.contain('xml:lang="en-US" value="Discharge summaries and summaries"');
    expect(documentEntryFromEbrim(parseRimElement(xml), [])).to.deep.equal(e);
  });

  it('writes a plain LocalizedString as before when the entry has no language, and the plain text alone once it changes', () => {
    const e = aDocumentEntry({ title: 'Notat' });
    expect(documentEntryToEbrim(e)).to.contain('<rim:Name><rim:LocalizedString value="Notat"/></rim:Name>');
    const changed = { ...e, title: 'Sperret', localizedTitle: [{ value: 'Notat', lang: 'nb-NO' }, { value: 'Note', lang: 'en-US' }] };
    expect(documentEntryToEbrim(changed)).to.contain('<rim:Name><rim:LocalizedString value="Sperret"/></rim:Name>').and.not.contain('Note');
  });

  it('writes children in ebRIM schema order with urn:uuid ids on classifications and identifiers', () => {
    const el = parseRimElement(documentEntryToEbrim(aDocumentEntry({ version: '1' })));
    const names = childNames(el);
    const order = ['Slot', 'Name', 'Description', 'VersionInfo', 'Classification', 'ExternalIdentifier'];
    const ranks = names.map((n) => order.indexOf(n));
    expect(ranks).to.deep.equal([...ranks].sort((a, b) => a - b));
    for (const c of el.children.filter((x) => x.local === 'Classification' || x.local === 'ExternalIdentifier')) {
      expect(c.attrs['id']).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
    }
  });

  it('writes lid and VersionInfo defaults in the registry view', () => {
    const e = aDocumentEntry();
    const el = parseRimElement(documentEntryToEbrim(e, { registryView: true, homeCommunityId: 'urn:oid:2.999.1' }));
    expect(el.attrs['lid']).to.equal(e.entryUuid);
    expect(el.attrs['home']).to.equal('urn:oid:2.999.1');
    expect(el.children.find((c) => c.local === 'VersionInfo')?.attrs['versionName']).to.equal('1');
    const back = documentEntryFromEbrim(el);
    expect(back).to.deep.equal({ ...e, logicalId: e.entryUuid, version: '1', homeCommunityId: 'urn:oid:2.999.1' });
  });

  it('puts slots the model does not define into extraMetadata', () => {
    const e = documentEntryFromEbrim(parseRimElement(extrinsic(slot('urn:my:company:slot', 'somevalue') + slot('creationTime', '20240101'))));
    expect(e.extraMetadata).to.deep.equal({ 'urn:my:company:slot': ['somevalue'] });
    expect(e.creationTime).to.equal('20240101');
  });

  it('keeps slots named __proto__ or after Object members as ordinary slots, and writes them back', () => {
    const e = documentEntryFromEbrim(parseRimElement(extrinsic(slot('__proto__', 'p') + slot('constructor', 'c') + slot('toString', 't'))));
    expect(Object.getPrototypeOf(e.extraMetadata)).to.equal(Object.prototype);
    expect(Object.keys(e.extraMetadata)).to.deep.equal(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(e.extraMetadata, '__proto__')?.value).to.deep.equal(['p']);
    const back = roundTrip(e);
    expect(Object.entries(back.extraMetadata)).to.deep.equal([['__proto__', ['p']], ['constructor', ['c']], ['toString', ['t']]]);
    const stored = JSON.parse(JSON.stringify(e)) as DocumentEntry;
    expect(Object.keys(stored.extraMetadata), 'kept through JSON, as the stores keep it').to.include('__proto__');
  });

  it('keeps a malformed patient id so the rules can report it', () => {
    const xml = extrinsic(`<rim:ExternalIdentifier id="e1" registryObject="Document01" identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" value="13116900216"/>`);
    expect(documentEntryFromEbrim(parseRimElement(xml)).patientId).to.deep.equal({ id: '13116900216', assigningAuthority: '' });
  });

  it('reports a second classCode, a second creationTime value and a non-numeric size', () => {
    const code = (c: string): string => `<rim:Classification id="c${c}" classificationScheme="${SCHEME.documentEntry.classCode}" classifiedObject="Document01" nodeRepresentation="${c}">${slot('codingScheme', 'x')}</rim:Classification>`;
    const issues: Issue[] = [];
    const e = documentEntryFromEbrim(parseRimElement(extrinsic(slot('creationTime', '2024', '2025') + slot('size', '12kB') + code('A') + code('B'))), issues);
    expect(ids(issues)).to.have.members(['MULTIPLE_VALUES', 'MULTIPLE_VALUES', 'BAD_SIZE']);
    expect(e.classCode?.code).to.equal('A');
    expect(e.size).to.equal(undefined);
  });

  it('reports a repeated slot name and a value longer than 256 characters', () => {
    const issues: Issue[] = [];
    documentEntryFromEbrim(parseRimElement(extrinsic(slot('languageCode', 'nb-NO') + slot('languageCode', 'en') + slot('title', 'x'.repeat(257)))), issues);
    expect(ids(issues)).to.deep.equal(['DUPLICATE_SLOT', 'SLOT_VALUE_TOO_LONG']);
    expect(issues[0]).to.include({ code: 'XDSRegistryMetadataError', location: 'Document01' });
  });

  it('reports an unknown or missing objectType and an unknown status', () => {
    const issues: Issue[] = [];
    documentEntryFromEbrim(parseRimElement(extrinsic('', 'objectType="urn:uuid:00000000-0000-0000-0000-000000000000" status="urn:x:Approved"')), issues);
    documentEntryFromEbrim(parseRimElement(extrinsic('', '')), issues);
    expect(ids(issues)).to.deep.equal(['UNKNOWN_OBJECT_TYPE', 'BAD_STATUS', 'MISSING_ATTRIBUTE']);
  });

  it('reads a code without codingScheme slot as an empty scheme for the rules to reject', () => {
    const xml = extrinsic(`<rim:Classification id="c" classificationScheme="${SCHEME.documentEntry.typeCode}" classifiedObject="Document01" nodeRepresentation="A03-2"/>`);
    expect(documentEntryFromEbrim(parseRimElement(xml)).typeCode).to.deep.equal({ code: 'A03-2', codingScheme: '' });
  });
});
