/**
 * Every resource the FHIR mapping writes is checked by the independent validator
 * (../shared/tools/fhir-validator: HAPI FHIR with the MHD 4.2.3 profiles) against FHIR R4 and the
 * MHD profile it declares: Comprehensive and Minimal DocumentReference, SubmissionSet and Folder
 * Lists, a Binary, and the searchset and transaction-response Bundles, each as JSON and as the XML the codec writes. A deliberately broken DocumentReference in the same run must be refused,
 * so the check is seen to bite.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binaryFromDocument } from '../../src/formats/fhir/binary.js';
import { documentEntryToFhir } from '../../src/formats/fhir/document-reference.js';
import { folderToFhir } from '../../src/formats/fhir/folder-list.js';
import { relatesToFromAssociations } from '../../src/formats/fhir/association.js';
import { serializeFhirJson } from '../../src/formats/fhir/fhir-json.js';
import { serializeFhirXml } from '../../src/formats/fhir/fhir-xml-write.js';
import { searchsetBundle, transactionResponseBundle } from '../../src/formats/fhir/bundles.js';
import type { Bundle, Resource } from '../../src/formats/fhir/resources.js';
import { submissionSetToFhir } from '../../src/formats/fhir/submission-set-list.js';
import { aDocumentEntry, DEFAULT_DOCUMENT_TEXT, freshUuid } from '../support/builders.js';
import { aFullDocumentEntry, aFullFolder, aFullSubmissionSet, aRelationship, FHIR_OPTIONS } from '../support/fhir-samples.js';
import { FHIR_VALIDATOR_BUILD_TIMEOUT_MS, requireFhirValidator, validateFhir } from '../support/fhir-validator.js';

const ref = (type: string) => (uuid: string) => ({ reference: `${type}/${uuid.slice(9)}` });

/** The resources the mapping produces, by file name. */
function mappedResources(): Record<string, Resource> {
  const entry = aFullDocumentEntry();
  const relatesTo = relatesToFromAssociations(entry.entryUuid, [aRelationship('XFRM_RPLC', entry.entryUuid, freshUuid())], ref('DocumentReference'));
  const minimalEntry = aDocumentEntry({ limitedMetadata: true, authors: [], sourcePatientInfo: [], confidentialityCodes: [] });
  const members = [{ item: ref('DocumentReference')(entry.entryUuid) }];
  const comprehensive = documentEntryToFhir(entry, { ...FHIR_OPTIONS, id: entry.entryUuid.slice(9), relatesTo });
  const { subject: _s, ...noSubject } = comprehensive;
  const ss = submissionSetToFhir(aFullSubmissionSet(), { ...FHIR_OPTIONS, id: 'ss1', entries: members });
  const folder = folderToFhir(aFullFolder(), { ...FHIR_OPTIONS, id: 'f1', entries: members });
  const search = { base: 'http://127.0.0.1:8080/fhir', selfUrl: 'http://127.0.0.1:8080/fhir/DocumentReference?patient.identifier=x&status=current' };
  const profiled = (b: Bundle, profile: string): Bundle => ({ ...b, meta: { profile: [`https://profiles.ihe.net/ITI/MHD/StructureDefinition/${profile}`] } });
  return {
    'bundle-find-document-references.json': profiled(searchsetBundle([comprehensive], search), 'IHE.MHD.FindDocumentReferencesComprehensiveResponseMessage'),
    'bundle-find-document-lists.json': profiled(searchsetBundle([ss, folder], { ...search, selfUrl: `${search.base}/List?patient.identifier=x&status=current` }),
      'IHE.MHD.FindDocumentListsResponseMessage'),
    'bundle-provide-response.json': profiled(transactionResponseBundle([
      { status: '201 Created', location: 'List/ss1', etag: 'W/"1"', lastModified: '2024-03-04T12:10:00Z' },
      { status: '201 Created', location: `DocumentReference/${entry.entryUuid.slice(9)}` },
    ]), 'IHE.MHD.ProvideDocumentBundleResponse'),
    'docref-comprehensive.json': comprehensive,
    'docref-minimal.json': documentEntryToFhir(minimalEntry, FHIR_OPTIONS),
    'list-submissionset-comprehensive.json': submissionSetToFhir(aFullSubmissionSet(), { ...FHIR_OPTIONS, entries: members }),
    'list-submissionset-minimal.json': submissionSetToFhir(aFullSubmissionSet({ limitedMetadata: true, authors: [], patientId: undefined as never }), FHIR_OPTIONS),
    'list-folder-comprehensive.json': folderToFhir(aFullFolder(), { ...FHIR_OPTIONS, entries: members }),
    'list-folder-minimal.json': folderToFhir(aFullFolder({ limitedMetadata: true, codeList: [] }), { ...FHIR_OPTIONS, entries: members }),
    'binary.json': binaryFromDocument(new TextEncoder().encode(DEFAULT_DOCUMENT_TEXT), 'text/plain'),
    'broken-docref-comprehensive-without-subject.json': noSubject,
  };
}

describe('FHIR mapping output checked by the independent MHD validator', function () {
  let dir = '';
  before(async function () {
    this.timeout(FHIR_VALIDATOR_BUILD_TIMEOUT_MS);
    await requireFhirValidator(this);
    dir = mkdtempSync(path.join(tmpdir(), 'fhir-mapping-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('finds no error in any resource the mapping writes, and refuses the broken control', async function () {
    this.timeout(FHIR_VALIDATOR_BUILD_TIMEOUT_MS);
    const files = mappedResources();
    for (const [name, resource] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), serializeFhirJson(resource));
      if (!name.startsWith('broken-')) writeFileSync(path.join(dir, name.replace(/json$/, 'xml')), serializeFhirXml(resource));
    }
    const result = await validateFhir([dir]);
    const names = Object.keys(files).flatMap((n) => (n.startsWith('broken-') ? [n] : [n, n.replace(/json$/, 'xml')]));
    for (const name of names) {
      const expected = name.startsWith('broken-') ? 'INVALID' : 'VALID';
      expect(result.verdicts.get(path.join(dir, name)), `${name}\n${result.report}`).to.equal(expected);
    }
    expect(result.status, result.report).to.equal(1);
    expect(result.report).to.match(/DocumentReference\.subject: minimum required = 1/);
  });
});
