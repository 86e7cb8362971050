import { expect } from 'chai';
import type { AssociationType } from '../../../src/domain/vocabulary.js';
import { aDocumentEntry, aFolder, anAssociation, aSubmission, OTHER_PATIENT_ID } from '../../support/builders.js';
import { issuesOf, viewOf, withParts } from './rule-support.js';

/** A submission with one new DocumentEntry related to `target` by `type`. */
function relating(type: AssociationType, targetUuid: string) {
  const s = aSubmission();
  const de = s.documentEntries[0]!;
  const rel = anAssociation({ type, sourceUuid: de.entryUuid, targetUuid });
  return { s: withParts(s, { addAssociations: [rel] }), de, rel };
}

const approved = (overrides = {}) => ({ ...aDocumentEntry(overrides), availabilityStatus: 'Approved' as const });
const deprecated = () => ({ ...aDocumentEntry(), availabilityStatus: 'Deprecated' as const });

describe('submission rules: document relationships (ITI TF-3 4.2.2.2)', () => {
  for (const type of ['RPLC', 'APND', 'XFRM', 'XFRM_RPLC', 'signs'] as const) {
    it(`accepts ${type} of an Approved registered document`, () => {
      const original = approved();
      const { s } = relating(type, original.entryUuid);
      expect(issuesOf(s, viewOf({ documentEntries: [original] }))).to.deep.equal([]);
    });
  }

  for (const type of ['RPLC', 'APND', 'XFRM', 'XFRM_RPLC'] as const) {
    it(`rejects ${type} of a Deprecated document with XDSRegistryDeprecatedDocumentError`, () => {
      const original = deprecated();
      const { s, rel } = relating(type, original.entryUuid);
      const issues = issuesOf(s, viewOf({ documentEntries: [original] }));
      expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryDeprecatedDocumentError', rel.entryUuid]]);
    });
  }

  it('rejects a replacement whose patientId differs from the original (NIST 11998)', () => {
    const original = approved({ patientId: OTHER_PATIENT_ID });
    const { s, de } = relating('RPLC', original.entryUuid);
    const issues = issuesOf(s, viewOf({ documentEntries: [original] }));
    expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([['PATIENT_ID_MISMATCH_TARGET', 'XDSPatientIdDoesNotMatch', de.entryUuid]]);
  });

  it('rejects a relationship that targets a Folder', () => {
    const folder = { ...aFolder(), availabilityStatus: 'Approved' as const };
    const { s, rel } = relating('APND', folder.entryUuid);
    const issues = issuesOf(s, viewOf({ folders: [folder] }));
    expect(issues.map((i) => [i.messageId, i.location])).to.deep.equal([['TARGET_NOT_DOCUMENT', rel.entryUuid]]);
  });

  it('rejects a relationship whose source is not a DocumentEntry of the submission', () => {
    const original = approved();
    const other = approved();
    const s = aSubmission();
    const rel = anAssociation({ type: 'APND', sourceUuid: other.entryUuid, targetUuid: original.entryUuid });
    const issues = issuesOf(withParts(s, { addAssociations: [rel] }), viewOf({ documentEntries: [original, other] }));
    expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([['SOURCE_NOT_SUBMITTED_DOCUMENT', 'XDSRegistryMetadataError', rel.entryUuid]]);
  });

  it('rejects replacing a document submitted in the same message', () => {
    const s = aSubmission({ documents: 2 });
    const [d1, d2] = s.documentEntries;
    const rel = anAssociation({ type: 'RPLC', sourceUuid: d2!.entryUuid, targetUuid: d1!.entryUuid });
    expect(issuesOf(withParts(s, { addAssociations: [rel] })).map((i) => [i.messageId, i.location]))
      .to.deep.equal([['REPLACED_IN_SAME_SUBMISSION', rel.entryUuid]]);
  });

  it('accepts an addendum to a document submitted in the same message', () => {
    const s = aSubmission({ documents: 2 });
    const [d1, d2] = s.documentEntries;
    const rel = anAssociation({ type: 'APND', sourceUuid: d2!.entryUuid, targetUuid: d1!.entryUuid });
    expect(issuesOf(withParts(s, { addAssociations: [rel] }))).to.deep.equal([]);
  });
});
