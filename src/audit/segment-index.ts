/**
 * The on-disk patient indexes of the file audit trail: one per closed segment
 * (`segment-N.idx` beside `segment-N.jsonl`) and one per group of 64 closed segments
 * (`group-G.idx`, merged from theirs), so that the store finds a patient's records without
 * holding the trail, or an index of it, in memory, and a lookup over a long trail opens one file
 * per group rather than one per segment. Layout (all big-endian):
 *
 *   header   8 bytes magic "AUDIDX02", 4 bytes entry count, 1 byte fan-out bits (8 or 16), 3 reserved
 *   fan-out  (2^bits + 1) × u32: entries whose hash starts with prefix p are [fan[p], fan[p+1])
 *   entries  count × 24 bytes: 8-byte key hash, 4-byte segment number, 8-byte record offset,
 *            4-byte record length; sorted by hash, then segment, then offset
 *
 * A lookup reads the header, two fan-out slots and one bucket: three small reads whatever the
 * index's size. The hash is the first 8 bytes of SHA-256 of the patient key; a collision only
 * costs a record read, because the store checks each record's patient keys again.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { auditPatientKeys } from './audit-event.js';
import type { AuditEvent } from '../formats/fhir/audit-event.js';

const MAGIC = Buffer.from('AUDIDX02', 'latin1');
const HEADER = 16;
const ENTRY = 24;
/** Chunk size when a segment is scanned line by line. */
const SCAN_CHUNK = 1024 * 1024;

/** Where a record sits in its segment. */
export interface RecordSpan {
  readonly offset: number;
  readonly length: number;
}

/** A record's place in the trail. */
export interface RecordPlace extends RecordSpan {
  readonly seq: number;
}

/**
 * @param patientKey - a CX key
 * @returns its 8-byte index hash
 */
export function keyHash(patientKey: string): Buffer {
  return createHash('sha256').update(patientKey).digest().subarray(0, 8);
}

/** Collects index entries and writes them as an index file. */
export class IndexBuilder {
  private readonly entries: Buffer[] = [];

  /** @param fanBits - 8 for a segment's index, 16 for a group's */
  constructor(private readonly fanBits: 8 | 16 = 8) {}

  add(patientKey: string, place: RecordPlace): void {
    const e = Buffer.allocUnsafe(ENTRY);
    keyHash(patientKey).copy(e, 0);
    e.writeUInt32BE(place.seq, 8);
    e.writeBigUInt64BE(BigInt(place.offset), 12);
    e.writeUInt32BE(place.length, 20);
    this.entries.push(e);
  }

  /** Adds the entries of another index (readEntries). */
  addEntries(block: Buffer): void {
    for (let at = 0; at + ENTRY <= block.length; at += ENTRY) this.entries.push(block.subarray(at, at + ENTRY));
  }

