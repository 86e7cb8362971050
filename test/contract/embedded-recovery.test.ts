import { expect } from 'chai';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logging/logger.js';
import { EmbeddedMetadataStore, FileDocumentStore } from '../../src/storage/embedded/index.js';
import { frame } from '../../src/storage/embedded/framing.js';
import { aDelta, aDocumentEntry, anAssociation, aSubmissionSet, newPatient, newUniqueId, patientKey } from './contract-builders.js';
import { contentOf, readAll } from './document-store.contract.js';

/**
 * Embedded-adapter specifics the neutral contract cannot see: what happens to a torn or
 * corrupt log tail (a process killed or a power cut mid-write), and snapshots.
 */
const log = createLogger('silent');
const wal = (dir: string): string => join(dir, 'wal-00000000.log');

describe('embedded store recovery', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'embedded-recovery-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const commitThree = async (): Promise<{ p: ReturnType<typeof newPatient>; ids: string[] }> => {
    const store = await EmbeddedMetadataStore.open({ dir, log });
    const p = newPatient(); const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const de = aDocumentEntry(p); ids.push(de.entryUuid);
      await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
    }
    await store.close();
    return { p, ids };
  };
  const count = async (store: EmbeddedMetadataStore, p: ReturnType<typeof newPatient>): Promise<number> =>
    (await store.findDocumentEntries({ patientIds: [patientKey(p)], statuses: ['Approved'] })).length;

  it('drops a half-written last record, truncates it away and keeps writing after it', async () => {
    const { p } = await commitThree();
    const good = (await stat(wal(dir))).size;
    const next = frame([Buffer.from(JSON.stringify(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p)] })))]);
    await appendFile(wal(dir), next.subarray(0, next.length - 10));
    let store = await EmbeddedMetadataStore.open({ dir, log });
    expect(await count(store, p)).to.equal(3);
    expect((await stat(wal(dir))).size).to.equal(good);
    await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p)] }));
    await store.close();
    store = await EmbeddedMetadataStore.open({ dir, log });
    expect(await count(store, p)).to.equal(4);
    await store.close();
  });

  it('drops a last record whose checksum does not match', async () => {
    const { p, ids } = await commitThree();
    const bytes = await readFile(wal(dir));
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(wal(dir), bytes);
    const store = await EmbeddedMetadataStore.open({ dir, log });
    expect(await count(store, p)).to.equal(2);
    expect((await store.getByUuids([ids[2]!])).documentEntries).to.have.length(0);
    await store.close();
  });

  it('ignores a length field that runs past the end of the file', async () => {
    const { p } = await commitThree();
    await appendFile(wal(dir), Buffer.from([0xff, 0xff, 0xff, 0x00, 1, 2, 3, 4, 5]));
    const store = await EmbeddedMetadataStore.open({ dir, log });
    expect(await count(store, p)).to.equal(3);
    await store.close();
  });

  it('writes snapshots, removes the logs they cover and reloads from them', async () => {
    let store = await EmbeddedMetadataStore.open({ dir, log, compactBytes: 4096 });
    const p = newPatient();
    for (let i = 0; i < 40; i++) await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p)] }));
    await store.close();
    const files = await readdir(dir);
    expect(files).to.include('snapshot');
    expect(files.filter((f) => f.startsWith('wal-')).length).to.be.lessThan(3);
    store = await EmbeddedMetadataStore.open({ dir, log });
    expect(await count(store, p)).to.equal(40);
    await store.close();
  });

  it('reloads association ends from a snapshot, shared sources and targets included', async () => {
    let store = await EmbeddedMetadataStore.open({ dir, log, compactBytes: 1 });
    const p = newPatient(); const ss = aSubmissionSet(p); const des = [aDocumentEntry(p), aDocumentEntry(p), aDocumentEntry(p)];
    const rplc = anAssociation('RPLC', des[2]!.entryUuid, des[0]!.entryUuid);
    const delta = aDelta({ submissionSet: ss, documentEntries: des, associations: [rplc] });
    const links = delta.associations.filter((a) => a.type === 'HasMember');
    await store.commitSubmission(delta);
    await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p)] }));
    await store.close();
    store = await EmbeddedMetadataStore.open({ dir, log });
    const ids = (list: readonly { entryUuid: string }[]): string[] => list.map((a) => a.entryUuid).sort();
    expect(ids(await store.getAssociations({ uuids: [ss.entryUuid], side: 'source' }))).to.deep.equal(ids(links));
    expect(ids(await store.getAssociations({ uuids: [des[0]!.entryUuid], side: 'target' }))).to.deep.equal(ids([links[0]!, rplc]));
    const [a] = (await store.getByUuids([links[1]!.entryUuid])).associations;
    expect(a).to.deep.equal(links[1]);
    await store.close();
  });

  it('refuses to open over an incomplete snapshot rather than serve partial data', async () => {
    let store = await EmbeddedMetadataStore.open({ dir, log, compactBytes: 1024 });
    const p = newPatient();
    for (let i = 0; i < 5; i++) await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p)] }));
    await store.close();
    const snap = await readFile(join(dir, 'snapshot'));
    await writeFile(join(dir, 'snapshot'), snap.subarray(0, snap.length - 20));
    let error: unknown;
    try { store = await EmbeddedMetadataStore.open({ dir, log }); } catch (e) { error = e; }
    expect(String(error)).to.match(/snapshot .* incomplete/);
  });

  it('opens a snapshot written in format 1 (objects in full) and writes format 2 over it', async () => {
    const p = newPatient(); const ss = aSubmissionSet(p); const de = aDocumentEntry(p);
    const link = anAssociation('HasMember', ss.entryUuid, de.entryUuid);
    const rec = (v: unknown): Buffer => frame([Buffer.from(JSON.stringify(v))]);
    await writeFile(join(dir, 'snapshot'), Buffer.concat([
      rec({ snapshot: 1, generation: 3 }), rec({ s: [ss], f: [], d: [], a: [] }), rec({ s: [], f: [], d: [de], a: [link] }), rec({ end: true, count: 3 }),
    ]));
    let store = await EmbeddedMetadataStore.open({ dir, log, compactBytes: 1 });
    expect((await store.getByUuids([ss.entryUuid, de.entryUuid, link.entryUuid]))).to.deep.equal({
      submissionSets: [ss], documentEntries: [de], folders: [], associations: [link],
    });
    for (let i = 0; i < 5; i++) await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p)] }));
    await store.close();
    const header = JSON.parse((await readFile(join(dir, 'snapshot'))).subarray(8, 40).toString().replace(/}.*$/, '}')) as { snapshot: number };
    expect(header.snapshot).to.equal(2);
    store = await EmbeddedMetadataStore.open({ dir, log });
    expect(await count(store, p)).to.equal(6);
    expect((await store.getByUuids([de.entryUuid])).documentEntries).to.deep.equal([de]);
    await store.close();
  });

  it('replays log records written in full by older versions, and numbers values anew in each generation', async () => {
    const p = newPatient(); const first = aDocumentEntry(p);
    await writeFile(wal(dir), frame([Buffer.from(JSON.stringify(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [first] })))]));
    const later: string[] = [];
    for (let round = 0; round < 3; round++) {
      const store = await EmbeddedMetadataStore.open({ dir, log });
      const de = aDocumentEntry(p); later.push(de.entryUuid);
      await store.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de], statusChanges: [{ entryUuid: first.entryUuid, status: round % 2 ? 'Approved' : 'Deprecated' }] }));
      await store.close();
    }
    expect((await readdir(dir)).filter((f) => f.startsWith('wal-'))).to.have.length(4);
    const store = await EmbeddedMetadataStore.open({ dir, log });
    const got = await store.getByUuids([first.entryUuid, ...later]);
    expect(got.documentEntries.map((d) => d.entryUuid)).to.have.members([first.entryUuid, ...later]);
    expect(got.documentEntries.find((d) => d.entryUuid === first.entryUuid)).to.deep.equal({ ...first, availabilityStatus: 'Deprecated' });
    expect(got.documentEntries.every((d) => d.patientId === got.documentEntries[0]!.patientId), 'one shared patient value').to.equal(true);
    expect(await count(store, p)).to.equal(3);
    await store.close();
  });

  it('drops a torn document record and keeps the documents before it', async () => {
    const docs = await FileDocumentStore.open({ dir, log });
    const a = newUniqueId(); const b = newUniqueId();
    await docs.put(a, contentOf(Buffer.from('first document')));
    await docs.put(b, contentOf(Buffer.alloc(3000, 7)));
    await docs.close();
    const path = join(dir, 'documents', 'blobs-00000000.log');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    await rm(join(dir, 'documents', 'index.checkpoint'), { force: true });
    const again = await FileDocumentStore.open({ dir, log });
    expect((await readAll((await again.get(a))!.open())).toString()).to.equal('first document');
    expect(await again.get(b)).to.equal(undefined);
    await again.close();
  });

  it('removes files of large documents whose put never finished', async () => {
    const docs = await FileDocumentStore.open({ dir, log, inlineMax: 10 });
    const a = newUniqueId();
    await docs.put(a, contentOf(Buffer.alloc(100, 1)));
    await docs.close();
    const sub = (await readdir(join(dir, 'documents', 'files')))[0]!;
    await writeFile(join(dir, 'documents', 'files', sub, 'orphan.1234.tmp'), 'x');
    await writeFile(join(dir, 'documents', 'files', sub, 'f'.repeat(64)), 'y');
    const again = await FileDocumentStore.open({ dir, log, inlineMax: 10 });
    expect(await readdir(join(dir, 'documents', 'files', sub))).to.have.length(1);
    expect((await readAll((await again.get(a))!.open())).equals(Buffer.alloc(100, 1))).to.equal(true);
    await again.close();
  });
});
