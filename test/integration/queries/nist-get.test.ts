import { expect } from 'chai';
import { ASSOCIATION_TYPE_URN } from '../../../src/domain/vocabulary.js';
import { closeStorage } from '../../../src/storage/open-storage.js';
import type { Storage } from '../../../src/storage/ports.js';
import { loadNistData, type Nist12346 } from './nist-sq-data.js';
import {
  APPROVED_DEPRECATED, expected, idsOf, list, ON_DEMAND, openTestStorage, pid, q, refs, refusal, runQuery, STABLE,
} from './query-helpers.js';

/**
 * NIST XDS Toolkit SQ.b plans 11901–11909, 12368 and 15803 over the data of 12346 (and of
 * 12374 for another patient). Where a plan only counts objects, the tests name the exact objects.
 */
describe('NIST SQ.b get queries over the 12346 data', () => {
  let storage: Storage;
  let d: Nist12346;
  let o: Nist12346;
  before(async () => {
    storage = await openTestStorage();
    ({ main: d, other: o } = await loadNistData(storage.metadata));
  });
  after(async () => closeStorage(storage));
  const run = (...args: Parameters<typeof runQuery> extends [unknown, ...infer R] ? R : never) => runQuery(storage.metadata, ...args);
  const uid = (x: { uniqueId?: string }) => x.uniqueId ?? '';

  it('11901 GetDocuments: by uniqueId, uuid, lists, several Values, and with home', async () => {
    const { docA, docD } = d.docs;
    const one = expected({ de: [docA] });
    const two = expected({ de: [docA, docD] });
    expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryUniqueId: list(uid(docA)) }))).to.deep.equal(one);
    expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryUniqueId: list(uid(docA), uid(docD)) }))).to.deep.equal(two);
    expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryEntryUUID: list(docA.entryUuid) }))).to.deep.equal(one);
    expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryEntryUUID: list(docA.entryUuid, docD.entryUuid) }))).to.deep.equal(two);
    expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryEntryUUID: [list(docA.entryUuid), list(docD.entryUuid)] }))).to.deep.equal(two);
    const home = await run('GetDocuments', { $XDSDocumentEntryUniqueId: list(uid(docA)) }, { home: 'urn:oid:1.1.1' });
    expect(idsOf(home)).to.deep.equal(one);
    expect(home.issues).to.deep.equal([]);
    expect(idsOf(await run('GetDocuments', { $XDSDocumentEntryUniqueId: list('1.2.3.999') }))).to.deep.equal(expected({}));
  });

  it('11902 GetFolders: by uuids and by uniqueIds, folders only', async () => {
    const { folder1, folder2 } = d.folders;
    const both = expected({ fol: [folder1, folder2] });
    expect(idsOf(await run('GetFolders', { $XDSFolderEntryUUID: list(folder1.entryUuid, folder2.entryUuid) }))).to.deep.equal(both);
    expect(idsOf(await run('GetFolders', { $XDSFolderUniqueId: list(uid(folder1), uid(folder2)) }))).to.deep.equal(both);
    const out = await run('GetFolders', { $XDSFolderEntryUUID: list(folder1.entryUuid) });
    expect(idsOf(out)).to.deep.equal(expected({ fol: [folder1] }));
    expect(idsOf(await run('GetFolders', { $XDSFolderEntryUUID: list(d.docs.docA.entryUuid) }))).to.deep.equal(expected({}));
  });

  it('11903 GetAssociations: associations with the object as source or target', async () => {
    const a = d.assoc;
    expect(idsOf(await run('GetAssociations', { $uuid: list(d.docs.docA.entryUuid) }))).to.deep.equal(expected({ assoc: [a.ss1A] }));
    expect(idsOf(await run('GetAssociations', { $uuid: list(d.docs.docB.entryUuid) }))).to.deep.equal(expected({ assoc: [a.ss2B, a.f1B] }));
    expect(idsOf(await run('GetAssociations', { $uuid: list(d.ss.ss2.entryUuid) })))
      .to.deep.equal(expected({ assoc: [a.ss2B, a.ss2F1, a.ss2F1B] }));
    expect(idsOf(await run('GetAssociations', { $uuid: list(d.ss.ss2.entryUuid, d.ss.ss1.entryUuid) })))
      .to.deep.equal(expected({ assoc: [a.ss2B, a.ss2F1, a.ss2F1B, a.ss1A] }));
  });

  it('11904 GetDocumentsAndAssociations: the entries and every association touching them', async () => {
    const { docA, docB } = d.docs;
    const a = d.assoc;
    const single = expected({ de: [docA], assoc: [a.ss1A] });
    const pair = expected({ de: [docA, docB], assoc: [a.ss1A, a.ss2B, a.f1B] });
    expect(idsOf(await run('GetDocumentsAndAssociations', { $XDSDocumentEntryUniqueId: list(uid(docA)) }))).to.deep.equal(single);
    expect(idsOf(await run('GetDocumentsAndAssociations', { $XDSDocumentEntryUniqueId: list(uid(docA), uid(docB)) }))).to.deep.equal(pair);
    expect(idsOf(await run('GetDocumentsAndAssociations', { $XDSDocumentEntryEntryUUID: list(docA.entryUuid) }))).to.deep.equal(single);
    expect(idsOf(await run('GetDocumentsAndAssociations', { $XDSDocumentEntryEntryUUID: list(docA.entryUuid, docB.entryUuid) }))).to.deep.equal(pair);
  });

  it('11905 GetSubmissionSets: the SubmissionSets holding the objects and their HasMember', async () => {
    const { docA, docB, docC, docD } = d.docs;
    const { ss1, ss2, ss3 } = d.ss;
    const a = d.assoc;
    const get = async (...uuids: string[]) => idsOf(await run('GetSubmissionSets', { $uuid: list(...uuids) }));
    expect(await get(docA.entryUuid)).to.deep.equal(expected({ ss: [ss1], assoc: [a.ss1A] }));
    expect(await get(docA.entryUuid, docB.entryUuid)).to.deep.equal(expected({ ss: [ss1, ss2], assoc: [a.ss1A, a.ss2B] }));
    expect(await get(docC.entryUuid, docD.entryUuid)).to.deep.equal(expected({ ss: [ss3], assoc: [a.ss3C, a.ss3D] }));
    expect(await get(d.folders.folder1.entryUuid)).to.deep.equal(expected({ ss: [ss2], assoc: [a.ss2F1] }));
    expect(await get(docA.entryUuid, d.folders.folder1.entryUuid)).to.deep.equal(expected({ ss: [ss1, ss2], assoc: [a.ss1A, a.ss2F1] }));
  });

  describe('11906 GetSubmissionSetAndContents', () => {
    const get = async (slots: Record<string, string>, returnType: 'LeafClass' | 'ObjectRef' = 'LeafClass') =>
      run('GetSubmissionSetAndContents', slots, { returnType });

    it('uniqueid and uuid: a SubmissionSet with one entry', async () => {
      const want = expected({ ss: [d.ss.ss1], de: [d.docs.docA], assoc: [d.assoc.ss1A] });
      expect(idsOf(await get({ $XDSSubmissionSetUniqueId: q(uid(d.ss.ss1)) }))).to.deep.equal(want);
      expect(idsOf(await get({ $XDSSubmissionSetEntryUUID: q(d.ss.ss1.entryUuid) }))).to.deep.equal(want);
    });

    it('folder_and_docs: two entries, a folder, and all seven associations', async () => {
      const a = d.assoc;
      expect(idsOf(await get({ $XDSSubmissionSetUniqueId: q(uid(d.ss.ss3)) }))).to.deep.equal(expected({
        ss: [d.ss.ss3], de: [d.docs.docC, d.docs.docD], fol: [d.folders.folder2],
        assoc: [a.ss3C, a.ss3D, a.ss3F2, a.f2C, a.ss3F2C, a.f2D, a.ss3F2D],
      }));
    });

    it('format_code and conf_code: filtered entries take their associations with them', async () => {
      const a = d.assoc;
      const onlyD = expected({ ss: [d.ss.ss3], de: [d.docs.docD], fol: [d.folders.folder2], assoc: [a.ss3D, a.ss3F2, a.f2D, a.ss3F2D] });
      const onlyC = expected({ ss: [d.ss.ss3], de: [d.docs.docC], fol: [d.folders.folder2], assoc: [a.ss3C, a.ss3F2, a.f2C, a.ss3F2C] });
      const uidSs3 = q(uid(d.ss.ss3));
      expect(idsOf(await get({ $XDSSubmissionSetUniqueId: uidSs3, $XDSDocumentEntryFormatCode: "('urn:ihe:pcc:aps:2007^^1.3.6.1.4.1.19376.1.2.3')" })))
        .to.deep.equal(onlyD);
      expect(idsOf(await get({ $XDSSubmissionSetUniqueId: uidSs3, $XDSDocumentEntryConfidentialityCode: "('R^^2.16.840.1.113883.5.25')" })))
        .to.deep.equal(onlyC);
    });

    it('objectrefs: the SubmissionSet, the entry and the association as references', async () => {
      const r = await get({ $XDSSubmissionSetUniqueId: q(uid(d.ss.ss1)) }, 'ObjectRef');
      expect([...refs(r)].sort()).to.deep.equal([d.ss.ss1.entryUuid, d.docs.docA.entryUuid, d.assoc.ss1A.entryUuid].sort());
    });
  });

  it('11907 GetFolderAndContents: the folder, its entries (filtered) and the folder HasMember', async () => {
    const { folder1, folder2 } = d.folders;
    const { docB, docC, docD } = d.docs;
    const a = d.assoc;
    const get = async (slots: Record<string, string>) => idsOf(await run('GetFolderAndContents', slots));
    const f1 = expected({ fol: [folder1], de: [docB], assoc: [a.f1B] });
    expect(await get({ $XDSFolderUniqueId: q(uid(folder1)) })).to.deep.equal(f1);
    expect(await get({ $XDSFolderEntryUUID: q(folder1.entryUuid) })).to.deep.equal(f1);
    const f2 = q(folder2.entryUuid);
    expect(await get({ $XDSFolderEntryUUID: f2, $XDSDocumentEntryConfidentialityCode: "('R^^2.16.840.1.113883.5.25')" }))
      .to.deep.equal(expected({ fol: [folder2], de: [docC], assoc: [a.f2C] }));
    expect(await get({ $XDSFolderEntryUUID: f2, $XDSDocumentEntryConfidentialityCode: "('R^^2.16.840.1.113883.5.25', 'N^^2.16.840.1.113883.5.25')" }))
      .to.deep.equal(expected({ fol: [folder2], de: [docC, docD], assoc: [a.f2C, a.f2D] }));
    expect(await get({ $XDSFolderEntryUUID: f2, $XDSDocumentEntryFormatCode: "('urn:ihe:rad:TEXT^^1.3.6.1.4.1.19376.1.2.3')" }))
      .to.deep.equal(expected({ fol: [folder2], de: [docC], assoc: [a.f2C] }));
  });

  it('11908 GetFoldersForDocument: by uniqueId and by uuid', async () => {
    const want = expected({ fol: [d.folders.folder2] });
    expect(idsOf(await run('GetFoldersForDocument', { $XDSDocumentEntryUniqueId: q(uid(d.docs.docC)) }))).to.deep.equal(want);
    expect(idsOf(await run('GetFoldersForDocument', { $XDSDocumentEntryEntryUUID: q(d.docs.docC.entryUuid) }))).to.deep.equal(want);
    expect(idsOf(await run('GetFoldersForDocument', { $XDSDocumentEntryEntryUUID: q(d.docs.docA.entryUuid) }))).to.deep.equal(expected({}));
  });

  describe('11909 GetRelatedDocuments', () => {
    const types = list(ASSOCIATION_TYPE_URN.HasMember, ASSOCIATION_TYPE_URN.RPLC);
    const get = async (slots: Record<string, string>) => idsOf(await run('GetRelatedDocuments', { $AssociationTypes: types, ...slots }));

    it('no_initial_doc: nothing for an unknown entry', async () => {
      expect(await get({ $XDSDocumentEntryEntryUUID: q('urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6') })).to.deep.equal(expected({}));
    });

    it('uniqueid_no_related, uuid_no_related and near_folder: HasMember from a SubmissionSet or Folder relates nothing', async () => {
      expect(await get({ $XDSDocumentEntryUniqueId: q(uid(d.docs.docA)) })).to.deep.equal(expected({}));
      expect(await get({ $XDSDocumentEntryEntryUUID: q(d.docs.docA.entryUuid) })).to.deep.equal(expected({}));
      expect(await get({ $XDSDocumentEntryUniqueId: q(uid(d.docs.docD)) })).to.deep.equal(expected({}));
      expect(await get({ $XDSDocumentEntryEntryUUID: q(d.docs.docD.entryUuid) })).to.deep.equal(expected({}));
    });

    it('uniqueid: the replaced entry, its replacement and the RPLC, from either end', async () => {
      const want = expected({ de: [d.docs.docE, d.docs.docF], assoc: [d.assoc.rplc] });
      expect(await get({ $XDSDocumentEntryUniqueId: q(uid(d.docs.docE)) })).to.deep.equal(want);
      expect(await get({ $XDSDocumentEntryEntryUUID: q(d.docs.docF.entryUuid) })).to.deep.equal(want);
      const apndOnly = list(ASSOCIATION_TYPE_URN.APND);
      expect(idsOf(await run('GetRelatedDocuments', { $AssociationTypes: apndOnly, $XDSDocumentEntryEntryUUID: q(d.docs.docF.entryUuid) })))
        .to.deep.equal(expected({}));
    });
  });

  describe('12368 XDSResultNotSinglePatient', () => {
    const twoDocs = () => list(d.docs.docA.entryUuid, o.docs.docA.entryUuid);

    it('doc_leafclass fails and doc_objectref succeeds', async () => {
      const issues = await refusal(run('GetDocuments', { $XDSDocumentEntryEntryUUID: twoDocs() }));
      expect(issues.map((i) => i.code)).to.deep.equal(['XDSResultNotSinglePatient']);
      const r = await run('GetDocuments', { $XDSDocumentEntryEntryUUID: twoDocs() }, { returnType: 'ObjectRef' });
      expect([...refs(r)].sort()).to.deep.equal([d.docs.docA.entryUuid, o.docs.docA.entryUuid].sort());
    });

    it('ss_leafclass fails and ss_objectref gives two SubmissionSets and two associations', async () => {
      const issues = await refusal(run('GetSubmissionSets', { $uuid: twoDocs() }));
      expect(issues.map((i) => i.code)).to.deep.equal(['XDSResultNotSinglePatient']);
      const r = await run('GetSubmissionSets', { $uuid: twoDocs() }, { returnType: 'ObjectRef' });
      expect([...refs(r)].sort()).to.deep.equal([d.ss.ss1, o.ss.ss1, d.assoc.ss1A, o.assoc.ss1A].map((x) => x.entryUuid).sort());
    });

    it('fol_leafclass fails and fol_objectref succeeds', async () => {
      const byUuid = list(d.folders.folder1.entryUuid, o.folders.folder1.entryUuid);
      expect((await refusal(run('GetFolders', { $XDSFolderEntryUUID: byUuid }))).map((i) => i.code)).to.deep.equal(['XDSResultNotSinglePatient']);
      const r = await run('GetFolders', { $XDSFolderUniqueId: list(uid(d.folders.folder1), uid(o.folders.folder1)) }, { returnType: 'ObjectRef' });
      expect(refs(r)).to.have.length(2);
    });
  });

  it('15803 GetAll: six entries, five SubmissionSets, two folders and fifteen associations', async () => {
    const out = await run('GetAll', {
      $patientId: pid(d.patientId),
      $XDSDocumentEntryStatus: [list('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved'), list('urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated')],
      $XDSSubmissionSetStatus: APPROVED_DEPRECATED,
      $XDSFolderStatus: APPROVED_DEPRECATED,
      $XDSDocumentEntryType: [list(STABLE), list(ON_DEMAND)],
    });
    expect(idsOf(out)).to.deep.equal(expected({
      ss: Object.values(d.ss), de: Object.values(d.docs), fol: Object.values(d.folders), assoc: Object.values(d.assoc),
    }));
    expect(Object.values(d.assoc)).to.have.length(15);
  });
});
