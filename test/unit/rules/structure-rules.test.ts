import { expect } from 'chai';
import { validateSubmission } from '../../../src/rules/submission-rules.js';
import { aDocumentEntry, aFolder, aHasMember, anAssociation, aSubmission, aSubmissionSet } from '../../support/builders.js';
import { EMPTY_VIEW, found, issuesOf, withParts, without } from './rule-support.js';

describe('submission rules: structure (ITI TF-3 4.1, 4.2.2.1)', () => {
  it('accepts a consistent submission and returns it', () => {
    const s = aSubmission({ documents: 2 });
    const { submission, issues } = validateSubmission(s, EMPTY_VIEW);
    expect(issues).to.deep.equal([]);
    expect(submission?.submissionSet).to.equal(s.submissionSets[0]);
    expect(submission?.documentEntries).to.have.length(2);
  });

  it('accepts symbolic ids such as Document01 and SubmissionSet01', () => {
    const ss = aSubmissionSet({ entryUuid: 'SubmissionSet01' });
    const de = aDocumentEntry({ entryUuid: 'Document01' });
    const s = { submissionSets: [ss], documentEntries: [de], folders: [], associations: [aHasMember(ss, de)], objectRefs: [] };
    expect(issuesOf(s)).to.deep.equal([]);
  });

  it('rejects a submission without a SubmissionSet', () => {
    const s = { ...aSubmission(), submissionSets: [] };
    const issues = issuesOf(s);
    expect(issues.map((i) => i.messageId)).to.include('NO_SUBMISSION_SET');
    expect(issues[0]?.code).to.equal('XDSRegistryMetadataError');
  });

  it('rejects a second SubmissionSet, located at it', () => {
    const s = aSubmission();
    const second = aSubmissionSet();
    expect(found(issuesOf({ ...s, submissionSets: [...s.submissionSets, second] })))
      .to.include(`XDSRegistryMetadataError@${second.entryUuid}`);
  });

  it('rejects an id used by two objects of the message', () => {
    const s = aSubmission();
    const de = s.documentEntries[0]!;
    const copy = aDocumentEntry({ entryUuid: de.entryUuid });
    const issues = issuesOf(withParts(s, { documentEntries: [de, copy] }));
    expect(issues.find((i) => i.messageId === 'DUPLICATE_ENTRY_UUID_IN_MESSAGE')?.location).to.equal(de.entryUuid);
  });

  it('rejects an id that starts like a urn:uuid but is not one', () => {
    const ss = aSubmissionSet();
    const de = aDocumentEntry({ entryUuid: 'urn:uuid:not-a-uuid' });
    const s = { submissionSets: [ss], documentEntries: [de], folders: [], associations: [aHasMember(ss, de)], objectRefs: [] };
    const bad = issuesOf(s).find((i) => i.messageId === 'INVALID_UUID');
    expect(bad?.code).to.equal('XDSRegistryMetadataError');
    expect(bad?.location).to.equal('urn:uuid:not-a-uuid');
  });

  it('rejects a DocumentEntry marked limitedMetadata', () => {
    const s = aSubmission({ documentEntry: { limitedMetadata: true } });
    const de = s.documentEntries[0]!;
    const bad = issuesOf(s).find((i) => i.messageId === 'LIMITED_METADATA');
    expect(bad?.location).to.equal(de.entryUuid);
    expect(bad?.code).to.equal('XDSRegistryMetadataError');
  });

  it('rejects a DocumentEntry that is not a member of the SubmissionSet', () => {
    const s = aSubmission();
    const stray = aDocumentEntry();
    const issues = issuesOf(withParts(s, { documentEntries: [...s.documentEntries, stray] }));
    expect(issues.find((i) => i.messageId === 'NOT_A_MEMBER')?.location).to.equal(stray.entryUuid);
  });

  it('rejects a Folder that is not a member of the SubmissionSet', () => {
    const s = aSubmission();
    const folder = aFolder();
    const issues = issuesOf(withParts(s, { folders: [folder] }));
    expect(found(issues)).to.deep.equal([`XDSRegistryMetadataError@${folder.entryUuid}`]);
  });

  it('rejects a Folder→DocumentEntry HasMember that the SubmissionSet does not hold', () => {
    const s = aSubmission();
    const ss = s.submissionSets[0]!;
    const folder = aFolder();
    const inFolder = aHasMember(folder, s.documentEntries[0]!, false);
    const issues = issuesOf(withParts(s, { folders: [folder], addAssociations: [aHasMember(ss, folder, false), inFolder] }));
    expect(found(issues)).to.deep.equal([`XDSRegistryMetadataError@${inFolder.entryUuid}`]);
    expect(issues[0]?.messageId).to.equal('NOT_A_MEMBER');
  });

  it('accepts a new Folder holding a new document when the SubmissionSet holds the Folder→DE association', () => {
    const s = aSubmission();
    const ss = s.submissionSets[0]!;
    const folder = aFolder();
    const inFolder = aHasMember(folder, s.documentEntries[0]!, false);
    const s2 = withParts(s, { folders: [folder], addAssociations: [aHasMember(ss, folder, false), inFolder, aHasMember(ss, inFolder, false)] });
    expect(issuesOf(s2)).to.deep.equal([]);
  });

  it('rejects a SubmissionSet→DocumentEntry HasMember without SubmissionSetStatus', () => {
    const s = aSubmission();
    const bare = aHasMember(s.submissionSets[0]!, s.documentEntries[0]!, false);
    const issues = issuesOf(withParts(s, { associations: [bare] }));
    expect(issues.map((i) => [i.messageId, i.location])).to.deep.equal([['SUBMISSION_SET_STATUS_MISSING', bare.entryUuid]]);
  });

  it('collects every issue instead of stopping at the first', () => {
    const s = aSubmission({ documentEntry: { limitedMetadata: true } });
    const de = without(s.documentEntries[0]!, 'classCode');
    const stray = aFolder();
    const ids = issuesOf(withParts(s, { documentEntries: [de], folders: [stray], addAssociations: [anAssociation({ type: { unknown: 'urn:x:Odd' } })] }))
      .map((i) => i.messageId);
    expect(ids).to.include.members(['LIMITED_METADATA', 'MISSING_ATTRIBUTE', 'NOT_A_MEMBER', 'UNKNOWN_ASSOCIATION_TYPE']);
  });
});
