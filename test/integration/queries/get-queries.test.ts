import { expect } from 'chai';
import type { Association } from '../../../src/domain/association.js';
import { ASSOCIATION_TYPE_URN, AVAILABILITY_STATUS } from '../../../src/domain/vocabulary.js';
import { closeStorage } from '../../../src/storage/open-storage.js';
import type { Storage, SubmissionDelta } from '../../../src/storage/ports.js';
import { aDocumentEntry, aFolder, anAssociation, aSubmissionSet, CODES, freshUuid } from '../../support/builders.js';
import {
  APPROVED, expected, idsOf, list, ON_DEMAND, openTestStorage, pid, q, refusal, runQuery, STABLE,
} from './query-helpers.js';

const FORMAT_PDF = { code: 'urn:ihe:iti:xds-sd:pdf:2008', codingScheme: '1.3.6.1.4.1.19376.1.2.3' };

function link(type: Association['type'], source: { entryUuid: string }, target: { entryUuid: string }, status: 'Approved' | 'Deprecated' = 'Approved'): Association {
  const { submissionSetStatus: _drop, ...rest } = anAssociation({ type, sourceUuid: source.entryUuid, targetUuid: target.entryUuid, availabilityStatus: status });
  return rest;
}

/**
 * Two submissions. SS1: d1 (text), d2 (on-demand), d3 (PDF), folders F {d1, d3} and G {},
 * F's memberships listed in SS1. SS2: d4 (APND of d1), d5 (XFRM of d1), d6 (on-demand, signs
 * d1), d1 added to G, and a deprecated (removed) membership of d3 in G. Plus two versions of
 * one logical entry.
 */
function content() {
  const approved = { availabilityStatus: 'Approved' as const };
  const [d1, d3] = [aDocumentEntry(approved), aDocumentEntry({ ...approved, formatCode: FORMAT_PDF })];
  const d2 = aDocumentEntry({ ...approved, objectType: 'on-demand' });
  const [d4, d5] = [aDocumentEntry(approved), aDocumentEntry(approved)];
  const d6 = aDocumentEntry({ ...approved, objectType: 'on-demand' });
  const ss1 = aSubmissionSet(approved);
  const ss2 = aSubmissionSet(approved);
  const f = aFolder(approved);
  const g = aFolder(approved);
  const lid = freshUuid();
  const v1 = aDocumentEntry({ entryUuid: lid, availabilityStatus: 'Deprecated', version: '1' });
  const v2 = aDocumentEntry({ ...v1, entryUuid: freshUuid(), logicalId: lid, availabilityStatus: 'Approved', version: '2' });
  const a = {
    ss1d1: link('HasMember', ss1, d1), ss1d2: link('HasMember', ss1, d2), ss1d3: link('HasMember', ss1, d3),
    ss1f: link('HasMember', ss1, f), ss1g: link('HasMember', ss1, g), fd1: link('HasMember', f, d1), fd3: link('HasMember', f, d3),
    ss2d4: link('HasMember', ss2, d4), ss2d5: link('HasMember', ss2, d5), ss2d6: link('HasMember', ss2, d6),
    apnd: link('APND', d4, d1), xfrm: link('XFRM', d5, d1), signs: link('signs', d6, d1),
    gd1: link('HasMember', g, d1), gd3: link('HasMember', g, d3, 'Deprecated'),
  };
  const a2 = { ss1fd1: link('HasMember', ss1, a.fd1), ss1fd3: link('HasMember', ss1, a.fd3), ss2gd1: link('HasMember', ss2, a.gd1) };
  const none = { statusChanges: [], folderUpdates: [] };
  const deltas: SubmissionDelta[] = [
    { submissionSets: [ss1], documentEntries: [d1, d2, d3], folders: [f, g], associations: [a.ss1d1, a.ss1d2, a.ss1d3, a.ss1f, a.ss1g, a.fd1, a.fd3, a2.ss1fd1, a2.ss1fd3], ...none },
    { submissionSets: [ss2], documentEntries: [d4, d5, d6], folders: [], associations: [a.ss2d4, a.ss2d5, a.ss2d6, a.apnd, a.xfrm, a.signs, a.gd1, a2.ss2gd1, a.gd3], ...none },
    { submissionSets: [], documentEntries: [v1, v2], folders: [], associations: [], ...none },
  ];
  return { d1, d2, d3, d4, d5, d6, ss1, ss2, f, g, v1, v2, a: { ...a, ...a2 }, deltas };
}

