import { expect } from 'chai';
import type { DocumentEntry } from '../../../../src/domain/document-entry.js';
import type { Folder } from '../../../../src/domain/folder.js';
import type { SubmissionSet } from '../../../../src/domain/submission-set.js';
import {
  associationsFromListEntries, associationsFromRelatesTo, listEntriesFromAssociations, relatesToFromAssociations,
} from '../../../../src/formats/fhir/association.js';
import { hasFhirErrors } from '../../../../src/formats/fhir/decode-issues.js';
import { documentEntryFromFhir, documentEntryToFhir } from '../../../../src/formats/fhir/document-reference.js';
import { folderFromFhir, folderToFhir } from '../../../../src/formats/fhir/folder-list.js';
import { submissionSetFromFhir, submissionSetToFhir } from '../../../../src/formats/fhir/submission-set-list.js';
import { CODES, DOCTOR, freshUuid, LEGAL_ENTITY } from '../../../support/builders.js';
import { aFullDocumentEntry, aFullFolder, aFullSubmissionSet, aRelationship, FHIR_OPTIONS } from '../../../support/fhir-samples.js';

const entryTrip = (e: DocumentEntry): DocumentEntry => {
  const back = documentEntryFromFhir(documentEntryToFhir(e, FHIR_OPTIONS), FHIR_OPTIONS);
  expect(back.issues, JSON.stringify(back.issues)).to.deep.equal([]);
  return back.value;
};
const ssTrip = (s: SubmissionSet): SubmissionSet => {
  const back = submissionSetFromFhir(submissionSetToFhir(s, FHIR_OPTIONS), FHIR_OPTIONS);
  expect(back.issues, JSON.stringify(back.issues)).to.deep.equal([]);
  return back.value;
};
const folderTrip = (f: Folder): Folder => {
  const back = folderFromFhir(folderToFhir(f, FHIR_OPTIONS), FHIR_OPTIONS);
  expect(back.issues, JSON.stringify(back.issues)).to.deep.equal([]);
  return back.value;
};

/**
 * Every attribute of each domain type, with a second value for the mapped ones. The mapped
 * attributes are walked one by one: the other value must change the FHIR and come back.
 * Unmapped attributes say why: MHD has no home for them.
 */
const ENTRY_MAPPED: { [K in keyof DocumentEntry]?: DocumentEntry[K] } = {
  entryUuid: freshUuid(), uniqueId: '2.25.1234^ext-77', availabilityStatus: 'Deprecated', homeCommunityId: 'urn:oid:1.2.3.99',
  patientId: { id: '01017012343', assigningAuthority: '2.16.578.1.12.4.1.4.1' },
  sourcePatientId: { id: 'L-778', assigningAuthority: '2.16.578.1.12.4.5.100.9' },
  sourcePatientInfo: ['PID-3|L-778^^^&2.16.578.1.12.4.5.100.9&ISO', 'PID-5|Hansen^Ola^^jr^Dr', 'PID-5|Hansen', 'PID-7|19800102123005', 'PID-8|M'],
  classCode: CODES.folderCode, typeCode: { code: '11488-4', codingScheme: '2.16.840.1.113883.6.1', displayName: 'Consult note' },
  formatCode: { code: 'urn:no:ehelse:document:pdf', codingScheme: '2.16.578.1.12.4.1.1.8116' },
  healthcareFacilityTypeCode: { code: '82242000', codingScheme: '2.16.840.1.113883.6.96' },
  practiceSettingCode: { code: '1', codingScheme: '2.16.578.1.12.4.1.1.8655', displayName: 'x' },
  confidentialityCodes: [{ code: 'NORS', codingScheme: '2.16.578.1.12.4.1.1.9603' }],
  eventCodeList: [], creationTime: '2024', serviceStartTime: '202403', serviceStopTime: '20240305',
  languageCode: 'nn-NO', mimeType: 'application/pdf', hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', size: 0,
  repositoryUniqueId: '2.16.578.1.12.4.5.100.1.2', title: 'Annen tittel', comments: 'Andre kommentarer',
  authors: [{ person: DOCTOR, institutions: [], roles: ['free text role'], specialties: [], telecommunications: ['+47 12345678'] }],
  legalAuthenticator: { familyName: 'Sjef', givenName: 'Siri' },
  referenceIdList: ['A-1^^^&1.2.3&ISO^urn:ihe:iti:xds:2015:encounterId^FAC'],
  limitedMetadata: true,
};
const ENTRY_UNMAPPED = ['objectType', 'logicalId', 'version', 'documentAvailability', 'extraMetadata', 'uri'] as const;

