/**
 * The on-disk patient index of one closed audit segment (`segment-N.idx` beside
 * `segment-N.jsonl`), so that the file audit store finds a patient's records without holding
 * the trail, or an index of it, in memory. Layout (all big-endian):
 *
 *   header   8 bytes magic "AUDIDX01", 4 bytes entry count, 4 bytes reserved
 *   fan-out  257 × u32: entries whose hash starts with byte b are [fan[b], fan[b+1])
 *   entries  count × 20 bytes: 8-byte key hash, 8-byte record offset, 4-byte record length,
 *            sorted by hash, then offset
 *
 * A lookup reads the header and fan-out (1 KB) and one bucket: two reads whatever the segment's
 * size. The hash is the first 8 bytes of SHA-256 of the patient key; a collision only costs a
 * record read, because the store checks each record's patient keys again.
 */
import { createHash } from 'node:crypto';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { auditPatientKeys } from './audit-event.js';
import type { AuditEvent } from '../formats/fhir/audit-event.js';

const MAGIC = Buffer.from('AUDIDX01', 'latin1');
const HEADER = 16;
const FAN = 257 * 4;
const ENTRY = 20;
/** Chunk size when a segment is scanned line by line. */
const SCAN_CHUNK = 1024 * 1024;

/** Where a record sits in its segment. */
export interface RecordSpan {
  readonly offset: number;
  readonly length: number;
}

/**
 * @param patientKey - a CX key
 * @returns its 8-byte index hash
 */
export function keyHash(patientKey: string): Buffer {
  return createHash('sha256').update(patientKey).digest().subarray(0, 8);
}

/** Collects (key hash, span) pairs and writes them as an index file. */
export class IndexBuilder {
  private readonly entries: Buffer[] = [];

  add(patientKey: string, span: RecordSpan): void {
    const e = Buffer.allocUnsafe(ENTRY);
    keyHash(patientKey).copy(e, 0);
    e.writeBigUInt64BE(BigInt(span.offset), 8);
    e.writeUInt32BE(span.length, 16);
    this.entries.push(e);
  }

  /**
   * Writes the index durably: to a temporary name, fsync'ed, then renamed into place.
   * @param path - the `.idx` path
   */
  async write(path: string): Promise<void> {
    this.entries.sort(Buffer.compare);
    const fan = Buffer.alloc(FAN);
    let i = 0;
    for (let b = 0; b <= 256; b++) {
      while (i < this.entries.length && (this.entries[i] as Buffer)[0]! < b) i++;
      fan.writeUInt32BE(i, b * 4);
    }
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header, 0);
    header.writeUInt32BE(this.entries.length, 8);
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

/**
 * The spans of one patient's records in a segment, oldest first.
 * @param path - the `.idx` file
 * @param patientKey - the CX key
 * @returns spans in record order (candidates: the caller checks the records' keys)
 * @throws Error when the file is not an audit index
 */
export async function lookupIndex(path: string, patientKey: string): Promise<RecordSpan[]> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEADER + FAN);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    if (bytesRead < head.length || !head.subarray(0, 8).equals(MAGIC)) throw new Error(`${path} is not an audit index`);
    const hash = keyHash(patientKey);
    const from = head.readUInt32BE(HEADER + hash[0]! * 4);
    const to = head.readUInt32BE(HEADER + (hash[0]! + 1) * 4);
    if (to <= from) return [];
    const bucket = Buffer.alloc((to - from) * ENTRY);
    await fh.read(bucket, 0, bucket.length, HEADER + FAN + from * ENTRY);
    const spans: RecordSpan[] = [];
    for (let at = 0; at < bucket.length; at += ENTRY) {
      if (bucket.compare(hash, 0, 8, at, at + 8) !== 0) continue;
      spans.push({ offset: Number(bucket.readBigUInt64BE(at + 8)), length: bucket.readUInt32BE(at + 16) });
    }
    return spans;
  } finally {
    await fh.close();
  }
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
 */
export async function indexSegment(segmentPath: string, indexPath: string): Promise<void> {
  const builder = new IndexBuilder();
  const fh = await open(segmentPath, 'r');
  try {
    await scanSegment(fh, (event, span) => { for (const k of auditPatientKeys(event)) builder.add(k, span); }, segmentPath);
  } finally {
    await fh.close();
  }
  await builder.write(indexPath);
}
