/**
 * A durable AuditStore on disk that opens in bounded time and memory however long the trail.
 * The trail is a series of append-only JSON-lines segments in one folder (the embedded storage
 * puts it in `<STORAGE_URL dir>/audit`): `segment-<n>.jsonl`, the newest one open for appends.
 * When a segment reaches `segmentBytes` it is closed and its patient index is written beside it
 * (`segment-<n>.idx`, segment-index.ts; groups of 64 get a merged index, trail-index.ts); only
 * the open segment's index is held in memory, so start-up scans at most one segment. Closed segments older than `retentionDays` are deleted.
 * A trail in the earlier single-file format (`audit.jsonl`) becomes the first closed segment at
 * the first start (indexed once by streaming it).
 *
 * `append` resolves after the line is written and fdatasync'ed, so an acknowledged record
 * survives a crash. Appends are group-committed: records that arrive while a write is under way
 * go out together in the next write and share one fdatasync. See ports.ts, ihe-requirements.md §12.
 */
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { auditPatientKeys } from './audit-event.js';
import type { AuditEvent } from '../formats/fhir/audit-event.js';
import { InvalidCursorError, MAX_FIND_RESULTS, type AuditPage, type AuditPageRequest, type AuditStore } from './ports.js';
import { goneIsUndefined, IndexBuilder, indexSegment, parseRecord, scanSegment, type RecordSpan } from './segment-index.js';
import { indexName, segmentName, TrailIndex } from './trail-index.js';

/** The trail's earlier single-file format, read (and turned into segment 0) at start. */
export const LEGACY_FILE = 'audit.jsonl';
const SEGMENT = /^segment-(\d{12})\.jsonl$/;
const DAY_MS = 24 * 3600 * 1000;

export interface FileAuditOptions {
  /** A segment is closed (and indexed) once it holds this many bytes; default 16 MiB. */
  readonly segmentBytes?: number;
  /** Closed segments whose last record is older than this many days are deleted; 0 keeps all (default). */
  readonly retentionDays?: number;
  readonly clock?: () => Date;
}

