import { expect } from 'chai';
import { StoreConflictError } from '../../src/storage/errors.js';
import type { MetadataStore } from '../../src/storage/ports.js';
import {
  aDelta, aDocumentEntry, aFolder, anAssociation, aSubmissionSet, code, newPatient, newUuid, patientKey, uuids,
} from './contract-builders.js';
import { metadataFilterContract } from './metadata-filters.contract.js';

/**
 * One opened store under test, EMPTY (the filter tests commit the same objects in every test).
 * `reopen`, when given, opens the same data again after the suite has closed `store`
 * (persistence checks). `cleanup` removes the data; the suite has closed every store it
 * received before calling it.
 */
export interface MetadataStoreFixture {
  readonly store: MetadataStore;
  readonly reopen?: () => Promise<MetadataStore>;
  readonly cleanup: () => Promise<void>;
}

/** Asserts that a promise rejects with a StoreConflictError and returns it. */
export async function expectConflict(p: Promise<unknown>): Promise<StoreConflictError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(StoreConflictError);
    return e as StoreConflictError;
  }
  expect.fail('expected the store to reject the delta with a StoreConflictError');
}

/**
 * The MetadataStore contract: every adapter must pass it. See house-style A7.
 * @param name - adapter name shown in the test titles
 * @param open - opens a fresh, empty store
 */
/** What a store under test can show: a store that keeps nothing (memory:) has no reopen. */
export interface ContractOptions {
  readonly persistent?: boolean;
}

