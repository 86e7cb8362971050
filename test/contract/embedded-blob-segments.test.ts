import { expect } from 'chai';
import { copyFile, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logging/logger.js';
import { FileDocumentStore } from '../../src/storage/embedded/index.js';
import { newUniqueId } from './contract-builders.js';
import { contentOf, readAll } from './document-store.contract.js';

/**
 * The blob log of the file document store in segments: rotation, compaction of segments whose
 * documents were removed or replaced, and what a crash around a compaction leaves.
 */
const log = createLogger('silent');
const bytesOf = (i: number): Buffer => Buffer.alloc(500, i % 251);

describe('embedded document store segments', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'embedded-segments-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const segments = async (): Promise<string[]> => (await readdir(join(dir, 'documents'))).filter((f) => /^blobs-\d+\.log$/.test(f)).sort();
  const open = (): Promise<FileDocumentStore> => FileDocumentStore.open({ dir, log, segmentBytes: 4096 });
  const putAll = async (store: FileDocumentStore, n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) { const id = newUniqueId(); ids.push(id); await store.put(id, contentOf(bytesOf(i))); }
    return ids;
  };
  const expectDocs = async (store: FileDocumentStore, ids: readonly string[], from: number): Promise<void> => {
    for (const [k, id] of ids.entries()) {
      const doc = await store.get(id);
      expect(doc, id).to.not.equal(undefined);
      expect((await readAll(doc!.open())).equals(bytesOf(from + k))).to.equal(true);
    }
  };
  const until = async (cond: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it('starts a new segment when the active one is full and reads every segment after a reopen', async () => {
    let store = await open();
    const ids = await putAll(store, 30);
    await store.close();
    expect((await segments()).length).to.be.greaterThan(2);
    store = await open();
    await expectDocs(store, ids, 0);
    expect(new Set(await readAllIds(store))).to.deep.equal(new Set(ids));
    await store.close();
  });

  /** Removes two of every three of the first 30 documents; returns the indexes still stored. */
  const thin = async (store: FileDocumentStore, ids: readonly string[]): Promise<number[]> => {
    await store.remove(ids.filter((_, i) => i < 30 && i % 3 !== 0));
    return ids.map((_, i) => i).filter((i) => i >= 30 || i % 3 === 0);
  };
  const expectKept = async (store: FileDocumentStore, ids: readonly string[], kept: readonly number[]): Promise<void> => {
    for (const i of kept) await expectDocs(store, [ids[i]!], i);
    for (const [i, id] of ids.entries()) if (!kept.includes(i)) expect(await store.get(id), `removed ${i}`).to.equal(undefined);
  };

  it('deletes old segments whose documents were removed, after copying the live ones', async () => {
    let store = await open();
    const ids = await putAll(store, 40);
    const before = await segments();
    const kept = await thin(store, ids);
    await until(async () => !(await segments()).includes(before[2]!));
    const after = await segments();
    expect(after).to.not.include.members(before.slice(0, 3));
    await expectKept(store, ids, kept);
    await store.close();
    store = await open();
    await expectKept(store, ids, kept);
    expect(new Set(await readAllIds(store))).to.deep.equal(new Set(kept.map((i) => ids[i])));
    await store.close();
  });

  it('loses nothing when the checkpoint on disk still points into a deleted segment, or is gone', async () => {
    let store = await open();
    const ids = await putAll(store, 40);
    await store.close();
    await copyFile(join(dir, 'documents', 'index.checkpoint'), join(dir, 'old.checkpoint'));
    store = await open();
    const first = (await segments())[0]!;
    const kept = await thin(store, ids);
    await until(async () => !(await segments()).includes(first));
    await store.close();
    expect(await segments()).to.not.include(first);
    for (const restore of [true, false]) {
      if (restore) await copyFile(join(dir, 'old.checkpoint'), join(dir, 'documents', 'index.checkpoint'));
      else await rm(join(dir, 'documents', 'index.checkpoint'));
      store = await open();
      await expectKept(store, ids, kept);
      await store.close();
    }
  });

  it('opens a blob log written before segments existed', async () => {
    let store = await FileDocumentStore.open({ dir, log });
    const ids = await putAll(store, 3);
    await store.close();
    await rename(join(dir, 'documents', 'blobs-00000000.log'), join(dir, 'documents', 'blobs.log'));
    store = await FileDocumentStore.open({ dir, log });
    await expectDocs(store, ids, 0);
    await store.close();
  });
});

async function readAllIds(store: FileDocumentStore): Promise<string[]> {
  const out: string[] = [];
  for await (const id of store.list()) out.push(id);
  return out;
}
