import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentContent } from '../../domain/submission.js';
import type { Logger } from '../../logging/logger.js';
import { StoreUnavailableError } from '../errors.js';
import type { DocumentStore, StoredDocument } from '../ports.js';
import { AppendLog } from './append-log.js';
import { fsyncDir } from './atomic-file.js';
import {
  applyBlobRecord, blobRecord, readBlobRecord, readCheckpoint, writeCheckpoint, type BlobHeader, type Location,
} from './document-index.js';
import { GroupCommitter } from './group-commit.js';
import { readContent, storedFromBytes } from './memory-document-store.js';

/** Options of the file document store. */
export interface FileDocumentOptions {
  readonly dir: string;
  readonly log: Logger;
  /** Documents up to this size go into the blob log; larger ones get a file. Default 256 KiB. */
  readonly inlineMax?: number;
  /** Log growth after which the index is checkpointed. Default 1 GiB. */
  readonly checkpointBytes?: number;
}

interface Pending { readonly header: BlobHeader; readonly bytes?: Buffer; readonly resolve: () => void; readonly reject: (e: unknown) => void }

const READ_CHUNK = 1024 * 1024;

/**
 * DocumentStore for `file:<dir>`, in `<dir>/documents/`.
 *
 * Why a blob log: one fdatasync costs about 3 ms on the measured disk, so a file per document
 * (write, fsync, rename, directory fsync) caps a client at a few hundred documents per second.
 * Small documents (≤ inlineMax) are instead appended to `blobs.log` as framed records, and
 * concurrent puts share one write and one fdatasync (group commit), like the metadata log.
 * Large documents are streamed (or, given DocumentContent.filePath, renamed) into
 * `files/<xx>/<sha256(uniqueId)>` (uniqueIds hold characters unsafe in file names), fsynced,
 * and then named by a log record. The log is the one source of truth: a file without a record
 * is an unfinished put and is swept on open. Removed inline bytes stay in the log until a
 * compaction (not yet implemented) rewrites it.
 */
export class FileDocumentStore implements DocumentStore {
  private readonly writer = new GroupCommitter<Pending>((b) => this.flush(b));
  private closed = false;
  private checkpointing: Promise<void> | undefined;

  private constructor(private readonly root: string, private readonly blobs: AppendLog, private readonly index: Map<string, Location>,
    private checkpointedAt: number, private readonly opts: FileDocumentOptions) {}

  /** Opens the store: loads the checkpoint, replays the log after it, sweeps unfinished files. */
  static async open(opts: FileDocumentOptions): Promise<FileDocumentStore> {
    const root = join(opts.dir, 'documents');
    await mkdir(join(root, 'files'), { recursive: true });
    const index = new Map<string, Location>();
    let from = await readCheckpoint(join(root, 'index.checkpoint'), index);
    const logSize = await stat(join(root, 'blobs.log')).then((s) => s.size, () => 0);
    if (from > logSize) {
      // A checkpoint beyond the end of its log does not describe this log: rebuild from the log.
      opts.log.warn('storage: document index checkpoint is ahead of the blob log; rescanning', { checkpoint: from, logSize });
      index.clear(); from = 0;
    }
    const blobs = await AppendLog.open(join(root, 'blobs.log'), from, (p, at) => {
      const r = readBlobRecord(p, at); applyBlobRecord(index, r.header, r.bytesAt);
    }, opts.log);
    const store = new FileDocumentStore(root, blobs, index, from, opts);
    await store.sweep();
    return store;
  }

  async put(uniqueId: string, content: DocumentContent): Promise<{ size: number; sha1: string }> {
    this.assertOpen();
    // A small document is read even when it comes as a file: one shared fdatasync is far
    // cheaper than fsyncing and renaming a file of its own. The caller keeps its file then.
    if (content.size <= (this.opts.inlineMax ?? 256 * 1024)) {
      const bytes = await readContent(content);
      await this.submit({ t: 'put', u: uniqueId, s: bytes.length, h: content.sha1 }, bytes);
      return { size: bytes.length, sha1: content.sha1 };
    }
    const file = await this.writeFile(uniqueId, content);
    await this.submit({ t: 'put', u: uniqueId, s: content.size, h: content.sha1, f: file });
    return { size: content.size, sha1: content.sha1 };
  }

