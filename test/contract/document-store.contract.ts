import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentContent } from '../../src/domain/submission.js';
import type { DocumentStore } from '../../src/storage/ports.js';
import { newUniqueId } from './contract-builders.js';

/** One opened, empty document store under test; see MetadataStoreFixture. */
export interface DocumentStoreFixture {
  readonly store: DocumentStore;
  readonly reopen?: () => Promise<DocumentStore>;
  readonly cleanup: () => Promise<void>;
}

/** DocumentContent over bytes held in memory, optionally without exposing them as `bytes`. */
export function contentOf(bytes: Uint8Array, o: { exposeBytes?: boolean; filePath?: string; chunk?: number } = {}): DocumentContent {
  const chunk = o.chunk ?? 64 * 1024;
  return {
    size: bytes.length,
    sha1: createHash('sha1').update(bytes).digest('hex'),
    ...(o.exposeBytes === false ? {} : { bytes }),
    ...(o.filePath === undefined ? {} : { filePath: o.filePath }),
    async *open() { for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk); },
  };
}

/** Reads a stored document's stream completely. */
export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/**
 * The DocumentStore contract: every adapter must pass it.
 * @param name - adapter name shown in the test titles
 * @param open - opens a fresh, empty store
 */
/** What a store under test can show: a store that keeps nothing (memory:) has no reopen. */
export interface ContractOptions {
  readonly persistent?: boolean;
}

export function documentStoreContract(name: string, open: () => Promise<DocumentStoreFixture>, options: ContractOptions = {}): void {
  describe(`DocumentStore contract: ${name}`, function () {
    let fx: DocumentStoreFixture;
    let store: DocumentStore;
    beforeEach(async () => { fx = await open(); store = fx.store; });
    afterEach(async () => { await store.close(); await fx.cleanup(); });

    const sizes = [0, 1, 10 * 1024, 3 * 1024 * 1024 + 7];
    for (const size of sizes) {
      it(`stores and returns ${size} bytes exactly, with size and SHA-1`, async () => {
        const bytes = randomBytes(size); const id = newUniqueId();
        const c = contentOf(bytes, { exposeBytes: size % 2 === 0 });
        expect(await store.put(id, c)).to.deep.equal({ size, sha1: c.sha1 });
        const got = await store.get(id);
        expect(got).to.not.equal(undefined);
        expect(got!.uniqueId).to.equal(id);
        expect(got!.size).to.equal(size);
        expect(got!.sha1).to.equal(c.sha1);
        expect((await readAll(got!.open())).equals(bytes)).to.equal(true);
        expect((await readAll(got!.open())).equals(bytes)).to.equal(true);
      });
    }

    it('keeps uniqueIds with characters that are unsafe in file names apart', async () => {
      const ids = ['1.2.3^ext/../x', '1.2.3^EXT', '1.2.3^ext', `${newUniqueId()}:*?"<>|\\`];
      for (const [i, id] of ids.entries()) await store.put(id, contentOf(Buffer.from(`doc ${i}`)));
      for (const [i, id] of ids.entries()) expect((await readAll((await store.get(id))!.open())).toString()).to.equal(`doc ${i}`);
    });

    it('returns undefined for an unknown uniqueId', async () => {
      expect(await store.get(newUniqueId())).to.equal(undefined);
    });

    it('replaces the bytes when the same uniqueId is put again', async () => {
      const id = newUniqueId();
      await store.put(id, contentOf(Buffer.from('first')));
      await store.put(id, contentOf(Buffer.from('second version')));
      const got = (await store.get(id))!;
      expect(got.size).to.equal(14);
      expect((await readAll(got.open())).toString()).to.equal('second version');
    });

    it('takes over a file given as filePath', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'docstore-contract-'));
      try {
        const path = join(dir, 'upload.bin'); const bytes = randomBytes(200 * 1024);
        await writeFile(path, bytes);
        const id = newUniqueId();
        await store.put(id, contentOf(bytes, { exposeBytes: false, filePath: path }));
        expect((await readAll((await store.get(id))!.open())).equals(bytes)).to.equal(true);
      } finally { await rm(dir, { recursive: true, force: true }); }
    });

    it('removes documents and ignores unknown ones', async () => {
      const a = newUniqueId(); const b = newUniqueId();
      await store.put(a, contentOf(Buffer.from('a'))); await store.put(b, contentOf(Buffer.from('b')));
      await store.remove([a, newUniqueId()]);
      expect(await store.get(a)).to.equal(undefined);
      expect(await store.get(b)).to.not.equal(undefined);
    });

    it('lists every stored uniqueId once', async () => {
      const ids = [newUniqueId(), newUniqueId(), newUniqueId()];
      for (const id of ids) await store.put(id, contentOf(Buffer.from(id)));
      await store.put(ids[0]!, contentOf(Buffer.from('again')));
      await store.remove([ids[2]!]);
      const listed: string[] = [];
      for await (const id of store.list()) listed.push(id);
      expect(listed.sort()).to.deep.equal([ids[0]!, ids[1]!].sort());
    });

    it('stores concurrent puts of different documents', async () => {
      const docs = Array.from({ length: 30 }, (_, i) => ({ id: newUniqueId(), bytes: randomBytes(1000 + i * 100) }));
      await Promise.all(docs.map((d) => store.put(d.id, contentOf(d.bytes))));
      for (const d of docs) expect((await readAll((await store.get(d.id))!.open())).equals(d.bytes)).to.equal(true);
    });

    it('answers ping when open', async () => { await store.ping(); });

    if (options.persistent !== false) it('keeps documents and removals across a reopen', async function () {
      if (!fx.reopen) throw new Error('a persistent store under test must offer reopen');
      const small = randomBytes(5000); const big = randomBytes(2 * 1024 * 1024);
      const a = newUniqueId(); const b = newUniqueId(); const gone = newUniqueId();
      await store.put(a, contentOf(small)); await store.put(b, contentOf(big, { exposeBytes: false }));
      await store.put(gone, contentOf(Buffer.from('x'))); await store.remove([gone]);
      await store.close();
      store = await fx.reopen!();
      expect((await readAll((await store.get(a))!.open())).equals(small)).to.equal(true);
      const gotBig = (await store.get(b))!;
      expect(gotBig.sha1).to.equal(createHash('sha1').update(big).digest('hex'));
      expect((await readAll(gotBig.open())).equals(big)).to.equal(true);
      expect(await store.get(gone)).to.equal(undefined);
    });
  });
}

