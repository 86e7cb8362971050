import { expect } from 'chai';
import { SCHEME } from '../../../src/domain/vocabulary.js';
import {
  aDocumentEntry, aFolder, aHasMember, anAssociation, aSubmission, freshUuid, OTHER_PATIENT_ID,
} from '../../support/builders.js';
import { found, issuesOf, viewOf, withParts } from './rule-support.js';

describe('submission rules: associations (ITI TF-3 4.2.2)', () => {
  it('rejects an association whose target is neither in the message nor in the registry', () => {
    const s = aSubmission();
    const a = anAssociation({ type: 'APND', sourceUuid: s.documentEntries[0]!.entryUuid, targetUuid: freshUuid() });
    const issues = issuesOf(withParts(s, { addAssociations: [a] }));
    expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([['UNRESOLVED_REFERENCE', 'XDSRegistryMetadataError', a.entryUuid]]);
  });

  it('rejects a symbolic reference to an object the message does not carry', () => {
    const s = aSubmission();
    const a = aHasMember(s.submissionSets[0]!, { entryUuid: 'Document99' });
    expect(issuesOf(withParts(s, { addAssociations: [a] })).map((i) => i.messageId)).to.deep.equal(['UNRESOLVED_REFERENCE']);
  });

  it('rejects an association from an object to itself', () => {
    const s = aSubmission();
    const ss = s.submissionSets[0]!;
    const a = anAssociation({ sourceUuid: ss.entryUuid, targetUuid: ss.entryUuid });
    const issues = issuesOf(withParts(s, { addAssociations: [a] }));
    expect(issues.map((i) => i.messageId)).to.include('ASSOCIATION_TO_SELF');
    expect(issues.every((i) => i.location === a.entryUuid && i.code === 'XDSRegistryMetadataError')).to.equal(true);
  });

  it('rejects association types the registry does not know, and ITI-57 types in ITI-42', () => {
    const s = aSubmission();
    const de = s.documentEntries[0]!;
    const odd = anAssociation({ type: { unknown: 'urn:example:Likes' }, sourceUuid: s.submissionSets[0]!.entryUuid, targetUuid: de.entryUuid });
    const update = anAssociation({ type: 'UpdateAvailabilityStatus', sourceUuid: s.submissionSets[0]!.entryUuid, targetUuid: de.entryUuid });
    const issues = issuesOf(withParts(s, { addAssociations: [odd, update] }));
    expect(issues.map((i) => [i.messageId, i.location])).to.deep.equal([
      ['UNKNOWN_ASSOCIATION_TYPE', odd.entryUuid], ['UNKNOWN_ASSOCIATION_TYPE', update.entryUuid]]);
    expect(issues[0]?.codeContext).to.contain('urn:example:Likes');
  });

  it('rejects HasMember shapes the model does not allow', () => {
    const s = aSubmission({ documents: 2 });
    const [d1, d2] = s.documentEntries;
    const a = aHasMember(d1!, d2!, false);
    expect(issuesOf(withParts(s, { addAssociations: [a] })).map((i) => [i.messageId, i.location])).to.deep.equal([['BAD_HAS_MEMBER', a.entryUuid]]);
  });

  it('rejects a documentation classification on a HasMember', () => {
    const s = aSubmission();
    const [hm] = s.associations;
    const documented = { ...hm!, documentation: { code: 'x', codingScheme: SCHEME.associationDocumentation } };
    expect(issuesOf(withParts(s, { associations: [documented] })).map((i) => [i.messageId, i.location]))
      .to.deep.equal([['DOC_CODE_ON_HAS_MEMBER', hm!.entryUuid]]);
  });

  it('accepts a registered document added to a new Folder', () => {
    const s = aSubmission();
    const ss = s.submissionSets[0]!;
    const existing = { ...aDocumentEntry(), availabilityStatus: 'Approved' as const };
    const folder = aFolder();
    const inFolder = aHasMember(folder, existing, false);
    const s2 = withParts(s, { folders: [folder], addAssociations: [aHasMember(ss, folder, false), inFolder, aHasMember(ss, inFolder, false)] });
    expect(issuesOf(s2, viewOf({ documentEntries: [existing] }))).to.deep.equal([]);
  });

  it('rejects a submitted urn:uuid entryUUID that is already registered', () => {
    const s = aSubmission();
    const de = s.documentEntries[0]!;
    const registered = aDocumentEntry({ entryUuid: de.entryUuid });
    const issues = issuesOf(s, { byUuid: viewOf({ documentEntries: [registered] }).byUuid, byUniqueId: viewOf({}).byUniqueId });
    expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([['ENTRY_UUID_EXISTS', 'XDSRegistryMetadataError', de.entryUuid]]);
  });
});

