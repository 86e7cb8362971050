import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CodeSystemNaming, DEFAULT_CODE_SYSTEM_NAMING, WELL_KNOWN_CODE_SYSTEMS, type CodeSystemName } from '../../../../src/formats/fhir/code-systems.js';
import { PROJECT_ROOT } from '../../../support/shared.js';

const catalogue = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'metadata-codes', 'code-systems.json'), 'utf8')) as { systems: CodeSystemName[] }).systems;

describe('FHIR code-system naming', () => {
  const naming = new CodeSystemNaming([...WELL_KNOWN_CODE_SYSTEMS, ...catalogue]);

  const written: readonly [string, string][] = [
    ['2.16.578.1.12.4.1.1.9603', 'urn:oid:2.16.578.1.12.4.1.1.9603'],
    ['2.16.578.1.12.4.1.1.9602', 'urn:oid:2.16.578.1.12.4.1.1.9602'],
    ['2.16.840.1.113883.5.25', 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality'],
    ['1.3.6.1.4.1.19376.1.2.3', 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode'],
    ['2.16.840.1.113883.6.1', 'http://loinc.org'],
    ['1.2.3.4', 'urn:oid:1.2.3.4'],
  ];
  const read: readonly [string, string][] = [
    ['http://helsedir.no/fhir/CodeSystem/no-kodeverk-9603', '2.16.578.1.12.4.1.1.9603'],
    ['urn:oid:2.16.578.1.12.4.1.1.9603', '2.16.578.1.12.4.1.1.9603'],
    ['http://profiles.ihe.net/fhir/ihe.formatcode.fhir/CodeSystem-formatcode', '1.3.6.1.4.1.19376.1.2.3'],
    ['http://snomed.info/sct', '2.16.840.1.113883.6.96'],
    ['http://example.org/codes', 'http://example.org/codes'],
    ['urn:oid:not-an-oid', 'urn:oid:not-an-oid'],
  ];

  it('writes Norwegian Volven systems as urn:oid: and international ones by their FHIR URI', () => {
    expect(written.map(([oid]) => naming.toFhirSystem(oid))).to.deep.equal(written.map(([, uri]) => uri));
  });

  it('reads every spelling the catalogue knows back to the OID, and keeps unknown URIs as they are', () => {
    expect(read.map(([uri]) => naming.fromFhirSystem(uri))).to.deep.equal(read.map(([, oid]) => oid));
    expect(DEFAULT_CODE_SYSTEM_NAMING.fromFhirSystem('http://loinc.org')).to.equal('2.16.840.1.113883.6.1');
  });
});