  /**
   * Writes the index durably: to a temporary name, fsync'ed, then renamed into place.
   * @param path - the index path
   */
  async write(path: string): Promise<void> {
    this.entries.sort(Buffer.compare);
    const slots = 2 ** this.fanBits;
    const fan = Buffer.alloc((slots + 1) * 4);
    let i = 0;
    for (let p = 0; p <= slots; p++) {
      while (i < this.entries.length && prefix(this.entries[i] as Buffer, this.fanBits) < p) i++;
      fan.writeUInt32BE(i, p * 4);
    }
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header, 0);
    header.writeUInt32BE(this.entries.length, 8);
    header.writeUInt8(this.fanBits, 12);
    const tmp = `${path}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writev([header, fan]);
      // writev takes a bounded number of buffers per call; entries go out in slices.
      for (let at = 0; at < this.entries.length; at += 1024) await fh.writev(this.entries.slice(at, at + 1024));
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  }
}

/** Resolves a file that retention deleted meanwhile to undefined; other errors stay errors. */
export const goneIsUndefined = (e: NodeJS.ErrnoException): undefined => {
  if (e.code === 'ENOENT') return undefined;
  throw e;
};

const prefix = (hash: Buffer, bits: 8 | 16): number => (bits === 8 ? hash[0]! : hash.readUInt16BE(0));

async function readHeader(fh: FileHandle, path: string): Promise<{ count: number; bits: 8 | 16 }> {
  const head = Buffer.alloc(HEADER);
  const { bytesRead } = await fh.read(head, 0, HEADER, 0);
  const bits = head.readUInt8(12);
  if (bytesRead < HEADER || !head.subarray(0, 8).equals(MAGIC) || (bits !== 8 && bits !== 16)) throw new Error(`${path} is not an audit index`);
  return { count: head.readUInt32BE(8), bits };
}

/**
 * The places of one patient's records in the segments an index covers, oldest first.
 * @param path - the index file
 * @param patientKey - the CX key
 * @returns candidate places (the caller checks the records' keys)
 * @throws Error when the file is not an audit index
 */
export async function lookupIndex(path: string, patientKey: string): Promise<RecordPlace[]> {
  const fh = await open(path, 'r');
  try {
    const { bits } = await readHeader(fh, path);
    const hash = keyHash(patientKey);
    const range = Buffer.alloc(8);
    await fh.read(range, 0, 8, HEADER + prefix(hash, bits) * 4);
    const from = range.readUInt32BE(0);
    const to = range.readUInt32BE(4);
    if (to <= from) return [];
    const bucket = Buffer.alloc((to - from) * ENTRY);
    await fh.read(bucket, 0, bucket.length, HEADER + (2 ** bits + 1) * 4 + from * ENTRY);
    const places: RecordPlace[] = [];
    for (let at = 0; at < bucket.length; at += ENTRY) {
      if (bucket.compare(hash, 0, 8, at, at + 8) !== 0) continue;
      places.push({ seq: bucket.readUInt32BE(at + 8), offset: Number(bucket.readBigUInt64BE(at + 12)), length: bucket.readUInt32BE(at + 20) });
    }
    return places;
  } finally {
    await fh.close();
  }
}

/**
 * @param path - an index file
 * @returns its entries, for merging into a group's index
 */
export async function readEntries(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  if (!bytes.subarray(0, 8).equals(MAGIC)) throw new Error(`${path} is not an audit index`);
  const bits = bytes.readUInt8(12);
  return bytes.subarray(HEADER + (2 ** bits + 1) * 4);
}

/**
 * Reads a segment line by line in fixed-size chunks (never the whole file at once) and calls
 * `onRecord` with each complete record and its span. A last line without its newline (a write
 * torn by a crash, never acknowledged) is not reported.
 * @param fh - the open segment
 * @param onRecord - called per record
 * @param name - the segment's path, for errors
 * @returns the length of the complete lines: where a torn tail starts
 * @throws Error naming the byte offset when a complete line is not JSON
 */
export async function scanSegment(fh: FileHandle, onRecord: (event: AuditEvent, span: RecordSpan) => void, name: string): Promise<number> {
  const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
  let carry = Buffer.alloc(0);
  let base = 0;
  for (;;) {
    const { bytesRead } = await fh.read(chunk, 0, chunk.length, base + carry.length);
    if (bytesRead === 0) return base;
    const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
    let start = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
      const line = data.subarray(start, nl);
      if (line.length > 0) onRecord(parseRecord(line, name, base + start), { offset: base + start, length: nl + 1 - start });
      start = nl + 1;
    }
    carry = Buffer.from(data.subarray(start));
    base += start;
  }
}

/**
 * @param line - one record's bytes (with or without its newline)
 * @param name - the segment, for the error
 * @param offset - where the line starts, for the error
 */
export function parseRecord(line: Buffer, name: string, offset: number): AuditEvent {
  try {
    return JSON.parse(line.toString('utf8')) as AuditEvent;
  } catch {
    throw new Error(`${name}: the record at byte ${offset} is not JSON`);
  }
}

/**
 * Builds the index of a closed segment by scanning it, and writes it beside the segment.
 * @param segmentPath - the `.jsonl` file
 * @param indexPath - where the `.idx` goes
 * @param seq - the segment's number
 */
export async function indexSegment(segmentPath: string, indexPath: string, seq: number): Promise<void> {
  const builder = new IndexBuilder();
  const fh = await open(segmentPath, 'r');
  try {
    await scanSegment(fh, (event, span) => { for (const k of auditPatientKeys(event)) builder.add(k, { seq, ...span }); }, segmentPath);
  } finally {
    await fh.close();
  }
  await builder.write(indexPath);
}
