import { expect } from 'chai';
import { EMPTY_REGISTRY_OBJECTS, type Submission } from '../../../src/domain/submission.js';
import { assignEntryUuids, buildDelta, dtmNow } from '../../../src/services/submission-delta.js';
import { aDocumentEntry, aFolder, aHasMember, anAssociation, aSubmissionSet, freshUuid } from '../../support/builders.js';

let n = 0;
const seqUuid = (): string => `urn:uuid:00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const NOW = '20240304121500';

function submission(parts: Partial<Submission> = {}): Submission {
  const submissionSet = aSubmissionSet();
  const de = aDocumentEntry();
  return { submissionSet, documentEntries: [de], folders: [], associations: [aHasMember(submissionSet, de)], ...parts };
}

describe('submission delta (validate a delta, then commit)', () => {
  it('writes the time as a UTC DTM to the second', () => {
    expect(dtmNow(new Date('2024-03-04T12:15:09.987Z'))).to.equal('20240304121509');
  });

  it('replaces symbolic ids by one urn:uuid each, in objects and association ends alike', () => {
    const ss = aSubmissionSet({ entryUuid: 'SubmissionSet01' });
    const de = aDocumentEntry({ entryUuid: 'Document01' });
    const keep = freshUuid();
    const hm = anAssociation({ entryUuid: 'hm1', sourceUuid: 'SubmissionSet01', targetUuid: 'Document01' });
    const rel = anAssociation({ entryUuid: 'rel', type: 'APND', sourceUuid: 'Document01', targetUuid: keep });
    const out = assignEntryUuids({ submissionSet: ss, documentEntries: [de], folders: [], associations: [hm, rel] }, seqUuid);
    const deId = out.documentEntries[0]!.entryUuid;
    expect(deId).to.match(/^urn:uuid:/);
    expect(out.associations[0]).to.include({ sourceUuid: out.submissionSet.entryUuid, targetUuid: deId });
    expect(out.associations[1]).to.include({ sourceUuid: deId, targetUuid: keep });
    expect(new Set([out.submissionSet.entryUuid, deId, out.associations[0]!.entryUuid, out.associations[1]!.entryUuid]).size).to.equal(4);
  });

  it('makes new objects Approved and stamps new Folders with the current time, whatever was sent', () => {
    const base = submission();
    const folder = aFolder({ lastUpdateTime: '19990101' });
    const delta = buildDelta({ ...base, folders: [folder], associations: [...base.associations, aHasMember(base.submissionSet, folder, false)] },
      { associations: [], sources: EMPTY_REGISTRY_OBJECTS }, NOW, seqUuid);
    expect(delta.folders[0]).to.include({ lastUpdateTime: NOW, availabilityStatus: 'Approved' });
    expect([...delta.submissionSets, ...delta.documentEntries, ...delta.associations].every((o) => o.availabilityStatus === 'Approved')).to.equal(true);
    expect(delta.statusChanges).to.deep.equal([]);
    expect(delta.folderUpdates).to.deep.equal([]);
  });

  it('moves lastUpdateTime of a registered Folder that gets a document', () => {
    const base = submission();
    const existingFolder = freshUuid();
    const inFolder = aHasMember({ entryUuid: existingFolder }, base.documentEntries[0]!, false);
    const delta = buildDelta({ ...base, associations: [...base.associations, inFolder, aHasMember(base.submissionSet, inFolder, false)] },
      { associations: [], sources: EMPTY_REGISTRY_OBJECTS }, NOW, seqUuid);
    expect(delta.folderUpdates).to.deep.equal([{ entryUuid: existingFolder, lastUpdateTime: NOW }]);
  });

  it('deprecates a replaced document and its Approved addenda and transforms, and puts the replacement in its Folders', () => {
    const base = submission();
    const replacement = base.documentEntries[0]!;
    const original = { ...aDocumentEntry(), availabilityStatus: 'Approved' as const };
    const addendum = { ...aDocumentEntry(), availabilityStatus: 'Approved' as const };
    const oldAddendum = { ...aDocumentEntry(), availabilityStatus: 'Deprecated' as const };
    const folder = { ...aFolder(), availabilityStatus: 'Approved' as const };
    const rplc = anAssociation({ type: 'RPLC', sourceUuid: replacement.entryUuid, targetUuid: original.entryUuid });
    const lifecycle = {
      associations: [
        anAssociation({ type: 'APND', sourceUuid: addendum.entryUuid, targetUuid: original.entryUuid }),
        anAssociation({ type: 'XFRM', sourceUuid: oldAddendum.entryUuid, targetUuid: original.entryUuid }),
        aHasMember(folder, original, false),
      ],
      sources: { ...EMPTY_REGISTRY_OBJECTS, documentEntries: [addendum, oldAddendum], folders: [folder] },
    };
    const delta = buildDelta({ ...base, associations: [...base.associations, rplc] }, lifecycle, NOW, seqUuid);
    expect(delta.statusChanges).to.have.deep.members([
      { entryUuid: original.entryUuid, status: 'Deprecated' }, { entryUuid: addendum.entryUuid, status: 'Deprecated' }]);
    const joined = delta.associations.find((a) => a.sourceUuid === folder.entryUuid && a.targetUuid === replacement.entryUuid);
    expect(joined?.type).to.equal('HasMember');
    expect(delta.associations.some((a) => a.sourceUuid === base.submissionSet.entryUuid && a.targetUuid === joined?.entryUuid)).to.equal(true);
    expect(delta.folderUpdates).to.deep.equal([{ entryUuid: folder.entryUuid, lastUpdateTime: NOW }]);
  });
});