  async get(uniqueId: string): Promise<StoredDocument | undefined> {
    const loc = this.index.get(uniqueId);
    if (!loc) return undefined;
    if ('offset' in loc) return storedFromBytes(uniqueId, await this.blobs.read(loc.offset, loc.size), loc.sha1);
    const path = join(this.root, 'files', loc.file);
    return {
      uniqueId, size: loc.size, sha1: loc.sha1,
      open: () => createReadStream(path, { highWaterMark: READ_CHUNK }),
    };
  }

  async remove(uniqueIds: readonly string[]): Promise<void> {
    this.assertOpen();
    await Promise.all([...new Set(uniqueIds)].filter((u) => this.index.has(u)).map((u) => this.submit({ t: 'rm', u })));
  }

  async *list(): AsyncIterable<string> {
    yield* [...this.index.keys()];
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.blobs.check();
  }

  /** Waits for queued writes, checkpoints the index, closes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.idle();
    await this.checkpointing;
    if (this.blobs.size > this.checkpointedAt) await this.checkpoint();
    await this.blobs.close();
  }

  private submit(header: BlobHeader, bytes?: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.writer.submit({ header, ...(bytes ? { bytes } : {}), resolve, reject }));
  }

  /** Writes one batch of records with one fdatasync, then updates the index. Never rejects. */
  private async flush(batch: Pending[]): Promise<void> {
    const records = batch.map((p) => blobRecord(p.header, p.bytes));
    let at: number;
    try {
      at = await this.blobs.append(Buffer.concat(records));
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    for (const [i, p] of batch.entries()) {
      const r = readBlobRecord(records[i]!.subarray(8), at + 8);
      const before = applyBlobRecord(this.index, r.header, r.bytesAt);
      const now = this.index.get(p.header.u);
      if (before && 'file' in before && !(now && 'file' in now && now.file === before.file)) {
        await unlink(join(this.root, 'files', before.file)).catch(() => undefined);
      }
      at += records[i]!.length;
      p.resolve();
    }
    if (!this.checkpointing && this.blobs.size - this.checkpointedAt >= (this.opts.checkpointBytes ?? 1024 ** 3)) {
      this.checkpointing = this.checkpoint().catch((e: unknown) => this.opts.log.error('storage: document index checkpoint failed', { error: String(e) }))
        .finally(() => { this.checkpointing = undefined; });
    }
  }

  private async checkpoint(): Promise<void> {
    const end = this.blobs.size;
    await writeCheckpoint(join(this.root, 'index.checkpoint'), end, [...this.index.entries()]);
    this.checkpointedAt = end;
  }

  /** Moves or streams a large document into its own file, flushed, and returns its name. */
  private async writeFile(uniqueId: string, content: DocumentContent): Promise<string> {
    const hash = createHash('sha256').update(uniqueId).digest('hex');
    const name = `${hash.slice(0, 2)}/${hash}`;
    const dir = join(this.root, 'files', hash.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${hash}.${randomBytes(4).toString('hex')}.tmp`);
    if (content.filePath) await moveFile(content.filePath, tmp);
    else await streamToFile(content.open(), tmp);
    const fh = await open(tmp, 'r+');
    try { await fh.sync(); } finally { await fh.close(); }
    await rename(tmp, join(this.root, 'files', name));
    await fsyncDir(dir);
    return name;
  }

  /** Removes temporary files and files that no log record names (puts that never finished). */
  private async sweep(): Promise<void> {
    const named = new Set<string>();
    for (const l of this.index.values()) if ('file' in l) named.add(l.file);
    for (const sub of await readdir(join(this.root, 'files'))) {
      for (const f of await readdir(join(this.root, 'files', sub))) {
        if (!named.has(`${sub}/${f}`)) await rm(join(this.root, 'files', sub, f), { force: true });
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The document store is closed');
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await unlink(from);
  }
}

async function streamToFile(chunks: AsyncIterable<Uint8Array>, path: string): Promise<void> {
  const fh = await open(path, 'w');
  try {
    for await (const c of chunks) {
      let done = 0;
      while (done < c.length) done += (await fh.write(c, done, c.length - done)).bytesWritten;
    }
  } finally {
    await fh.close();
  }
}