export function metadataStoreContract(name: string, open: () => Promise<MetadataStoreFixture>, options: ContractOptions = {}): void {
  describe(`MetadataStore contract: ${name}`, function () {
    let fx: MetadataStoreFixture;
    let store: MetadataStore;
    beforeEach(async () => { fx = await open(); store = fx.store; });
    afterEach(async () => { await store.close(); await fx.cleanup(); });

    it('answers ping when open', async () => {
      await store.ping();
    });

    it('returns every committed object by entryUUID, grouped by kind', async () => {
      const p = newPatient();
      const ss = aSubmissionSet(p); const de = aDocumentEntry(p); const f = aFolder(p);
      const delta = aDelta({ submissionSet: ss, documentEntries: [de], folders: [f] });
      await store.commitSubmission(delta);
      const got = await store.getByUuids([ss.entryUuid, de.entryUuid, f.entryUuid, ...delta.associations.map((a) => a.entryUuid)]);
      expect(got.submissionSets).to.deep.equal([ss]);
      expect(got.documentEntries).to.deep.equal([de]);
      expect(got.folders).to.deep.equal([f]);
      expect(uuids(got.associations)).to.deep.equal(uuids(delta.associations));
      expect(got.associations.find((a) => a.targetUuid === de.entryUuid)).to.deep.equal(delta.associations[0]);
    });

    it('keeps a slot named __proto__ like any other', async () => {
      const p = newPatient();
      const extraMetadata = JSON.parse('{"__proto__":["p"],"constructor":["c"]}') as Record<string, string[]>;
      const de = aDocumentEntry(p, { extraMetadata });
      await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
      const [got] = (await store.getByUuids([de.entryUuid])).documentEntries;
      expect(Object.entries(got?.extraMetadata ?? {})).to.deep.equal([['__proto__', ['p']], ['constructor', ['c']]]);
      if (!fx.reopen) return;
      await store.close();
      store = await fx.reopen();
      const [again] = (await store.getByUuids([de.entryUuid])).documentEntries;
      expect(Object.entries(again?.extraMetadata ?? {}), 'after a reopen').to.deep.equal([['__proto__', ['p']], ['constructor', ['c']]]);
    });

    it('keeps every LocalizedString of titles, comments and code display names, with language and charset', async function () {
      const p = newPatient();
      const nbNn = (nb: string, nn: string) => [{ value: nb, lang: 'nb-NO', charset: 'UTF-8' }, { value: nn, lang: 'nn-NO' }];
      const localizedCode = (c: string) => ({ ...code(c), displayName: `vis ${c}`, localizedDisplayName: nbNn(`vis ${c}`, `syn ${c}`) });
      // Two entries whose classCode differs only in its translations: neither may take the other's.
      const de = aDocumentEntry(p, {
        title: 'Epikrise', localizedTitle: nbNn('Epikrise', 'Epikrise (nynorsk)'), comments: 'Merknad', localizedComments: [{ value: 'Merknad', lang: 'nb-NO' }],
        classCode: localizedCode('C1'), eventCodeList: [localizedCode('E1')],
      });
      const other = aDocumentEntry(p, { classCode: { ...code('C1'), displayName: 'vis C1', localizedDisplayName: nbNn('vis C1', 'anna C1') } });
      const ss = aSubmissionSet(p, { title: 'Innsending', localizedTitle: nbNn('Innsending', 'Innsending nn') });
      const f = aFolder(p, { comments: 'Mappe', localizedComments: nbNn('Mappe', 'Mappe nn') });
      await store.commitSubmission(aDelta({ submissionSet: ss, documentEntries: [de, other], folders: [f] }));
      const read = async () => store.getByUuids([de.entryUuid, other.entryUuid, ss.entryUuid, f.entryUuid]);
      const check = (got: Awaited<ReturnType<typeof read>>) => {
        expect(got.documentEntries.find((d) => d.entryUuid === de.entryUuid)).to.deep.equal(de);
        expect(got.documentEntries.find((d) => d.entryUuid === other.entryUuid)).to.deep.equal(other);
        expect(got.submissionSets).to.deep.equal([ss]);
        expect(got.folders).to.deep.equal([f]);
      };
      check(await read());
      if (options.persistent === false || !fx.reopen) return;
      await store.close();
      store = await fx.reopen();
      check(await read());
    });

    it('ignores unknown entryUUIDs and returns nothing for an empty list', async () => {
      const p = newPatient(); const de = aDocumentEntry(p);
      await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
      const got = await store.getByUuids([newUuid(), de.entryUuid]);
      expect(uuids(got.documentEntries)).to.deep.equal([de.entryUuid]);
      expect(got.submissionSets).to.have.length(0);
      const none = await store.getByUuids([]);
      expect(none.documentEntries.length + none.submissionSets.length + none.folders.length + none.associations.length).to.equal(0);
    });

    it('finds objects by uniqueId only within the kind asked for', async () => {
      const p = newPatient();
      const ss = aSubmissionSet(p); const de = aDocumentEntry(p); const f = aFolder(p);
      await store.commitSubmission(aDelta({ submissionSet: ss, documentEntries: [de], folders: [f] }));
      expect(uuids((await store.getByUniqueIds('DocumentEntry', [de.uniqueId!, ' 2.999.0.none'])).documentEntries)).to.deep.equal([de.entryUuid]);
      expect(uuids((await store.getByUniqueIds('SubmissionSet', [ss.uniqueId!])).submissionSets)).to.deep.equal([ss.entryUuid]);
      expect(uuids((await store.getByUniqueIds('Folder', [f.uniqueId!])).folders)).to.deep.equal([f.entryUuid]);
      const wrongKind = await store.getByUniqueIds('DocumentEntry', [ss.uniqueId!, f.uniqueId!]);
      expect(wrongKind.documentEntries.length + wrongKind.submissionSets.length + wrongKind.folders.length).to.equal(0);
    });

    it('looks up associations by source, target or either side, and by type', async () => {
      const p = newPatient();
      const ss = aSubmissionSet(p); const d1 = aDocumentEntry(p); const d2 = aDocumentEntry(p);
      const rplc = anAssociation('RPLC', d2.entryUuid, d1.entryUuid);
      const apnd = anAssociation('APND', d2.entryUuid, d1.entryUuid);
      const delta = aDelta({ submissionSet: ss, documentEntries: [d1, d2], associations: [rplc, apnd] });
      await store.commitSubmission(delta);
      const hm = delta.associations.filter((a) => a.type === 'HasMember');
      expect(uuids(await store.getAssociations({ uuids: [d1.entryUuid] }))).to.deep.equal(uuids([hm[0]!, rplc, apnd]));
      expect(uuids(await store.getAssociations({ uuids: [d1.entryUuid], side: 'either' }))).to.deep.equal(uuids([hm[0]!, rplc, apnd]));
      expect(uuids(await store.getAssociations({ uuids: [d1.entryUuid], side: 'source' }))).to.deep.equal([]);
      expect(uuids(await store.getAssociations({ uuids: [d2.entryUuid], side: 'source' }))).to.deep.equal(uuids([rplc, apnd]));
      expect(uuids(await store.getAssociations({ uuids: [d2.entryUuid], side: 'target' }))).to.deep.equal(uuids([hm[1]!]));
      expect(uuids(await store.getAssociations({ uuids: [ss.entryUuid], side: 'source' }))).to.deep.equal(uuids(hm));
      expect(uuids(await store.getAssociations({ uuids: [d1.entryUuid, d2.entryUuid], types: ['RPLC'] }))).to.deep.equal([rplc.entryUuid]);
      expect(uuids(await store.getAssociations({ uuids: [d1.entryUuid], types: ['RPLC', 'HasMember'] }))).to.deep.equal(uuids([hm[0]!, rplc]));
      expect(await store.getAssociations({ uuids: [newUuid()] })).to.deep.equal([]);
    });

    it('applies status changes and folder updates of a later submission', async () => {
      const p = newPatient();
      const d1 = aDocumentEntry(p); const f = aFolder(p, { lastUpdateTime: '20200101000000' });
      const first = aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [d1], folders: [f] });
      await store.commitSubmission(first);
      const d2 = aDocumentEntry(p);
      const rplc = anAssociation('RPLC', d2.entryUuid, d1.entryUuid);
      const hmLink = first.associations[1]!;
      await store.commitSubmission(aDelta({
        submissionSet: aSubmissionSet(p), documentEntries: [d2], associations: [rplc],
        statusChanges: [{ entryUuid: d1.entryUuid, status: 'Deprecated' }, { entryUuid: hmLink.entryUuid, status: 'Deprecated' }],
        folderUpdates: [{ entryUuid: f.entryUuid, lastUpdateTime: '20240229120000' }],
      }));
      const got = await store.getByUuids([d1.entryUuid, d2.entryUuid, f.entryUuid, hmLink.entryUuid]);
      expect(got.documentEntries.find((d) => d.entryUuid === d1.entryUuid)).to.deep.equal({ ...d1, availabilityStatus: 'Deprecated' });
      expect(got.documentEntries.find((d) => d.entryUuid === d2.entryUuid)?.availabilityStatus).to.equal('Approved');
      expect(got.folders[0]).to.deep.equal({ ...f, lastUpdateTime: '20240229120000' });
      expect(got.associations[0]?.availabilityStatus).to.equal('Deprecated');
      expect(uuids(await store.findDocumentEntries({ patientIds: [patientKey(p)], statuses: ['Deprecated'] })))
        .to.deep.equal([d1.entryUuid]);
    });

    it('applies a status change to an object of the same delta', async () => {
      const p = newPatient(); const de = aDocumentEntry(p);
      await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de], statusChanges: [{ entryUuid: de.entryUuid, status: 'Submitted' }] }));
      expect((await store.getByUuids([de.entryUuid])).documentEntries[0]?.availabilityStatus).to.equal('Submitted');
    });

    it('does not let callers change stored objects through returned or committed objects', async () => {
      const p = newPatient();
      const de = aDocumentEntry(p, { eventCodeList: [{ code: 'E1', codingScheme: '2.999.9' }] });
      const mutableCopy = structuredClone(de) as { -readonly [K in keyof typeof de]: (typeof de)[K] };
      await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [mutableCopy] }));
      mutableCopy.title = 'changed after commit';
      const got = (await store.getByUuids([de.entryUuid])).documentEntries[0]!;
      try { (got as { title?: string }).title = 'changed by a reader'; } catch { /* frozen objects may throw */ }
      try { (got.eventCodeList as unknown as unknown[]).push({ code: 'X', codingScheme: 'Y' }); } catch { /* frozen */ }
      expect((await store.getByUuids([de.entryUuid])).documentEntries[0]).to.deep.equal(de);
    });

    describe('rejecting a conflicting delta as a whole', () => {
      it('rejects a delta whose entryUUID is already stored, and stores nothing of it', async () => {
        const p = newPatient(); const de = aDocumentEntry(p);
        await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
        const ss2 = aSubmissionSet(p); const fresh = aDocumentEntry(p);
        const err = await expectConflict(store.commitSubmission(aDelta({ submissionSet: ss2, documentEntries: [fresh, aDocumentEntry(p, { entryUuid: de.entryUuid })] })));
        expect(err.kind).to.equal('entryUuidExists');
        expect(err.ids).to.include(de.entryUuid);
        const got = await store.getByUuids([ss2.entryUuid, fresh.entryUuid]);
        expect(got.submissionSets.length + got.documentEntries.length).to.equal(0);
        expect(await store.getAssociations({ uuids: [ss2.entryUuid] })).to.deep.equal([]);
      });

      it('rejects a SubmissionSet whose uniqueId is already stored', async () => {
        const p = newPatient(); const ss = aSubmissionSet(p);
        await store.commitSubmission(aDelta({ submissionSet: ss, documentEntries: [aDocumentEntry(p)] }));
        const ss2 = aSubmissionSet(p, { uniqueId: ss.uniqueId! }); const de = aDocumentEntry(p);
        const err = await expectConflict(store.commitSubmission(aDelta({ submissionSet: ss2, documentEntries: [de] })));
        expect(err.kind).to.equal('uniqueIdExists');
        expect((await store.getByUuids([ss2.entryUuid, de.entryUuid])).documentEntries).to.have.length(0);
      });

      it('rejects a Folder whose uniqueId is already stored', async () => {
        const p = newPatient(); const f = aFolder(p);
        await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), folders: [f] }));
        const ss2 = aSubmissionSet(p);
        await expectConflict(store.commitSubmission(aDelta({ submissionSet: ss2, folders: [aFolder(p, { uniqueId: f.uniqueId! })] })));
        expect((await store.getByUuids([ss2.entryUuid])).submissionSets).to.have.length(0);
        expect((await store.getByUniqueIds('Folder', [f.uniqueId!])).folders).to.have.length(1);
      });

      it('accepts a Folder that reuses a uniqueId as a new version with the same logicalId', async () => {
        const p = newPatient(); const logicalId = newUuid();
        const f = aFolder(p, { logicalId, version: '1' });
        await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), folders: [f] }));
        const v2 = aFolder(p, { uniqueId: f.uniqueId!, logicalId, version: '2' });
        await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), folders: [v2], statusChanges: [{ entryUuid: f.entryUuid, status: 'Deprecated' }] }));
        expect(uuids((await store.getByUniqueIds('Folder', [f.uniqueId!])).folders)).to.deep.equal(uuids([f, v2]));
        await expectConflict(store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), folders: [aFolder(p, { uniqueId: f.uniqueId!, logicalId: newUuid() })] })));
      });

      it('leaves DocumentEntry uniqueIds to the registry: versions share them', async () => {
        const p = newPatient(); const d1 = aDocumentEntry(p, { logicalId: newUuid(), version: '1' });
        await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [d1] }));
        const d2 = aDocumentEntry(p, { uniqueId: d1.uniqueId!, logicalId: d1.logicalId!, version: '2' });
        await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [d2] }));
        expect(uuids((await store.getByUniqueIds('DocumentEntry', [d1.uniqueId!])).documentEntries)).to.deep.equal(uuids([d1, d2]));
      });

      it('rejects a status change or folder update of an unknown object', async () => {
        const p = newPatient(); const ss = aSubmissionSet(p);
        const e1 = await expectConflict(store.commitSubmission(aDelta({ submissionSet: ss, documentEntries: [aDocumentEntry(p)], statusChanges: [{ entryUuid: newUuid(), status: 'Deprecated' }] })));
        expect(e1.kind).to.equal('unknownObject');
        const e2 = await expectConflict(store.commitSubmission(aDelta({ submissionSet: ss, folderUpdates: [{ entryUuid: newUuid(), lastUpdateTime: '2024' }] })));
        expect(e2.kind).to.equal('unknownObject');
        expect((await store.getByUuids([ss.entryUuid])).submissionSets).to.have.length(0);
      });

      it('rejects a delta that uses one entryUUID twice', async () => {
        const p = newPatient(); const ss = aSubmissionSet(p); const de = aDocumentEntry(p);
        await expectConflict(store.commitSubmission(aDelta({ submissionSet: ss, documentEntries: [de, { ...de, uniqueId: '2.999.8.1' }] })));
        expect((await store.getByUuids([ss.entryUuid, de.entryUuid])).documentEntries).to.have.length(0);
      });

      it('keeps the stored objects unchanged after a rejected status change', async () => {
        const p = newPatient(); const de = aDocumentEntry(p);
        await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
        await expectConflict(store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), statusChanges: [{ entryUuid: de.entryUuid, status: 'Deprecated' }, { entryUuid: newUuid(), status: 'Deprecated' }] })));
        expect((await store.getByUuids([de.entryUuid])).documentEntries[0]?.availabilityStatus).to.equal('Approved');
      });
    });

    describe('concurrent commits', () => {
      it('stores every one of many concurrent submissions', async () => {
        const p = newPatient();
        const deltas = Array.from({ length: 40 }, () => aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p), aDocumentEntry(p)] }));
        await Promise.all(deltas.map((d) => store.commitSubmission(d)));
        const all = deltas.flatMap((d) => d.documentEntries);
        const found = await store.findDocumentEntries({ patientIds: [patientKey(p)], statuses: ['Approved'] });
        expect(uuids(found)).to.deep.equal(uuids(all));
      });

      it('lets exactly one of several concurrent submissions with the same entryUUID win', async () => {
        const p = newPatient(); const entryUuid = newUuid();
        const deltas = Array.from({ length: 5 }, () => aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p, { entryUuid })] }));
        const results = await Promise.allSettled(deltas.map((d) => store.commitSubmission(d)));
        expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
        const winner = deltas[results.findIndex((r) => r.status === 'fulfilled')]!;
        const stored = await store.findSubmissionSets({ patientIds: [patientKey(p)], statuses: ['Approved'] });
        expect(uuids(stored)).to.deep.equal([winner.submissionSets[0]!.entryUuid]);
        expect((await store.getByUuids([entryUuid])).documentEntries[0]).to.deep.equal(winner.documentEntries[0]);
      });

      it('lets exactly one of several concurrent submissions with the same uniqueId win', async () => {
        const p = newPatient(); const uniqueId = `2.999.6.${Date.now()}`;
        const deltas = Array.from({ length: 6 }, () => aDelta({ submissionSet: aSubmissionSet(p, { uniqueId }), documentEntries: [aDocumentEntry(p)] }));
        const results = await Promise.allSettled(deltas.map((d) => store.commitSubmission(d)));
        expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(StoreConflictError);
        const winner = deltas[results.findIndex((r) => r.status === 'fulfilled')]!;
        const found = await store.findDocumentEntries({ patientIds: [patientKey(p)], statuses: ['Approved'] });
        expect(uuids(found)).to.deep.equal(uuids(winner.documentEntries));
      });
    });

    if (options.persistent !== false) it('keeps committed submissions, status changes and folder updates across a reopen', async function () {
      if (!fx.reopen) throw new Error('a persistent store under test must offer reopen');
      const p = newPatient();
      const d1 = aDocumentEntry(p); const f = aFolder(p); const ss = aSubmissionSet(p);
      await store.commitSubmission(aDelta({ submissionSet: ss, documentEntries: [d1], folders: [f] }));
      const d2 = aDocumentEntry(p);
      const second = aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [d2], associations: [anAssociation('RPLC', d2.entryUuid, d1.entryUuid)],
        statusChanges: [{ entryUuid: d1.entryUuid, status: 'Deprecated' }], folderUpdates: [{ entryUuid: f.entryUuid, lastUpdateTime: '20250101' }] });
      await store.commitSubmission(second);
      await store.close();
      store = await fx.reopen!();
      const got = await store.getByUuids([d1.entryUuid, d2.entryUuid, f.entryUuid, ss.entryUuid]);
      expect(got.documentEntries.find((d) => d.entryUuid === d1.entryUuid)).to.deep.equal({ ...d1, availabilityStatus: 'Deprecated' });
      expect(got.documentEntries.find((d) => d.entryUuid === d2.entryUuid)).to.deep.equal(d2);
      expect(got.folders).to.deep.equal([{ ...f, lastUpdateTime: '20250101' }]);
      expect(got.submissionSets).to.deep.equal([ss]);
      expect(uuids(await store.getAssociations({ uuids: [d1.entryUuid], side: 'target' }))).to.have.length(2);
      expect((await store.getByUniqueIds('SubmissionSet', [ss.uniqueId!])).submissionSets).to.have.length(1);
      await expectConflict(store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p, { uniqueId: ss.uniqueId! }) })));
    });

    metadataFilterContract(() => store);
  });
}
