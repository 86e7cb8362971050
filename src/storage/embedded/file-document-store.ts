import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentContent } from '../../domain/submission.js';
import type { Logger } from '../../logging/logger.js';
import { StoreUnavailableError } from '../errors.js';
import type { DocumentStore, StoredDocument } from '../ports.js';
import { fsyncDir } from './atomic-file.js';
import { BlobSegments, type SegmentPosition } from './blob-segments.js';
import {
  applyBlobRecord, blobRecord, readBlobRecord, readCheckpoint, writeCheckpoint, type BlobHeader, type Location,
} from './document-index.js';
import { GroupCommitter } from './group-commit.js';
import { moveFile, streamToFile } from './document-files.js';
import { readContent, storedFromBytes } from './memory-document-store.js';

/** Options of the file document store. */
export interface FileDocumentOptions {
  readonly dir: string;
  readonly log: Logger;
  /** Documents up to this size go into the blob log; larger ones get a file. Default 256 KiB. */
  readonly inlineMax?: number;
  /** Log growth after which the index is checkpointed. Default 1 GiB. */
  readonly checkpointBytes?: number;
  /** Size at which the blob log starts a new segment. Default 256 MiB. */
  readonly segmentBytes?: number;
}

interface Pending {
  readonly header: BlobHeader;
  readonly bytes?: Buffer;
  /** For a compaction copy: where the document must still be, else the copy is dropped. */
  readonly expect?: Location;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

type Inline = Extract<Location, { seg: number }>;

const READ_CHUNK = 1024 * 1024;
/** A sealed segment whose live documents fill less than this share of it is compacted. */
const MIN_LIVE = 0.5;
/** Documents copied at once by a compaction (they share group commits). */
const COPY_BATCH = 64;

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
 * is an unfinished put and is swept on open.
 *
 * Reclaiming space: the log is split into segments (blob-segments.ts). When the oldest sealed
 * segment holds less than MIN_LIVE live bytes and a checkpoint covers it, its live documents
 * are copied to the active segment as ordinary put records (each dropped if the document
 * changed meanwhile), flushed, and then the segment is deleted. A crash at any point leaves
 * either the old segment or the copies: the checkpoint and the log after it still describe
 * every document. Oldest first, because a removal record in a deleted later segment could
 * otherwise no longer cancel a put in an older one when the log is replayed from its start.
 */
export class FileDocumentStore implements DocumentStore {
  private readonly writer = new GroupCommitter<Pending>((b) => this.flush(b));
  private closed = false;
  private checkpointing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;
  /** Bytes appended since the last checkpoint. */
  private grown = 0;

  private constructor(private readonly root: string, private readonly blobs: BlobSegments, private readonly index: Map<string, Location>,
    private checkpointedAt: SegmentPosition, private readonly live: Map<number, number>, private readonly opts: FileDocumentOptions) {}