describe('get stored queries: contents, relations, versions and association status', () => {
  let storage: Storage;
  let c: ReturnType<typeof content>;
  before(async () => {
    storage = await openTestStorage();
    c = content();
    for (const d of c.deltas) await storage.metadata.commitSubmission(d);
  });
  after(async () => closeStorage(storage));
  const run = (name: Parameters<typeof runQuery>[1], slots: Parameters<typeof runQuery>[2]) => runQuery(storage.metadata, name, slots);

  describe('GetSubmissionSetAndContents', () => {
    it('leaves out on-demand entries and their HasMember unless asked for', async () => {
      const { a } = c;
      const stableOnly = expected({
        ss: [c.ss1], de: [c.d1, c.d3], fol: [c.f, c.g], assoc: [a.ss1d1, a.ss1d3, a.ss1f, a.ss1g, a.fd1, a.fd3, a.ss1fd1, a.ss1fd3],
      });
      expect(idsOf(await run('GetSubmissionSetAndContents', { $XDSSubmissionSetEntryUUID: q(c.ss1.entryUuid) }))).to.deep.equal(stableOnly);
      const both = await run('GetSubmissionSetAndContents', { $XDSSubmissionSetEntryUUID: q(c.ss1.entryUuid), $XDSDocumentEntryType: list(STABLE, ON_DEMAND) });
      expect(idsOf(both).de).to.deep.equal(expected({ de: [c.d1, c.d2, c.d3] }).de);
      expect(idsOf(both).assoc).to.include(a.ss1d2.entryUuid);
    });

    it('drops the folder membership of an entry the format filter removes, and the HasMember to it', async () => {
      const { a } = c;
      const out = await run('GetSubmissionSetAndContents', {
        $XDSSubmissionSetUniqueId: q(c.ss1.uniqueId ?? ''), $XDSDocumentEntryFormatCode: list(`${FORMAT_PDF.code}^^${FORMAT_PDF.codingScheme}`),
      });
      expect(idsOf(out)).to.deep.equal(expected({ ss: [c.ss1], de: [c.d3], fol: [c.f, c.g], assoc: [a.ss1d3, a.ss1f, a.ss1g, a.fd3, a.ss1fd3] }));
    });

    it('returns a membership added to an existing folder by a later submission', async () => {
      const { a } = c;
      expect(idsOf(await run('GetSubmissionSetAndContents', { $XDSSubmissionSetEntryUUID: q(c.ss2.entryUuid) }))).to.deep.equal(expected({
        ss: [c.ss2], de: [c.d4, c.d5], assoc: [a.ss2d4, a.ss2d5, a.gd1, a.ss2gd1],
      }));
    });

    it('returns nothing for an unknown SubmissionSet, or for a uniqueId of another kind', async () => {
      expect(idsOf(await run('GetSubmissionSetAndContents', { $XDSSubmissionSetEntryUUID: q(freshUuid()) }))).to.deep.equal(expected({}));
      expect(idsOf(await run('GetSubmissionSetAndContents', { $XDSSubmissionSetUniqueId: q(c.d1.uniqueId ?? '') }))).to.deep.equal(expected({}));
    });
  });

  describe('association status ($MetadataLevel, $XDSAssociationStatus)', () => {
    it('leaves deprecated memberships out by default', async () => {
      expect(idsOf(await run('GetFolderAndContents', { $XDSFolderEntryUUID: q(c.g.entryUuid) })))
        .to.deep.equal(expected({ fol: [c.g], de: [c.d1], assoc: [c.a.gd1] }));
      expect(idsOf(await run('GetAssociations', { $uuid: list(c.d3.entryUuid) })).assoc)
        .to.deep.equal(expected({ assoc: [c.a.ss1d3, c.a.fd3] }).assoc);
      expect(idsOf(await run('GetFoldersForDocument', { $XDSDocumentEntryEntryUUID: q(c.d3.entryUuid) }))).to.deep.equal(expected({ fol: [c.f] }));
    });

    it('includes them at $MetadataLevel 2 or when $XDSAssociationStatus asks for them', async () => {
      const g = q(c.g.entryUuid);
      expect(idsOf(await run('GetFolderAndContents', { $XDSFolderEntryUUID: g, $MetadataLevel: '2' })))
        .to.deep.equal(expected({ fol: [c.g], de: [c.d1, c.d3], assoc: [c.a.gd1, c.a.gd3] }));
      expect(idsOf(await run('GetFolderAndContents', { $XDSFolderEntryUUID: g, $XDSAssociationStatus: list(AVAILABILITY_STATUS.deprecated) })))
        .to.deep.equal(expected({ fol: [c.g], de: [c.d3], assoc: [c.a.gd3] }));
    });
  });

  describe('GetRelatedDocuments', () => {
    const all = list(ASSOCIATION_TYPE_URN.APND, ASSOCIATION_TYPE_URN.XFRM, ASSOCIATION_TYPE_URN.signs, ASSOCIATION_TYPE_URN.RPLC);

    it('follows only the asked association types, to stable entries by default', async () => {
      const { a } = c;
      expect(idsOf(await run('GetRelatedDocuments', { $XDSDocumentEntryEntryUUID: q(c.d1.entryUuid), $AssociationTypes: all })))
        .to.deep.equal(expected({ de: [c.d1, c.d4, c.d5], assoc: [a.apnd, a.xfrm] }));
      expect(idsOf(await run('GetRelatedDocuments', { $XDSDocumentEntryUniqueId: q(c.d1.uniqueId ?? ''), $AssociationTypes: list(ASSOCIATION_TYPE_URN.XFRM) })))
        .to.deep.equal(expected({ de: [c.d1, c.d5], assoc: [a.xfrm] }));
    });

    it('includes on-demand related entries when $XDSDocumentEntryType names them', async () => {
      const out = await run('GetRelatedDocuments', {
        $XDSDocumentEntryEntryUUID: q(c.d1.entryUuid), $AssociationTypes: all, $XDSDocumentEntryType: list(STABLE, ON_DEMAND),
      });
      expect(idsOf(out)).to.deep.equal(expected({ de: [c.d1, c.d4, c.d5, c.d6], assoc: [c.a.apnd, c.a.xfrm, c.a.signs] }));
    });

    it('finds the original from the related end as well', async () => {
      expect(idsOf(await run('GetRelatedDocuments', { $XDSDocumentEntryEntryUUID: q(c.d4.entryUuid), $AssociationTypes: all })))
        .to.deep.equal(expected({ de: [c.d4, c.d1], assoc: [c.a.apnd] }));
    });
  });

  describe('GetDocuments by logical id (Metadata Update)', () => {
    it('returns the latest version at $MetadataLevel 1 and every version at 2', async () => {
      const lid = list(c.v1.entryUuid);
      expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryLogicalID: lid }))).to.deep.equal(expected({ de: [c.v2] }));
      expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryLogicalID: lid, $MetadataLevel: '2' }))).to.deep.equal(expected({ de: [c.v1, c.v2] }));
    });

    it('refuses a $MetadataLevel that is not a number', async () => {
      const issues = await refusal(run('GetDocuments', { $XDSDocumentEntryLogicalID: list(c.v1.entryUuid), $MetadataLevel: 'two' }));
      expect(issues.map((i) => [i.code, i.location])).to.deep.equal([['XDSRegistryError', '$MetadataLevel']]);
    });
  });

  it('GetDocuments returns each entry once and ignores status and type', async () => {
    const out = await run('GetDocuments', { $XDSDocumentEntryEntryUUID: [list(c.d2.entryUuid, c.v1.entryUuid), list(c.d2.entryUuid)] });
    expect(idsOf(out)).to.deep.equal(expected({ de: [c.d2, c.v1] }));
  });

  it('GetFoldersForDocument returns every folder holding the entry', async () => {
    expect(idsOf(await run('GetFoldersForDocument', { $XDSDocumentEntryUniqueId: q(c.d1.uniqueId ?? '') }))).to.deep.equal(expected({ fol: [c.f, c.g] }));
  });

  describe('GetAll', () => {
    const base = () => ({
      $patientId: pid(c.d1.patientId ?? { id: '', assigningAuthority: '' }), $XDSDocumentEntryStatus: APPROVED,
      $XDSSubmissionSetStatus: APPROVED, $XDSFolderStatus: APPROVED,
    });

    it('restricts entries by format and keeps only associations among what it returns', async () => {
      const { a } = c;
      const out = await run('GetAll', { ...base(), $XDSDocumentEntryFormatCode: list(`${CODES.formatCode.code}^^${CODES.formatCode.codingScheme}`) });
      expect(idsOf(out)).to.deep.equal(expected({
        ss: [c.ss1, c.ss2], de: [c.d1, c.d4, c.d5, c.v2], fol: [c.f, c.g],
        assoc: [a.ss1d1, a.ss1f, a.ss1g, a.fd1, a.ss1fd1, a.ss2d4, a.ss2d5, a.apnd, a.xfrm, a.gd1, a.ss2gd1],
      }));
    });

    it('refuses more objects than the limit with XDSTooManyResults', async () => {
      const issues = await refusal(runQuery(storage.metadata, 'GetAll', base(), { maxResults: 5 }));
      expect(issues.map((i) => i.code)).to.deep.equal(['XDSTooManyResults']);
    });
  });
});
