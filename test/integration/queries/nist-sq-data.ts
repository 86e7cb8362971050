/**
 * The stored-query test data of the NIST XDS Toolkit, as domain objects committed straight
 * into a store: test 12346 (five submissions for one patient: single_doc, doc_w_fol,
 * two_doc_w_fol, doc_for_rplc, rplc) and the part of test 12374 (same shapes, another patient)
 * that test 12368 needs. Attribute values are those of the plans' metadata files under
 * ../shared/conformance/samples/nist-toolkit/testkit/tests/12346/. As a registry does, the
 * loader sets availabilityStatus, folder lastUpdateTime (now) and deprecates the RPLC target.
 */
import type { Association } from '../../../src/domain/association.js';
import type { Code, Cx, Xcn } from '../../../src/domain/datatypes.js';
import type { DocumentEntry } from '../../../src/domain/document-entry.js';
import type { Folder } from '../../../src/domain/folder.js';
import type { SubmissionSet } from '../../../src/domain/submission-set.js';
import type { MetadataStore, SubmissionDelta } from '../../../src/storage/ports.js';
import { aDocumentEntry, aFolder, anAssociation, anAuthor, aSubmissionSet, freshUuid } from '../../support/builders.js';

export const NIST_PATIENT: Cx = { id: 'a6e0b0c8e2d14f1', assigningAuthority: '1.3.6.1.4.1.21367.13.20.1000' };
export const NIST_OTHER_PATIENT: Cx = { id: 'b7f1c1d9f3e25a2', assigningAuthority: '1.3.6.1.4.1.21367.13.20.1000' };

const c = (code: string, codingScheme: string): Code => ({ code, codingScheme });
const CLASS = (code: string): Code => c(code, '1.3.6.1.4.1.19376.1.2.6.1');
const CONF = (code: string): Code => c(code, '2.16.840.1.113883.5.25');
const SNOMED = (code: string): Code => c(code, '2.16.840.1.113883.6.96');
const CONNECTATHON = (code: string): Code => c(code, '1.3.6.1.4.1.21367.2017.3');
export const FORMAT_TEXT = c('urn:ihe:rad:TEXT', '1.3.6.1.4.1.19376.1.2.3');
export const FORMAT_APS = c('urn:ihe:pcc:aps:2007', '1.3.6.1.4.1.19376.1.2.3');
const TYPE = c('11369-6', '2.16.840.1.113883.6.1');
const person = (familyName: string, givenName: string): Xcn => ({ familyName, givenName });
const SMITTY = anAuthor({ person: person('Smitty', 'Gerald'), institutions: [{ organizationName: 'Cleveland Clinic' }] });
const DOPPLEMEYER = anAuthor({ person: person('Dopplemeyer', 'Sherry'), institutions: [{ organizationName: 'Berea Community' }] });
const FORD = anAuthor({ person: person('Ford', 'Sherry'), institutions: [{ organizationName: 'Berea Community' }] });

/** The attributes every DocumentEntry of the 12346 metadata files shares. */
function nistEntry(patientId: Cx, overrides: Partial<DocumentEntry>): DocumentEntry {
  return aDocumentEntry({
    patientId, availabilityStatus: 'Approved', typeCode: TYPE, formatCode: FORMAT_TEXT,
    authors: [SMITTY, DOPPLEMEYER], eventCodeList: [], referenceIdList: [], ...overrides,
  });
}

function nistSubmissionSet(patientId: Cx): SubmissionSet {
  return aSubmissionSet({
    patientId, availabilityStatus: 'Approved', submissionTime: '20041225235050', sourceId: '1.3.6.1.4.1.21367.2008.1.2.178',
    contentTypeCode: SNOMED('225728007'), authors: [DOPPLEMEYER],
  });
}

function nistFolder(patientId: Cx): Folder {
  return aFolder({ patientId, availabilityStatus: 'Approved', codeList: [CONNECTATHON('Referrals')], lastUpdateTime: dtmNow() });
}