describe('submission rules: one patient per submission (ITI TF-2 3.42.4.1.3)', () => {
  it('rejects a DocumentEntry whose patientId differs from the SubmissionSet', () => {
    const s = aSubmission({ documents: 2 });
    const other = { ...s.documentEntries[1]!, patientId: OTHER_PATIENT_ID };
    const issues = issuesOf(withParts(s, { documentEntries: [s.documentEntries[0]!, other] }));
    expect(found(issues)).to.deep.equal([`XDSPatientIdDoesNotMatch@${other.entryUuid}`]);
  });

  it('rejects a Folder whose patientId differs from the SubmissionSet', () => {
    const s = aSubmission();
    const folder = aFolder({ patientId: OTHER_PATIENT_ID });
    const issues = issuesOf(withParts(s, { folders: [folder], addAssociations: [aHasMember(s.submissionSets[0]!, folder, false)] }));
    expect(found(issues)).to.deep.equal([`XDSPatientIdDoesNotMatch@${folder.entryUuid}`]);
  });

  it('rejects a new document added to a registered Folder of another patient (NIST 12002)', () => {
    const s = aSubmission();
    const ss = s.submissionSets[0]!;
    const de = s.documentEntries[0]!;
    const folder = { ...aFolder({ patientId: OTHER_PATIENT_ID }), availabilityStatus: 'Approved' as const };
    const inFolder = aHasMember(folder, de, false);
    const issues = issuesOf(withParts(s, { addAssociations: [inFolder, aHasMember(ss, inFolder, false)] }), viewOf({ folders: [folder] }));
    expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([['PATIENT_ID_MISMATCH_TARGET', 'XDSPatientIdDoesNotMatch', de.entryUuid]]);
  });
});

describe('submission rules: uniqueIds (ITI TF-3 Table 4.2.4.1-2)', () => {
  it('rejects a uniqueId used twice in the message, located at the second object', () => {
    const s = aSubmission({ documents: 2 });
    const [d1, d2] = s.documentEntries;
    const twin = { ...d2!, uniqueId: d1!.uniqueId! };
    const issues = issuesOf(withParts(s, { documentEntries: [d1!, twin] }));
    expect(found(issues)).to.deep.equal([`XDSRegistryDuplicateUniqueIdInMessage@${twin.entryUuid}`]);
  });

  it('rejects a SubmissionSet uniqueId that is already registered', () => {
    const s = aSubmission();
    const ss = s.submissionSets[0]!;
    const earlier = { ...ss, entryUuid: freshUuid() };
    expect(found(issuesOf(s, viewOf({ submissionSets: [earlier] })))).to.deep.equal([`XDSDuplicateUniqueIdInRegistry@${ss.entryUuid}`]);
  });

  it('rejects a Folder uniqueId that is already registered', () => {
    const s = aSubmission();
    const folder = aFolder();
    const earlier = { ...folder, entryUuid: freshUuid() };
    const s2 = withParts(s, { folders: [folder], addAssociations: [aHasMember(s.submissionSets[0]!, folder, false)] });
    expect(found(issuesOf(s2, viewOf({ folders: [earlier] })))).to.deep.equal([`XDSDuplicateUniqueIdInRegistry@${folder.entryUuid}`]);
  });

  it('accepts a registered DocumentEntry uniqueId again for the identical document (NIST 12004)', () => {
    const s = aSubmission();
    const de = s.documentEntries[0]!;
    const earlier = { ...de, entryUuid: freshUuid(), hash: de.hash!.toUpperCase(), availabilityStatus: 'Approved' as const };
    expect(issuesOf(s, viewOf({ documentEntries: [earlier] }))).to.deep.equal([]);
  });

  it('rejects a registered DocumentEntry uniqueId with another hash (NIST 12004)', () => {
    const s = aSubmission();
    const de = s.documentEntries[0]!;
    const earlier = { ...de, entryUuid: freshUuid(), hash: 'a'.repeat(40) };
    expect(found(issuesOf(s, viewOf({ documentEntries: [earlier] })))).to.deep.equal([`XDSNonIdenticalHash@${de.entryUuid}`]);
  });

  it('rejects a registered DocumentEntry uniqueId with another size', () => {
    const s = aSubmission();
    const de = s.documentEntries[0]!;
    const earlier = { ...de, entryUuid: freshUuid(), size: de.size! + 1 };
    expect(found(issuesOf(s, viewOf({ documentEntries: [earlier] })))).to.deep.equal([`XDSNonIdenticalSize@${de.entryUuid}`]);
  });
});