const SS_MAPPED: { [K in keyof SubmissionSet]?: SubmissionSet[K] } = {
  entryUuid: freshUuid(), uniqueId: '2.25.99', sourceId: '1.2.3.4', patientId: { id: 'x1', assigningAuthority: '1.2.3' },
  submissionTime: '20200101', contentTypeCode: CODES.typeCode,
  authors: [{ institutions: [LEGAL_ENTITY], roles: [], specialties: [], telecommunications: [] }],
  intendedRecipients: [{ organization: LEGAL_ENTITY, telecommunication: '^^Internet^a@b.no' }],
  title: 'T', comments: 'C', limitedMetadata: true,
};
const SS_UNMAPPED = ['availabilityStatus', 'homeCommunityId', 'extraMetadata'] as const;

const FOLDER_MAPPED: { [K in keyof Folder]?: Folder[K] } = {
  entryUuid: freshUuid(), uniqueId: '2.25.98', patientId: { id: 'x2', assigningAuthority: '1.2.3' }, title: 'T2', comments: 'C2',
  codeList: [CODES.typeCode], lastUpdateTime: '20250101120000', availabilityStatus: 'Deprecated', limitedMetadata: true,
};
const FOLDER_UNMAPPED = ['logicalId', 'version', 'homeCommunityId', 'extraMetadata'] as const;

function walk<T extends object>(full: T, mapped: Partial<T>, unmapped: readonly string[], trip: (t: T) => T, toFhir: (t: T) => unknown): void {
  it('the fully populated object sets every mapped attribute, and every attribute is classified', () => {
    for (const k of Object.keys(mapped)) expect(full, k).to.have.property(k);
    for (const k of Object.keys(full)) expect([...Object.keys(mapped), ...unmapped], k).to.include(k);
  });
  it('comes back equal from FHIR (domain -> FHIR -> domain)', () => {
    expect(trip(full)).to.deep.equal(full);
  });
  for (const [k, other] of Object.entries(mapped)) {
    it(`carries ${k}: another value changes the FHIR and comes back`, () => {
      const changed = { ...full, [k]: other } as T;
      expect(JSON.stringify(toFhir(changed))).to.not.equal(JSON.stringify(toFhir(full)));
      expect((trip(changed) as Record<string, unknown>)[k]).to.deep.equal(other);
    });
  }
}

