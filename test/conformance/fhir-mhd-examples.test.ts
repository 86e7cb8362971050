/**
 * The MHD 4.2.3 IG's own example resources (generated from its FSH by the validator build) read
 * through the FHIR codec and the mapping: every DocumentReference, SubmissionSet and Folder List
 * and Binary, standalone and inside the transaction and searchset Bundles, is accepted, or
 * refused for the reason the IG implies. Literal Patient references are resolved as a Document
 * Recipient would after a PIXm/PDQm lookup; without that they are refused.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cx } from '../../src/domain/datatypes.js';
import { documentFromBinary } from '../../src/formats/fhir/binary.js';
import { hasFhirErrors, type Decoded, type FhirIssue } from '../../src/formats/fhir/decode-issues.js';
import { documentEntryFromFhir } from '../../src/formats/fhir/document-reference.js';
import { FhirFormatError } from '../../src/formats/fhir/fhir-format-error.js';
import { parseFhirJson } from '../../src/formats/fhir/fhir-json.js';
import { serializeFhirXml } from '../../src/formats/fhir/fhir-xml-write.js';
import { parseFhirXml } from '../../src/formats/fhir/fhir-xml.js';
import { folderFromFhir } from '../../src/formats/fhir/folder-list.js';
import type { FhirMappingOptions } from '../../src/formats/fhir/mapping-options.js';
import { MHD_LIST_TYPES } from '../../src/formats/fhir/mhd-vocabulary.js';
import type { Binary, Bundle, DocumentReference, List, Resource } from '../../src/formats/fhir/resources.js';
import { submissionSetFromFhir } from '../../src/formats/fhir/submission-set-list.js';
import { FHIR_VALIDATOR_BUILD_TIMEOUT_MS, mhdExamplesDir, requireFhirValidator } from '../support/fhir-validator.js';
import { sharedPath } from '../support/shared.js';

const LOOKED_UP: Cx = { id: '13116900216', assigningAuthority: '2.16.578.1.12.4.1.4.1' };

/** Examples the IG itself does not mean as MHD Document Sharing resources, and why they are refused. */
const REFUSED: Readonly<Record<string, RegExp>> = {
  'DocumentReference-ex-documentreference.json': /masterIdentifier/, // a bare core DocumentReference, target of relatesTo
  'DocumentReference-ex-documentreference2.json': /masterIdentifier/,
  'DocumentReference-ex-DocumentReferenceSimplifiedPublish.json': /Binary, not inline/, // ITI-105: document inline, no entryUUID
  'List-ex-list.json': /List.code is missing/, // a bare core List
  'Bundle-ex-dummyBundleDocAndBinary.json entry[0]': /masterIdentifier/, // marked in its FSH as a DocumentReference without the MHD profile
};

interface Case { readonly name: string; readonly resource: Resource; readonly fullUrl?: string }

/** Files the codec refuses as not-supported, with the message. */
const notRead = new Map<string, string>();

function parseExample(file: string): Resource | undefined {
  try {
    return parseFhirJson(readFileSync(path.join(mhdExamplesDir(), file), 'utf8'));
  } catch (e) {
    if (!(e instanceof FhirFormatError) || e.issueType !== 'not-supported') throw e;
    notRead.set(file, e.message);
    return undefined;
  }
}

function examples(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(mhdExamplesDir()).filter((f) => f.endsWith('.json')).sort()) {
    const resource = parseExample(file);
    if (!resource) continue;
    if (resource.resourceType !== 'Bundle') { cases.push({ name: file, resource }); continue; }
    const bundle = resource as Bundle;
    if (bundle.type !== 'transaction' && bundle.type !== 'searchset') continue;
    (bundle.entry ?? []).forEach((e, i) => {
      if (e.resource) cases.push({ name: `${file} entry[${i}]`, resource: e.resource, ...(e.fullUrl ? { fullUrl: e.fullUrl } : {}) });
    });
  }
  return cases;
}

