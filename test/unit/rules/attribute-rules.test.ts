import { expect } from 'chai';
import type { DocumentEntry } from '../../../src/domain/document-entry.js';
import type { Folder } from '../../../src/domain/folder.js';
import type { SubmissionSet } from '../../../src/domain/submission-set.js';
import { aFolder, aHasMember, anAuthor, aSubmission } from '../../support/builders.js';
import { EMPTY_VIEW, issuesOf, withParts, without } from './rule-support.js';

/** A submission whose one DocumentEntry is `de` (same id as the built one). */
function withEntry(change: (de: DocumentEntry) => DocumentEntry) {
  const s = aSubmission();
  const de = change(s.documentEntries[0]!);
  return { s: withParts(s, { documentEntries: [de] }), de };
}

function withSubmissionSet(change: (ss: SubmissionSet) => SubmissionSet) {
  const s = aSubmission();
  const ss = change(s.submissionSets[0]!);
  return { s: { ...s, submissionSets: [ss] }, ss };
}

function withFolder(change: (f: Folder) => Folder) {
  const s = aSubmission();
  const ss = s.submissionSets[0]!;
  const f = change(aFolder());
  return { s: withParts(s, { folders: [f], addAssociations: [aHasMember(ss, f, false)] }), f };
}

describe('submission rules: required attributes (ITI TF-3 Table 4.3.1-3)', () => {
  const deRequired = ['classCode', 'creationTime', 'formatCode', 'healthcareFacilityTypeCode', 'languageCode', 'mimeType',
    'patientId', 'practiceSettingCode', 'sourcePatientId', 'typeCode', 'uniqueId', 'hash', 'size', 'repositoryUniqueId'] as const;
  for (const attr of deRequired) {
    it(`rejects a DocumentEntry without ${attr}`, () => {
      const { s, de } = withEntry((d) => without(d, attr) as DocumentEntry);
      const issues = issuesOf(s).filter((i) => i.messageId === 'MISSING_ATTRIBUTE');
      expect(issues).to.have.length(1);
      expect(issues[0]).to.include({ code: 'XDSRegistryMetadataError', location: de.entryUuid });
      expect(issues[0]?.codeContext).to.contain(attr).and.to.contain('DocumentEntry');
    });
  }

  it('rejects a DocumentEntry without any confidentialityCode', () => {
    const { s, de } = withEntry((d) => ({ ...d, confidentialityCodes: [] }));
    const issues = issuesOf(s);
    expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryMetadataError', de.entryUuid]]);
    expect(issues[0]?.codeContext).to.contain('confidentialityCode');
  });

  it('does not ask hash and size of an on-demand DocumentEntry', () => {
    const { s } = withEntry((d) => ({ ...without(d, 'hash', 'size'), objectType: 'on-demand' }));
    expect(issuesOf(s)).to.deep.equal([]);
  });

  for (const attr of ['contentTypeCode', 'patientId', 'sourceId', 'submissionTime', 'uniqueId'] as const) {
    it(`rejects a SubmissionSet without ${attr}`, () => {
      const { s, ss } = withSubmissionSet((x) => without(x, attr) as SubmissionSet);
      const issues = issuesOf(s).filter((i) => i.messageId === 'MISSING_ATTRIBUTE');
      expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryMetadataError', ss.entryUuid]]);
      expect(issues[0]?.codeContext).to.contain(attr);
    });
  }

  for (const attr of ['patientId', 'title', 'uniqueId'] as const) {
    it(`rejects a Folder without ${attr}`, () => {
      const { s, f } = withFolder((x) => without(x, attr) as Folder);
      const issues = issuesOf(s).filter((i) => i.messageId === 'MISSING_ATTRIBUTE');
      expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryMetadataError', f.entryUuid]]);
      expect(issues[0]?.codeContext).to.contain(attr);
    });
  }

  it('rejects a Folder with an empty codeList', () => {
    const { s, f } = withFolder((x) => ({ ...x, codeList: [] }));
    const issues = issuesOf(s);
    expect(issues.map((i) => [i.messageId, i.location])).to.deep.equal([['MISSING_ATTRIBUTE', f.entryUuid]]);
  });

  it('keeps extra slots without a warning', () => {
    const { s } = withEntry((d) => ({ ...d, extraMetadata: { 'urn:no:example:extra': ['a', 'b'] } }));
    const { issues } = { issues: issuesOf(s, EMPTY_VIEW) };
    expect(issues).to.deep.equal([]);
  });
});