interface Pending {
  readonly line: string;
  /** The record's patient keys, for the open segment's index. */
  readonly keys: readonly string[];
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export class FileAuditStore implements AuditStore {
  /** The open segment's index: patient key → flat [offset, length, offset, length, …]. */
  private byPatient = new Map<string, number[]>();
  private pending: Pending[] = [];
  private writing: Promise<void> | undefined;
  /** Set when a failed write could not be undone: the file may hold a torn line, so no more appends. */
  private broken: Error | undefined;

  private constructor(private readonly dir: string, private readonly options: Required<FileAuditOptions>,
    private readonly trail: TrailIndex,
    /** Closed segments, oldest first. */
    private readonly closed: number[],
    private seq: number, private file: FileHandle,
    /** Bytes durably in the open segment: a failed write is cut back to this. */
    private size: number) {}

  /**
   * @param dir - the folder; created when missing
   * @param options - segment size, retention, clock
   * @returns the store, with the open segment indexed and every closed segment's index in place
   * @throws Error when a file cannot be opened or a complete line is not JSON
   */
  static async open(dir: string, options: FileAuditOptions = {}): Promise<FileAuditStore> {
    const opts: Required<FileAuditOptions> = {
      segmentBytes: options.segmentBytes ?? 16 * 1024 * 1024, retentionDays: options.retentionDays ?? 0,
      clock: options.clock ?? (() => new Date()),
    };
    await mkdir(dir, { recursive: true });
    let names = new Set(await readdir(dir));
    if (![...names].some((n) => SEGMENT.test(n)) && names.has(LEGACY_FILE)) {
      await rename(join(dir, LEGACY_FILE), join(dir, segmentName(0)));
      names = new Set(await readdir(dir));
    }
    const seqs = [...names].map((n) => SEGMENT.exec(n)?.[1]).filter((x): x is string => x !== undefined).map(Number).sort((a, b) => a - b);
    // The newest segment stays open unless it came from the legacy file or is full.
    const last = seqs.at(-1);
    const reopen = last !== undefined && last > 0 && (await stat(join(dir, segmentName(last)))).size < opts.segmentBytes;
    const closed = reopen ? seqs.slice(0, -1) : seqs;
    // Only segments closed by a crash before their index was written (or the old format) are scanned.
    for (const seq of closed) {
      if (!names.has(indexName(seq))) await indexSegment(join(dir, segmentName(seq)), join(dir, indexName(seq)), seq);
    }
    const seq = reopen ? (last as number) : (last ?? 0) + 1;
    const store = new FileAuditStore(dir, opts, new TrailIndex(dir, names), closed, seq, await open(join(dir, segmentName(seq)), 'a+'), 0);
    await store.loadOpenSegment();
    await store.applyRetention();
    store.trail.schedule(closed, seq);
    return store;
  }

  /** Indexes the open segment in memory and cuts off a torn last line (never acknowledged). */
  private async loadOpenSegment(): Promise<void> {
    const end = await scanSegment(this.file, (event, span) => this.index(auditPatientKeys(event), span), join(this.dir, segmentName(this.seq)));
    if ((await this.file.stat()).size > end) await this.file.truncate(end);
    this.size = end;
  }

  private index(keys: readonly string[], span: RecordSpan): void {
    for (const key of keys) {
      const list = this.byPatient.get(key) ?? [];
      list.push(span.offset, span.length);
      this.byPatient.set(key, list);
    }
  }

  append(event: AuditEvent): Promise<void> {
    // Serialised now: the caller may not change the record once it is handed over.
    const line = `${JSON.stringify(event)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, keys: auditPatientKeys(event), resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Let the current tick's appends join the first write.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.writeBatch(batch);
        if (this.size >= this.options.segmentBytes && !this.broken) await this.rotate();
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Writes one batch with one fdatasync; settles every record of it. Never rejects. */
  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    if (this.broken) {
      for (const p of batch) p.reject(this.broken);
      return;
    }
    const text = batch.map((p) => p.line).join('');
    try {
      await this.file.appendFile(text, 'utf8');
      await this.file.datasync();
    } catch (e) {
      await this.undo();
      for (const p of batch) p.reject(e);
      return;
    }
    for (const p of batch) {
      const length = Buffer.byteLength(p.line);
      this.index(p.keys, { offset: this.size, length });
      this.size += length;
      p.resolve();
    }
  }

  /** Cuts a partly written batch off, so the file stays one JSON record per line. */
  private async undo(): Promise<void> {
    try {
      await this.file.truncate(this.size);
    } catch (e) {
      this.broken = new Error(`the audit file could not be repaired after a failed write: ${(e as Error).message}`);
    }
  }

  /**
   * Closes the full segment: writes its index, then opens the next. A failure leaves the
   * segment open (appends go on; the index is built at the next start).
   */
  private async rotate(): Promise<void> {
    const builder = new IndexBuilder();
    for (const [key, spans] of this.byPatient) {
      for (let i = 0; i < spans.length; i += 2) builder.add(key, { seq: this.seq, offset: spans[i] as number, length: spans[i + 1] as number });
    }
    try {
      await builder.write(join(this.dir, indexName(this.seq)));
      const next = await open(join(this.dir, segmentName(this.seq + 1)), 'a+');
      await this.file.close();
      this.closed.push(this.seq);
      this.file = next;
      this.seq += 1;
      this.size = 0;
      this.byPatient = new Map();
      await this.applyRetention();
      this.trail.schedule(this.closed, this.seq);
    } catch {
      // keep appending to the current segment; its index is rebuilt when the store next opens
    }
  }

  /** Deletes closed segments whose newest record (the file's last write) is past retention. */
  private async applyRetention(): Promise<void> {
    if (this.options.retentionDays <= 0) return;
    const limit = this.options.clock().getTime() - this.options.retentionDays * DAY_MS;
    while (this.closed.length > 0) {
      const seq = this.closed[0] as number;
      const info = await stat(join(this.dir, segmentName(seq))).catch(() => undefined);
      if (info && info.mtimeMs >= limit) break;
      this.closed.shift();
      await rm(join(this.dir, indexName(seq)), { force: true });
      await rm(join(this.dir, segmentName(seq)), { force: true });
    }
    await this.trail.dropEmpty(this.closed);
  }

  async findByPatient(patientKey: string): Promise<readonly AuditEvent[]> {
    return (await this.pageByPatient(patientKey, { limit: MAX_FIND_RESULTS })).events;
  }

  /**
   * Newest first: the open segment from memory, then closed segments newest to oldest through
   * their group's or their own index file, stopping as soon as the page is full.
   */
  async pageByPatient(patientKey: string, page: AuditPageRequest): Promise<AuditPage> {
    const after = page.cursor ? readCursor(page.cursor) : undefined;
    const events: AuditEvent[] = [];
    const segments = [this.seq, ...[...this.closed].reverse()];
    const lookupClosed = this.trail.lookup(patientKey);
    for (const seq of segments) {
      if (after && seq > after[0]) continue;
      const spans: readonly RecordSpan[] = seq === this.seq ? spansOf(this.byPatient.get(patientKey)) : await lookupClosed(seq);
      const older = spans.filter((s) => !after || seq < after[0] || s.offset < after[1]).reverse();
      if (older.length === 0) continue;
      // A handle of its own, also for the open segment: a rotation may close the writer's meanwhile.
      const fh = await open(join(this.dir, segmentName(seq)), 'r').catch(goneIsUndefined);
      if (!fh) continue; // deleted by retention since the lookup
      try {
        for (const span of older) {
          const event = await readRecord(fh, span, segmentName(seq));
          if (!auditPatientKeys(event).includes(patientKey)) continue;
          if (events.length === page.limit) return { events, next: pageCursor([seq, span.offset + 1]) };
          events.push(event);
        }
      } finally {
        await fh.close();
      }
    }
    return { events };
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.trail.settle();
    await this.file.close();
  }
}

function spansOf(flat: readonly number[] | undefined): RecordSpan[] {
  const out: RecordSpan[] = [];
  for (let i = 0; flat && i < flat.length; i += 2) out.push({ offset: flat[i] as number, length: flat[i + 1] as number });
  return out;
}

async function readRecord(fh: FileHandle, span: RecordSpan, name: string): Promise<AuditEvent> {
  const buf = Buffer.alloc(span.length);
  await fh.read(buf, 0, span.length, span.offset);
  return parseRecord(buf, name, span.offset);
}

/** A page cursor: the segment and the offset below which the next page starts. */
const pageCursor = ([seq, offset]: readonly [number, number]): string => `${seq}-${offset}`;

function readCursor(cursor: string): [number, number] {
  const m = /^(\d{1,12})-(\d{1,15})$/.exec(cursor);
  if (!m) throw new InvalidCursorError(cursor);
  return [Number(m[1]), Number(m[2])];
}