function decode(c: Case, options: FhirMappingOptions): Decoded<unknown> | undefined {
  const entryUuid = c.fullUrl?.startsWith('urn:uuid:') ? { entryUuid: c.fullUrl } : {};
  if (c.resource.resourceType === 'DocumentReference') return documentEntryFromFhir(c.resource as DocumentReference, { ...options, ...entryUuid });
  if (c.resource.resourceType !== 'List') return undefined;
  const list = c.resource as List;
  const kind = list.code?.coding?.find((x) => x.system === MHD_LIST_TYPES)?.code;
  return kind === 'folder' ? folderFromFhir(list, { ...options, ...entryUuid }) : submissionSetFromFhir(list, { ...options, ...entryUuid });
}

const errorsOf = (issues: readonly FhirIssue[]): string => issues.filter((i) => i.severity === 'error').map((i) => `${i.expression}: ${i.diagnostics}`).join('; ');

describe('the MHD IG examples read by the FHIR mapping', function () {
  let cases: Case[] = [];
  before(async function () {
    this.timeout(FHIR_VALIDATOR_BUILD_TIMEOUT_MS);
    await requireFhirValidator(this);
    cases = examples();
  });

  it('accepts every DocumentReference and List example, or refuses it for the reason the IG implies', () => {
    const resolvePatient = (): Cx => LOOKED_UP;
    let read = 0;
    for (const c of cases) {
      const decoded = decode(c, { resolvePatient });
      if (!decoded) continue;
      read++;
      const reason = REFUSED[c.name];
      if (reason) expect(errorsOf(decoded.issues), c.name).to.match(reason);
      else expect(errorsOf(decoded.issues), c.name).to.equal('');
    }
    expect(read).to.be.greaterThan(25);
  });

  it('parses every example the gateway reads, and refuses only resource types outside MHD Document Sharing', () => {
    expect(cases.length).to.be.greaterThan(40);
    expect(notRead.size).to.be.greaterThan(0);
    for (const [file, message] of notRead) {
      expect(message, file).to.match(/resource type (AuditEvent|Device|Encounter|Composition|Observation|MedicationRequest|MedicationStatement|AllergyIntolerance) is not one/);
    }
  });

  it('writes every example it reads as FHIR XML and reads it back the same', () => {
    const files = readdirSync(mhdExamplesDir()).filter((f) => f.endsWith('.json') && !notRead.has(f));
    expect(files.length).to.be.greaterThan(30);
    for (const file of files) {
      const resource = parseFhirJson(readFileSync(path.join(mhdExamplesDir(), file), 'utf8'));
      expect(parseFhirXml(serializeFhirXml(resource)), file).to.deep.equal(resource);
    }
  });

  it('reads the validator\'s XML cases the same as their JSON twins', () => {
    const dir = sharedPath('tools', 'fhir-validator', 'tests', 'broken');
    for (const [xml, json] of [['good-comprehensive-providebundle.xml', 'good-comprehensive-providebundle.json'], ['12-docref-comprehensive-no-subject.xml', '01-docref-comprehensive-no-subject.json']]) {
      expect(parseFhirXml(readFileSync(path.join(dir, xml!), 'utf8')), xml).to.deep.equal(parseFhirJson(readFileSync(path.join(dir, json!), 'utf8')));
    }
  });

  it('refuses the validator\'s broken cases that concern Document Sharing metadata, at the element the validator names', () => {
    const dir = sharedPath('tools', 'fhir-validator', 'tests', 'broken');
    const cases: readonly [string, 'doc' | 'ss' | 'folder', string][] = [
      ['04-folder-code-submissionset.json', 'folder', 'List.code'],
      ['05-docref-minimal-no-masteridentifier.json', 'doc', 'DocumentReference.masterIdentifier'],
      ['06-docref-inline-data.json', 'doc', 'DocumentReference.content[0].attachment.data'],
      ['09-docref-status-entered-in-error.json', 'doc', 'DocumentReference.status'],
      ['10-submissionset-bad-date.json', 'ss', 'List.date'],
    ];
    const options = { resolvePatient: (): Cx => LOOKED_UP };
    for (const [file, kind, expression] of cases) {
      const resource = parseFhirJson(readFileSync(path.join(dir, file), 'utf8'));
      const decoded = kind === 'doc' ? documentEntryFromFhir(resource as DocumentReference, options)
        : kind === 'ss' ? submissionSetFromFhir(resource as List, options) : folderFromFhir(resource as List, options);
      expect(decoded.issues.filter((i) => i.severity === 'error').map((i) => i.expression), file).to.include(expression);
    }
  });

  it('refuses a literal Patient reference that cannot be resolved to a patient identifier', () => {
    const c = cases.find((x) => x.name === 'DocumentReference-ex-DocumentReferenceComprehensive.json');
    const decoded = decode(c!, {});
    expect(decoded?.issues.map((i) => [i.severity, i.expression])).to.deep.include(['error', 'DocumentReference.subject']);
  });

  it('reads the Comprehensive example fully, and its hash in the IG\'s base64-of-hex form with a warning', () => {
    const c = cases.find((x) => x.name === 'DocumentReference-ex-DocumentReferenceComprehensive.json');
    const { value, issues } = documentEntryFromFhir(c!.resource as DocumentReference, { resolvePatient: () => LOOKED_UP });
    expect(value).to.include({
      uniqueId: '1.2.840.113556.1.8000.2554.58783.21864.3474.19410.44358.58254.41281.46340',
      entryUuid: 'urn:uuid:0c287d32-01e3-4d87-9953-9fcc9404eb21', availabilityStatus: 'Approved',
      hash: '8a38f2633006fd535149c44a3a73f312437b3478', size: 190, languageCode: 'en', mimeType: 'text/plain',
      creationTime: '20210101045050', serviceStartTime: '20210101045050',
    });
    expect(value.typeCode).to.deep.equal({ code: '55107-7', codingScheme: '2.16.840.1.113883.6.1' });
    expect(value.formatCode).to.deep.equal({ code: 'urn:ihe:iti:xds-sd:text:2008', codingScheme: '1.3.6.1.4.1.19376.1.2.3' });
    expect(value.authors).to.deep.equal([{ institutions: [], roles: [], specialties: [], telecommunications: ['^^Internet^JohnMoehrke@gmail.com'] }]);
    // a related identifier that is not CXi-shaped (no urn:oid: assigning authority) is kept whole
    expect(value.referenceIdList).to.deep.equal(['urn:oid:1.2.840.113556.1.8000.2554.17917.46600.21181.17878.33419.62048.57128.2759']);
    expect(issues.map((i) => [i.severity, i.expression])).to.deep.equal([['warning', 'DocumentReference.content[0].attachment.hash']]);
  });

  it('reads the Binary examples, whose bytes match the hash and size their DocumentReference declares', () => {
    const binary = cases.find((x) => x.name === 'Binary-ex-b-binary.json')!.resource as Binary;
    const doc = documentFromBinary(binary, 1024);
    expect(Buffer.from(doc.bytes!).toString()).to.equal('Hello World');
    const withBinary = cases.find((x) => x.name === 'DocumentReference-ex-DocumentReferenceComprehensiveWithBinary.json')!;
    const entry = documentEntryFromFhir(withBinary.resource as DocumentReference, { resolvePatient: () => LOOKED_UP }).value;
    expect([entry.hash, entry.size]).to.deep.equal([doc.sha1, doc.size]);
    for (const c of cases.filter((x) => x.resource.resourceType === 'Binary')) expect(documentFromBinary(c.resource as Binary, 1 << 20).size, c.name).to.be.greaterThan(0);
  });

  it('reads the SubmissionSet and Folder examples with their extensions', () => {
    const ss = cases.find((x) => x.name === 'List-ex-compSubmissionSetFull.json')!;
    const s = submissionSetFromFhir(ss.resource as List, { resolvePatient: () => LOOKED_UP });
    expect(s.value).to.include({ sourceId: '1.2.3.4', submissionTime: '20041226045050', entryUuid: 'urn:uuid:2158bc9d-3d34-4503-9253-1e0383f828ff' });
    expect(s.value.contentTypeCode).to.deep.equal({ code: '225728007', codingScheme: '2.16.840.1.113883.6.96' });
    expect(s.value.authors).to.have.length(1);
    const folder = folderFromFhir(cases.find((x) => x.name === 'List-ex-compFolder.json')!.resource as List, { resolvePatient: () => LOOKED_UP });
    expect(folder.value.codeList.map((c) => c.code)).to.deep.equal(['225728007', '284548004']);
    expect(hasFhirErrors(folder.issues)).to.equal(false);
  });
});
