import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCodeCatalog, readCodeCatalog } from '../../../src/codes/code-catalog.js';

const V9602 = '2.16.578.1.12.4.1.1.9602';

describe('CodeCatalog', () => {
  const norway = loadCodeCatalog('');

  it('looks codes up by code-system OID and code', () => {
    expect(norway.lookup(V9602, 'A03-2')).to.include({ code: 'A03-2', display: 'Epikrise' });
    expect(norway.lookup('2.16.578.1.12.4.1.1.9603', 'NORS')).to.include({ display: 'Sperret' });
    expect(norway.lookup(V9602, 'A99-2')).to.equal(undefined);
  });

  it('knows the 9602 hierarchy: each type code sits under the class with its letter', () => {
    expect(norway.parentOf(V9602, 'A03-2')).to.equal('A00-1');
    expect(norway.parentOf(V9602, 'I01-2')).to.equal('I00-1');
    expect(norway.parentOf(V9602, 'A00-1')).to.equal(undefined);
  });

  it('maps urn:oid: and FHIR URIs to the canonical OID', () => {
    expect(norway.canonicalSystem(`urn:oid:${V9602}`)).to.equal(V9602);
    expect(norway.canonicalSystem('http://helsedir.no/fhir/CodeSystem/no-kodeverk-9603')).to.equal('2.16.578.1.12.4.1.1.9603');
    expect(norway.systemInfo('2.16.578.1.12.4.1.1.9060')).to.include({ uri: 'http://ehelse.no/fhir/CodeSystem/no-kodeverk-9060', completeness: 'complete' });
  });

  it('keeps classCode and typeCode apart although both come from 9602', () => {
    expect(norway.check('classCode', { code: 'A03-2', codingScheme: V9602 }).result).to.equal('unknown-code');
    expect(norway.check('typeCode', { code: 'A03-2', codingScheme: V9602 }).result).to.equal('ok');
  });

  it('binds practiceSettingCode to all five Volven systems the profile names', () => {
    expect([...norway.acceptedSystems('practiceSettingCode')].sort()).to.deep.equal(
      ['8651', '8653', '8654', '8655', '8663'].map((n) => `2.16.578.1.12.4.1.1.${n}`));
  });

  it('says when an attribute has no value set, so nothing is checked', () => {
    expect(norway.check('contentTypeCode', { code: 'x', codingScheme: 'y' }).result).to.equal('no-value-set');
  });

  it('reads the hand-maintained lists of media types and languages', () => {
    expect(norway.valueList('languageCode')).to.include('nb-NO');
    expect(norway.mimeTypesForFormat('urn:no:ehelse:document:pdf')).to.deep.equal(['application/pdf']);
    expect(norway.mimeTypesForFormat('urn:ihe:iti:xds:2017:mimeTypeSufficient')).to.equal(undefined);
  });

  it('loads the ihe-generic lists from their own folder', () => {
    const generic = loadCodeCatalog('ihe-generic');
    expect(generic.check('classCode', { code: 'DEMO-Consult', codingScheme: '1.3.6.1.4.1.21367.100.1' }).result).to.equal('ok');
    expect(generic.hasValueSet('classCode') && !generic.hasValueSet('authorRole')).to.equal(true);
  });

  it('reads a list change as data: a code added to a file is known after reloading', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'codes-'));
    writeFileSync(path.join(dir, 'code-systems.json'), JSON.stringify({ description: '', systems: [{ oid: '1.2.3', name: 'Test', completeness: 'partial' }] }));
    writeFileSync(path.join(dir, 'classCode.json'), JSON.stringify({ attribute: 'classCode', description: '', parts: [{ system: '1.2.3', codes: [{ code: 'NEW' }] }] }));
    expect(readCodeCatalog(dir).check('classCode', { code: 'NEW', codingScheme: '1.2.3' }).result).to.equal('ok');
  });

  it('refuses a malformed file and names it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'codes-'));
    writeFileSync(path.join(dir, 'classCode.json'), JSON.stringify({ attribute: 'classCode', parts: [{ codes: [] }] }));
    expect(() => readCodeCatalog(dir)).to.throw(/metadata-codes\/classCode\.json/);
  });
});