describe('FHIR mapping: DocumentEntry <-> DocumentReference', () => {
  walk(aFullDocumentEntry(), ENTRY_MAPPED, ENTRY_UNMAPPED, entryTrip, (e) => documentEntryToFhir(e, FHIR_OPTIONS));

  it('keeps a URI (no repository) in attachment.url', () => {
    const { repositoryUniqueId: _r, homeCommunityId: _h, ...e } = aFullDocumentEntry({ uri: 'https://example.no/doc.pdf' });
    expect(documentEntryToFhir(e, FHIR_OPTIONS).content[0]?.attachment.url).to.equal('https://example.no/doc.pdf');
    expect(entryTrip(e)).to.deep.equal(e);
  });

  it('writes identifiers, status, hash and dates as MHD asks', () => {
    const e = aFullDocumentEntry({ uniqueId: '1.2.3.4', hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', creationTime: '20240304101500' });
    const doc = documentEntryToFhir(e, FHIR_OPTIONS);
    expect(doc.masterIdentifier).to.deep.equal({ use: 'usual', system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3.4' });
    expect(doc.identifier).to.deep.equal([{ use: 'official', system: 'urn:ietf:rfc:3986', value: e.entryUuid }]);
    expect(doc.status).to.equal('current');
    expect(doc.content[0]?.attachment.hash).to.equal('2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
    expect(doc.content[0]?.attachment.creation).to.equal('2024-03-04T10:15:00Z');
    expect(doc.subject?.identifier).to.deep.equal({ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: '13116900216' });
    expect(doc.category?.[0]?.coding?.[0]?.system).to.equal('urn:oid:2.16.578.1.12.4.1.1.9602');
    expect(doc.securityLabel?.map((c) => c.coding?.[0]?.system)).to.deep.equal([
      'urn:oid:2.16.578.1.12.4.1.1.9603', 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
    ]);
    expect(doc.contained?.map((r) => r.resourceType)).to.include.members(['Practitioner', 'Organization', 'PractitionerRole', 'Patient']);
  });

  it('reads a dateTime with an offset as UTC and keeps its precision', () => {
    const doc = documentEntryToFhir(aFullDocumentEntry(), FHIR_OPTIONS);
    const attachment = { ...doc.content[0]!.attachment, creation: '2020-12-31T23:50:50-05:00' };
    const period = { start: '2020-12', end: '2021' };
    const back = documentEntryFromFhir({ ...doc, content: [{ attachment }], context: { ...doc.context, period } }, FHIR_OPTIONS).value;
    expect([back.creationTime, back.serviceStartTime, back.serviceStopTime]).to.deep.equal(['20210101045050', '202012', '2021']);
  });

  it('refuses what has no Document Sharing meaning, naming the element', () => {
    const doc = documentEntryToFhir(aFullDocumentEntry(), FHIR_OPTIONS);
    const bad = documentEntryFromFhir({
      ...doc, status: 'entered-in-error', identifier: [], subject: { reference: 'Patient/unknown' },
      content: [{ attachment: { ...doc.content[0]!.attachment, data: 'AA==', hash: 'not a hash', creation: '2024-13-45' } }],
    }, FHIR_OPTIONS);
    expect(hasFhirErrors(bad.issues)).to.equal(true);
    expect(bad.issues.map((i) => i.expression)).to.include.members([
      'DocumentReference.status', 'DocumentReference.identifier', 'DocumentReference.subject',
      'DocumentReference.content[0].attachment.data', 'DocumentReference.content[0].attachment.hash',
      'DocumentReference.content[0].attachment.creation',
    ]);
  });

  it('refuses an author whose organisation chain loops, in bounded time', () => {
    const doc = documentEntryToFhir(aFullDocumentEntry(), FHIR_OPTIONS);
    const contained = [
      { resourceType: 'Organization' as const, id: 'o1', name: 'A', partOf: { reference: '#o2' } },
      { resourceType: 'Organization' as const, id: 'o2', name: 'B', partOf: { reference: '#o1' } },
      { resourceType: 'PractitionerRole' as const, id: 'r', organization: { reference: '#o1' } },
    ];
    const r = documentEntryFromFhir({ ...doc, contained, author: [{ reference: '#r' }] }, FHIR_OPTIONS);
    expect(r.issues.map((i) => [i.severity, i.expression])).to.deep.include(['error', 'DocumentReference.author[0].organization']);
  });

  it('maps relationship associations to relatesTo and back, XFRM_RPLC included', () => {
    const source = freshUuid();
    const targets = [freshUuid(), freshUuid(), freshUuid(), freshUuid(), freshUuid()];
    const types = ['RPLC', 'XFRM', 'APND', 'signs', 'XFRM_RPLC'] as const;
    const assocs = types.map((t, i) => aRelationship(t, source, targets[i]!));
    const relatesTo = relatesToFromAssociations(source, [...assocs, aRelationship('HasMember', source, targets[0]!)], (u) => ({ reference: `DocumentReference/${u.slice(9)}` }));
    expect(relatesTo.map((r) => r.code)).to.deep.equal(['replaces', 'transforms', 'appends', 'signs', 'replaces', 'transforms']);
    const back = associationsFromRelatesTo(source, relatesTo, (r) => `urn:uuid:${r.reference!.slice(18)}`, freshUuid);
    expect(back.unresolved).to.deep.equal([]);
    expect(back.associations.map((a) => [a.type, a.sourceUuid, a.targetUuid])).to.deep.equal(types.map((t, i) => [t, source, targets[i]]));
  });
});

describe('FHIR mapping: SubmissionSet <-> List (submissionset)', () => {
  walk(aFullSubmissionSet(), SS_MAPPED, SS_UNMAPPED, ssTrip, (s) => submissionSetToFhir(s, FHIR_OPTIONS));

  it('maps HasMember associations to List entries and back', () => {
    const ss = aFullSubmissionSet();
    const members = [freshUuid(), freshUuid()];
    const assocs = members.map((m) => aRelationship('HasMember', ss.entryUuid, m));
    const entries = listEntriesFromAssociations(ss.entryUuid, assocs, (u) => ({ reference: u }));
    const list = submissionSetToFhir(ss, { ...FHIR_OPTIONS, entries });
    expect(list.entry?.map((e) => e.item.reference)).to.deep.equal(members);
    const back = associationsFromListEntries(ss.entryUuid, list.entry ?? [], (r) => r.reference, freshUuid, () => 'Original');
    expect(back.associations.map((a) => [a.type, a.sourceUuid, a.targetUuid, a.submissionSetStatus])).to.deep.equal(
      members.map((m) => ['HasMember', ss.entryUuid, m, 'Original']),
    );
  });

  it('refuses a Folder List read as a SubmissionSet', () => {
    const r = submissionSetFromFhir(folderToFhir(aFullFolder(), FHIR_OPTIONS), FHIR_OPTIONS);
    expect(r.issues.map((i) => [i.severity, i.expression])).to.deep.include(['error', 'List.code']);
  });
});

describe('FHIR mapping: Folder <-> List (folder)', () => {
  walk(aFullFolder(), FOLDER_MAPPED, FOLDER_UNMAPPED, folderTrip, (f) => folderToFhir(f, FHIR_OPTIONS));
});