  /** Opens the store: loads the checkpoint, replays the log after it, sweeps unfinished files. */
  static async open(opts: FileDocumentOptions): Promise<FileDocumentStore> {
    const root = join(opts.dir, 'documents');
    await mkdir(join(root, 'files'), { recursive: true });
    const index = new Map<string, Location>();
    let from = await readCheckpoint(join(root, 'index.checkpoint'), index);
    const segSize = await stat(join(root, `blobs-${String(from.seg).padStart(8, '0')}.log`)).then((s) => s.size, () => -1);
    if ((from.seg > 0 || from.end > 0) && (segSize < 0 || from.end > segSize)) {
      // A checkpoint beyond the end of its log does not describe this log: rebuild from the log.
      opts.log.warn('storage: document index checkpoint is ahead of the blob log; rescanning', { checkpoint: from, segmentSize: segSize });
      index.clear(); from = { seg: 0, end: 0 };
    }
    const blobs = await BlobSegments.open(root, from, (p, at, seg) => {
      const r = readBlobRecord(p, at); applyBlobRecord(index, r.header, r.bytesAt, seg);
    }, opts.log);
    const live = new Map<number, number>();
    for (const [u, l] of index) {
      if (!('seg' in l)) continue;
      if (blobs.has(l.seg)) live.set(l.seg, (live.get(l.seg) ?? 0) + l.size);
      else { opts.log.error('storage: a document points into a deleted blob segment', { uniqueId: u, segment: l.seg }); index.delete(u); }
    }
    const store = new FileDocumentStore(root, blobs, index, from, live, opts);
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
    if ('seg' in loc) return storedFromBytes(uniqueId, await this.blobs.read(loc.seg, loc.offset, loc.size), loc.sha1);
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

  /** Stops compaction, waits for queued writes, checkpoints the index, closes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.compacting;
    await this.checkpointing;
    await this.writer.idle();
    if (this.blobs.active !== this.checkpointedAt.seg || this.blobs.size > this.checkpointedAt.end) await this.checkpoint();
    await this.blobs.close();
  }

  private submit(header: BlobHeader, bytes?: Buffer, expect?: Location): Promise<void> {
    return new Promise((resolve, reject) => this.writer.submit({ header, ...(bytes ? { bytes } : {}), ...(expect ? { expect } : {}), resolve, reject }));
  }

  /** Writes one batch of records with one fdatasync, then updates the index. Never rejects. */
  private async flush(batch: Pending[]): Promise<void> {
    const items = this.withoutStaleCopies(batch);
    if (items.length === 0) return;
    const records = items.map((p) => blobRecord(p.header, p.bytes));
    let at: number;
    try {
      at = await this.blobs.append(Buffer.concat(records));
    } catch (e) {
      for (const p of items) p.reject(e);
      return;
    }
    const seg = this.blobs.active;
    for (const [i, p] of items.entries()) {
      const r = readBlobRecord(records[i]!.subarray(8), at + 8);
      const before = applyBlobRecord(this.index, r.header, r.bytesAt, seg);
      const now = this.index.get(p.header.u);
      this.countLive(before, now);
      if (before && 'file' in before && !(now && 'file' in now && now.file === before.file)) {
        await unlink(join(this.root, 'files', before.file)).catch(() => undefined);
      }
      at += records[i]!.length;
      this.grown += records[i]!.length;
      p.resolve();
    }
    if (this.blobs.size >= (this.opts.segmentBytes ?? 256 * 1024 * 1024)) await this.blobs.rotate().catch((e: unknown) => this.opts.log.error('storage: starting a blob segment failed', { error: String(e) }));
    this.maintain();
  }

  /**
   * Drops compaction copies of documents that changed since they were read, or that an earlier
   * item of the same batch changes (it is written first, so the copy would undo it on replay).
   */
  private withoutStaleCopies(batch: Pending[]): Pending[] {
    const touched = new Set<string>();
    return batch.filter((p) => {
      const keep = !p.expect || (this.index.get(p.header.u) === p.expect && !touched.has(p.header.u));
      touched.add(p.header.u);
      if (!keep) p.resolve();
      return keep;
    });
  }

  private countLive(before: Location | undefined, now: Location | undefined): void {
    if (before === now) return;
    if (before && 'seg' in before) this.live.set(before.seg, (this.live.get(before.seg) ?? 0) - before.size);
    if (now && 'seg' in now) this.live.set(now.seg, (this.live.get(now.seg) ?? 0) + now.size);
  }

  /** The oldest sealed segment, when few of its bytes are still live. */
  private victim(): number | undefined {
    const [oldest] = this.blobs.sealed();
    return oldest && (this.live.get(oldest[0]) ?? 0) < oldest[1] * MIN_LIVE ? oldest[0] : undefined;
  }

  /** Starts a compaction or a checkpoint when one is due and none is running. */
  private maintain(): void {
    if (this.closed || this.checkpointing || this.compacting) return;
    const victim = this.victim();
    if (victim !== undefined && victim < this.checkpointedAt.seg) this.compacting = this.runCompaction(victim);
    else if (victim !== undefined || this.grown >= (this.opts.checkpointBytes ?? 1024 ** 3)) this.checkpointing = this.runCheckpoint();
  }

  private async runCheckpoint(): Promise<void> {
    try {
      await this.checkpoint();
    } catch (e) {
      this.opts.log.error('storage: document index checkpoint failed', { error: String(e) });
      return;
    } finally {
      this.checkpointing = undefined;
    }
    this.maintain();
  }

  private async checkpoint(): Promise<void> {
    const at: SegmentPosition = { seg: this.blobs.active, end: this.blobs.size };
    this.grown = 0;
    await writeCheckpoint(join(this.root, 'index.checkpoint'), at, [...this.index.entries()]);
    this.checkpointedAt = at;
  }

  /** Copies the live documents of a segment to the active one, then deletes the segment. */
  private async runCompaction(seq: number): Promise<void> {
    try {
      const docs = [...this.index].filter((e): e is [string, Inline] => 'seg' in e[1] && e[1].seg === seq);
      for (let i = 0; i < docs.length && !this.closed; i += COPY_BATCH) {
        await Promise.all(docs.slice(i, i + COPY_BATCH).map(async ([u, loc]) => {
          await this.submit({ t: 'put', u, s: loc.size, h: loc.sha1 }, await this.blobs.read(seq, loc.offset, loc.size), loc);
        }));
      }
      if (this.closed || [...this.index.values()].some((l) => 'seg' in l && l.seg === seq)) return;
      await this.blobs.drop(seq);
      this.live.delete(seq);
      this.opts.log.info('storage: blob segment compacted', { segment: seq, documents: docs.length });
    } catch (e) {
      this.opts.log.error('storage: blob segment compaction failed', { segment: seq, error: String(e) });
      return;
    } finally {
      this.compacting = undefined;
    }
    this.maintain();
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
