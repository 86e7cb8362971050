import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logging/logger.js';
import { AppendLog } from './append-log.js';
import { fsyncDir } from './atomic-file.js';

interface Segment {
  readonly log: AppendLog;
  /** Reads in progress: a dropped segment is closed only when they are done. */
  reads: number;
  drained?: () => void;
}

const segName = (seq: number): string => `blobs-${String(seq).padStart(8, '0')}.log`;

/** Where replay of the blob log starts: the checkpoint's segment and offset. */
export interface SegmentPosition { readonly seg: number; readonly end: number }

/**
 * The document blob log as numbered segment files `blobs-<seq>.log` (append-log.ts records),
 * so that space of removed documents can be reclaimed a segment at a time (see
 * FileDocumentStore's compaction). Only the newest segment is appended to; older ones are
 * sealed and only read. A store written before segments existed has one `blobs.log`, which
 * becomes segment 0. Every segment stays open for reading (one descriptor per 256 MiB).
 */
export class BlobSegments {
  private readonly segments = new Map<number, Segment>();

  private constructor(private readonly root: string, private activeSeq: number, private readonly log: Logger) {}

  /**
   * Opens every segment, replaying records from `from` on (segments before it are covered by
   * the checkpoint and only opened for reading).
   * @param onRecord - each record's payload, its offset and its segment, oldest first
   */
  static async open(root: string, from: SegmentPosition, onRecord: (payload: Buffer, offset: number, seg: number) => void,
    log: Logger): Promise<BlobSegments> {
    const seqs = await listSegments(root);
    const last = seqs.length > 0 ? seqs[seqs.length - 1]! : 0;
    const store = new BlobSegments(root, last, log);
    for (const seq of seqs.length > 0 ? seqs : [0]) {
      const path = join(root, segName(seq));
      const start = seq < from.seg ? (await stat(path)).size : seq === from.seg ? from.end : 0;
      const l = await AppendLog.open(path, start, (p, at) => onRecord(p, at, seq), log);
      store.segments.set(seq, { log: l, reads: 0 });
    }
    return store;
  }

  /** The segment appended to. */
  get active(): number { return this.activeSeq; }

  /** Size of the active segment. */
  get size(): number { return this.current().size; }

  /** Sizes of the sealed segments, oldest first. */
  sealed(): [number, number][] {
    return [...this.segments].filter(([seq]) => seq !== this.activeSeq).map(([seq, s]) => [seq, s.log.size]);
  }

  /** Whether a segment exists (was not deleted by a compaction). */
  has(seq: number): boolean { return this.segments.has(seq); }

  /** Appends framed records to the active segment and flushes them; returns their offset. */
  append(data: Buffer): Promise<number> { return this.current().append(data); }

  /** Reads `length` bytes of a segment. */
  async read(seq: number, offset: number, length: number): Promise<Buffer> {
    const s = this.segments.get(seq);
    if (!s) throw new Error(`Blob segment ${seq} is gone`);
    s.reads++;
    try {
      return await s.log.read(offset, length);
    } finally {
      if (--s.reads === 0) s.drained?.();
    }
  }

  /** Seals the active segment and starts the next one. Called by the single writer between batches. */
  async rotate(): Promise<void> {
    const next = this.activeSeq + 1;
    const l = await AppendLog.open(join(this.root, segName(next)), 0, () => undefined, this.log);
    this.segments.set(next, { log: l, reads: 0 });
    this.activeSeq = next;
  }

  /**
   * Deletes a sealed segment once no read uses it. The caller guarantees that nothing live is
   * left in it and that records written after the checkpoint say where its documents went.
   */
  async drop(seq: number): Promise<void> {
    const s = this.segments.get(seq);
    if (!s || seq === this.activeSeq) return;
    this.segments.delete(seq);
    if (s.reads > 0) await new Promise<void>((r) => { s.drained = r; });
    await s.log.close();
    await rm(s.log.path, { force: true });
    await fsyncDir(this.root);
  }

  /** Throws when the active segment can no longer be written. */
  check(): void { this.current().check(); }

  /** Closes every segment. */
  async close(): Promise<void> {
    for (const s of this.segments.values()) await s.log.close();
  }

  private current(): AppendLog { return this.segments.get(this.activeSeq)!.log; }
}

/** Segment numbers in `root`, oldest first; renames a `blobs.log` of an older version to segment 0. */
async function listSegments(root: string): Promise<number[]> {
  let names = await readdir(root);
  if (names.includes('blobs.log') && !names.some((n) => /^blobs-\d+\.log$/.test(n))) {
    await rename(join(root, 'blobs.log'), join(root, segName(0)));
    await fsyncDir(root);
    names = await readdir(root);
  }
  return names.map((n) => /^blobs-(\d+)\.log$/.exec(n)?.[1]).filter((s): s is string => s !== undefined).map(Number).sort((a, b) => a - b);
}
