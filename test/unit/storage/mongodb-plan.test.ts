import { expect } from 'chai';
import { StoreConflictError } from '../../../src/storage/errors.js';
import {
  changeToSet, COLLECTION, documentEntryToStored, folderToStored, objectFromStored,
} from '../../../src/storage/mongodb/documents.js';
import { buildPlan, checkInDelta, conflictOf, storedTargets } from '../../../src/storage/mongodb/plan.js';
import { aDelta, aDocumentEntry, aFolder, anAuthor, aSubmissionSet, newPatient, newUuid } from '../../contract/contract-builders.js';

/** Stored shapes (documents.ts) and submission plans (plan.ts) of the MongoDB adapter. */
describe('MongoDB stored shapes', () => {
  it('round-trips a DocumentEntry, slot names with dots and dollars included', () => {
    const de = aDocumentEntry(newPatient(), {
      authors: [anAuthor('Welby', 'Marcus')], logicalId: newUuid(),
      extraMetadata: { 'urn:no.nhn:slot$x': ['a', 'b'], plain: [] },
    });
    const stored = documentEntryToStored(de);
    expect(stored._id).to.equal(de.entryUuid);
    expect(stored.authorPersons).to.deep.equal(['^Welby^Marcus']);
    expect(stored.creationTime).to.equal('20200115103000');
    expect(stored.logicalKey).to.equal(de.logicalId);
    expect(Object.keys(stored.o)).not.to.include('extraMetadata');
    expect(objectFromStored(structuredClone(stored))).to.deep.equal(de);
  });

  it('stores no field for an absent value and keys a Folder without logicalId by its entryUUID', () => {
    const f = aFolder(newPatient(), { lastUpdateTime: '2021' });
    delete (f as { uniqueId?: string }).uniqueId;
    const stored = folderToStored(f);
    expect(stored).not.to.have.property('uniqueId');
    expect(stored.logicalKey).to.equal(f.entryUuid);
    expect(stored.lastUpdateTime).to.equal('20210101000000');
  });

  it('shows a committed change on the domain object and writes it with its query key', () => {
    const f = aFolder(newPatient());
    expect(objectFromStored(folderToStored(f), { status: 'Deprecated', lastUpdateTime: '2024' }))
      .to.deep.equal({ ...f, availabilityStatus: 'Deprecated', lastUpdateTime: '2024' });
    expect(changeToSet({ status: 'Deprecated', lastUpdateTime: '2024' })).to.deep.equal({
      status: 'Deprecated', 'o.availabilityStatus': 'Deprecated', lastUpdateTime: '20240101000000', 'o.lastUpdateTime': '2024',
    });
  });
});

describe('MongoDB submission plans', () => {
  const p = newPatient();

  it('rejects a delta that uses an entryUUID or a SubmissionSet uniqueId twice', () => {
    const de = aDocumentEntry(p);
    expect(() => checkInDelta(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de, { ...de }] })))
      .to.throw(StoreConflictError).with.property('kind', 'duplicateInDelta');
    const ss = aSubmissionSet(p);
    expect(() => checkInDelta({ ...aDelta({ submissionSet: ss }), submissionSets: [ss, { ...ss, entryUuid: newUuid() }] }))
      .to.throw(StoreConflictError).with.property('ids').that.deep.equals([ss.uniqueId]);
  });

  it('claims every entryUUID and the SubmissionSet and Folder uniqueIds, not DocumentEntry uniqueIds', () => {
    const ss = aSubmissionSet(p); const de = aDocumentEntry(p); const f = aFolder(p, { logicalId: 'urn:uuid:l' });
    const delta = aDelta({ submissionSet: ss, documentEntries: [de], folders: [f] });
    const plan = buildPlan(delta, 's1', new Map());
    expect(plan.claims.map((c) => c._id)).to.have.members([
      ...[ss, de, f, ...delta.associations].map((o) => `uuid:${o.entryUuid}`), `ss:${ss.uniqueId}`, `folder:${f.uniqueId}`,
    ]);
    expect(plan.claims.find((c) => c._id.startsWith('folder:'))?.logicalId).to.equal('urn:uuid:l');
    expect(plan.inserts.find((i) => i.c === COLLECTION.DocumentEntry)?.docs.map((d) => d._id)).to.deep.equal([de.entryUuid]);
  });

  it('applies changes to objects of the same delta and plans the rest for stored objects', () => {
    const de = aDocumentEntry(p); const stored = newUuid(); const storedFolder = newUuid();
    const delta = aDelta({
      submissionSet: aSubmissionSet(p), documentEntries: [de],
      statusChanges: [{ entryUuid: de.entryUuid, status: 'Submitted' }, { entryUuid: stored, status: 'Deprecated' }],
      folderUpdates: [{ entryUuid: storedFolder, lastUpdateTime: '2024' }],
    });
    expect(storedTargets(delta)).to.have.members([stored, storedFolder]);
    const plan = buildPlan(delta, 's1', new Map([
      [stored, { c: COLLECTION.DocumentEntry, id: stored }], [storedFolder, { c: COLLECTION.Folder, id: storedFolder }],
    ]));
    expect(plan.inserts.find((i) => i.c === COLLECTION.DocumentEntry)?.docs[0]?.status).to.equal('Submitted');
    expect(plan.changes).to.have.deep.members([
      { c: COLLECTION.DocumentEntry, id: stored, change: { status: 'Deprecated' } },
      { c: COLLECTION.Folder, id: storedFolder, change: { lastUpdateTime: '2024' } },
    ]);
  });

  it('refuses changes of unknown objects and folder updates of anything but a Folder', () => {
    const de = aDocumentEntry(p); const gone = newUuid(); const storedDe = newUuid();
    const unknown = aDelta({ submissionSet: aSubmissionSet(p), statusChanges: [{ entryUuid: gone, status: 'Deprecated' }] });
    expect(() => buildPlan(unknown, 's', new Map())).to.throw(StoreConflictError).with.property('kind', 'unknownObject');
    const notFolder = aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de],
      folderUpdates: [{ entryUuid: de.entryUuid, lastUpdateTime: '2024' }, { entryUuid: storedDe, lastUpdateTime: '2024' }] });
    expect(() => buildPlan(notFolder, 's', new Map([[storedDe, { c: COLLECTION.DocumentEntry, id: storedDe }]])))
      .to.throw(StoreConflictError).with.property('ids').that.has.members([de.entryUuid, storedDe]);
  });

  it('reports taken entryUUIDs before taken uniqueIds', () => {
    expect(conflictOf(['ss:1.2', 'uuid:urn:uuid:x'])).to.include({ kind: 'entryUuidExists' }).and.have.property('ids').that.deep.equals(['urn:uuid:x']);
    expect(conflictOf(['ss:1.2', 'folder:1.3'])).to.include({ kind: 'uniqueIdExists' }).and.have.property('ids').that.deep.equals(['1.2', '1.3']);
  });
});