/** The current time as a DTM, as the registry stamps lastUpdateTime. */
export function dtmNow(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** An Approved association; SubmissionSetStatus only on SubmissionSet → DocumentEntry HasMember. */
function link(type: Association['type'], source: { entryUuid: string }, target: { entryUuid: string }, original = false): Association {
  const { submissionSetStatus: _drop, ...rest } = anAssociation({
    type, sourceUuid: source.entryUuid, targetUuid: target.entryUuid, availabilityStatus: 'Approved',
  });
  return original ? { ...rest, submissionSetStatus: 'Original' } : rest;
}
const member = (source: { entryUuid: string }, target: { entryUuid: string }, original = false): Association =>
  link('HasMember', source, target, original);

/** A delta as a registry builds it from one accepted submission. */
function delta(parts: Partial<SubmissionDelta>): SubmissionDelta {
  return {
    submissionSets: [], documentEntries: [], folders: [], associations: [], statusChanges: [], folderUpdates: [], ...parts,
  };
}

/** Builds the 12346 data set for one patient. Names follow the plans: ss1/docA = single_doc, … */
export function build12346(patientId: Cx = NIST_PATIENT) {
  const docA = nistEntry(patientId, {
    creationTime: '20061224', classCode: CLASS('IMAGES'), confidentialityCodes: [CONF('N')],
    healthcareFacilityTypeCode: SNOMED('66280005'), practiceSettingCode: CONNECTATHON('Practice-D'),
    eventCodeList: [CONNECTATHON('urn:connectathon:bppc:foundational:policy'), CONNECTATHON('urn:connectathon:policy:full-access')],
    serviceStartTime: '200612230800', serviceStopTime: '200612230900',
    referenceIdList: ['2013001^^^&1.2.3.4.5.6&ISO^urn:ihe:iti:xds:2013:accession', '20061223^^^&1.2.5643.2&ISO^urn:ihe:iti:xds:2013:uniqueId'],
  });
  const docB = nistEntry(patientId, {
    creationTime: '20041224', classCode: CLASS('SUMMARIES'), confidentialityCodes: [CONF('V')],
    healthcareFacilityTypeCode: SNOMED('44860005'), practiceSettingCode: SNOMED('309927009'),
    eventCodeList: [CONNECTATHON('urn:connectathon:policy:deny-access')],
    serviceStartTime: '200412230800', serviceStopTime: '200412241600',
  });
  const docC = nistEntry(patientId, {
    creationTime: '20051224', classCode: CLASS('HEALTH'), confidentialityCodes: [CONF('R')],
    healthcareFacilityTypeCode: SNOMED('419955002'), practiceSettingCode: CONNECTATHON('Practice-C'),
    serviceStartTime: '200512240800', serviceStopTime: '200512241100',
  });
  const docD = nistEntry(patientId, {
    creationTime: '20051224', classCode: CLASS('DISPENSATIONS'), confidentialityCodes: [CONF('N')], formatCode: FORMAT_APS,
    healthcareFacilityTypeCode: SNOMED('264372000'), practiceSettingCode: CONNECTATHON('Practice-D'), authors: [FORD],
    serviceStartTime: '200512240800', serviceStopTime: '200512241100',
  });
  const docE = nistEntry(patientId, {
    creationTime: '20061224', classCode: CLASS('REPORTS'), confidentialityCodes: [CONF('N')],
    healthcareFacilityTypeCode: SNOMED('264372000'), practiceSettingCode: CONNECTATHON('Practice-D'),
    serviceStartTime: '200612230800', serviceStopTime: '200612230900',
  });
  const docF = nistEntry(patientId, {
    ...docE, entryUuid: freshUuid(), uniqueId: `${docE.uniqueId ?? ''}.1`,
    practiceSettingCode: CONNECTATHON('Practice-G'), eventCodeList: [CONNECTATHON('urn:connectathon:policy:full-access')],
  });
  const [ss1, ss2, ss3, ss4, ss5] = [1, 2, 3, 4, 5].map(() => nistSubmissionSet(patientId)) as [SubmissionSet, SubmissionSet, SubmissionSet, SubmissionSet, SubmissionSet];
  const folder1 = nistFolder(patientId);
  const folder2 = nistFolder(patientId);
  const a = {
    ss1A: member(ss1, docA, true),
    ss2B: member(ss2, docB, true), ss2F1: member(ss2, folder1), f1B: member(folder1, docB),
    ss3C: member(ss3, docC, true), ss3D: member(ss3, docD, true), ss3F2: member(ss3, folder2),
    f2C: member(folder2, docC), f2D: member(folder2, docD),
    ss4E: member(ss4, docE, true), ss5F: member(ss5, docF, true),
    rplc: link('RPLC', docF, docE),
  };
  const ss2F1B = member(ss2, a.f1B);
  const ss3F2C = member(ss3, a.f2C);
  const ss3F2D = member(ss3, a.f2D);
  const assoc = { ...a, ss2F1B, ss3F2C, ss3F2D };
  const deltas: SubmissionDelta[] = [
    delta({ submissionSets: [ss1], documentEntries: [docA], associations: [a.ss1A] }),
    delta({ submissionSets: [ss2], documentEntries: [docB], folders: [folder1], associations: [a.ss2F1, a.f1B, ss2F1B, a.ss2B] }),
    delta({
      submissionSets: [ss3], documentEntries: [docC, docD], folders: [folder2],
      associations: [a.ss3C, a.ss3D, a.ss3F2, a.f2C, ss3F2C, a.f2D, ss3F2D],
    }),
    delta({ submissionSets: [ss4], documentEntries: [docE], associations: [a.ss4E] }),
    delta({
      submissionSets: [ss5], documentEntries: [docF], associations: [a.ss5F, a.rplc],
      statusChanges: [{ entryUuid: docE.entryUuid, status: 'Deprecated' }],
    }),
  ];
  return {
    patientId, docs: { docA, docB, docC, docD, docE, docF }, ss: { ss1, ss2, ss3, ss4, ss5 },
    folders: { folder1, folder2 }, assoc, deltas,
  };
}

export type Nist12346 = ReturnType<typeof build12346>;

/** Commits the 12346 data for NIST_PATIENT and the 12374 data for NIST_OTHER_PATIENT. */
export async function loadNistData(store: MetadataStore): Promise<{ main: Nist12346; other: Nist12346 }> {
  const main = build12346(NIST_PATIENT);
  const other = build12346(NIST_OTHER_PATIENT);
  for (const d of [...main.deltas, ...other.deltas]) await store.commitSubmission(d);
  return { main, other };
}