describe('submission rules: value formats (ITI TF-3 4.2.3)', () => {
  const cases: [string, (d: DocumentEntry) => DocumentEntry, string][] = [
    ['a sourcePatientId without assigning authority OID', (d) => ({ ...d, sourcePatientId: { id: '13116900216', assigningAuthority: 'FNR' } }), 'BAD_CX'],
    ['a sourcePatientId with an empty id', (d) => ({ ...d, sourcePatientId: { id: '', assigningAuthority: '2.16.578.1.12.4.1.4.1' } }), 'BAD_CX'],
    ['a patientId whose universal id type is not ISO', (d) => ({ ...d, patientId: { ...d.patientId!, universalIdType: 'DNS' } }), 'BAD_CX'],
    ['a creationTime with separators', (d) => ({ ...d, creationTime: '2024-03-04T10:15:00' }), 'BAD_DTM'],
    ['a serviceStartTime in month 13', (d) => ({ ...d, serviceStartTime: '20241301' }), 'BAD_DTM'],
    ['a repositoryUniqueId that is not an OID', (d) => ({ ...d, repositoryUniqueId: 'repo.one' }), 'BAD_OID'],
    ['a uniqueId longer than 128 characters', (d) => ({ ...d, uniqueId: `1.2.${'3'.repeat(130)}` }), 'BAD_UNIQUE_ID'],
    ['a uniqueId that is not OID^extension', (d) => ({ ...d, uniqueId: 'abc^def' }), 'BAD_UNIQUE_ID'],
    ['a hash that is not 40 hex characters', (d) => ({ ...d, hash: 'xyz' }), 'BAD_HASH'],
    ['a negative size', (d) => ({ ...d, size: -1 }), 'BAD_SIZE'],
    ['a fractional size', (d) => ({ ...d, size: 1.5 }), 'BAD_SIZE'],
    ['a languageCode that is not RFC 5646', (d) => ({ ...d, languageCode: 'norsk bokmål' }), 'BAD_LANGUAGE_CODE'],
    ['a mimeType without subtype', (d) => ({ ...d, mimeType: 'text' }), 'BAD_MIME_TYPE'],
    ['a classCode without coding scheme', (d) => ({ ...d, classCode: { code: 'A00-1', codingScheme: '' } }), 'BAD_CODE'],
    ['a confidentialityCode without code', (d) => ({ ...d, confidentialityCodes: [{ code: '', codingScheme: '2.16.578.1.12.4.1.1.9603' }] }), 'BAD_CODE'],
    ['an author with neither person, institution nor telecom',
      (d) => ({ ...d, authors: [anAuthor({ institutions: [], telecommunications: [] })].map((a) => without(a, 'person')) }), 'AUTHOR_INCOMPLETE'],
  ];
  for (const [what, change, messageId] of cases) {
    it(`rejects a DocumentEntry with ${what}`, () => {
      const { s, de } = withEntry(change);
      const issues = issuesOf(s);
      expect(issues.map((i) => [i.messageId, i.code, i.location])).to.deep.equal([[messageId, 'XDSRegistryMetadataError', de.entryUuid]]);
    });
  }

  it('accepts OID^extension as a DocumentEntry uniqueId and an upper-case hash', () => {
    const { s } = withEntry((d) => ({ ...d, uniqueId: '2.16.578.1.12.4.5.100.1.9^20240304-1', hash: d.hash!.toUpperCase() }));
    expect(issuesOf(s)).to.deep.equal([]);
  });

  it('accepts any uniqueId of at most 128 characters under lenient uniqueId checking', () => {
    const { s } = withEntry((d) => ({ ...d, uniqueId: 'EPJ-2024-000123' }));
    expect(issuesOf(s, EMPTY_VIEW, { uniqueIdFormat: 'lenient' })).to.deep.equal([]);
    expect(issuesOf(s, EMPTY_VIEW, { uniqueIdFormat: 'oid' }).map((i) => i.messageId)).to.deep.equal(['BAD_UNIQUE_ID']);
  });

  it('rejects a SubmissionSet whose sourceId is not an OID and whose submissionTime is not a DTM', () => {
    const { s, ss } = withSubmissionSet((x) => ({ ...x, sourceId: 'kilde', submissionTime: '20240304 1210' }));
    expect(issuesOf(s).map((i) => [i.messageId, i.location])).to.deep.equal([['BAD_DTM', ss.entryUuid], ['BAD_OID', ss.entryUuid]]);
  });

  it('rejects a Folder whose uniqueId is not an OID', () => {
    const { s, f } = withFolder((x) => ({ ...x, uniqueId: 'mappe-1' }));
    const issues = issuesOf(s);
    expect(issues.map((i) => [i.messageId, i.location])).to.deep.equal([['BAD_OID', f.entryUuid]]);
    expect(issues[0]?.codeContext).to.contain('uniqueId');
  });
});
