import { access } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.js';
import type { SegmentPosition } from './blob-segments.js';
import { frame, scanFile } from './framing.js';

/**
 * Records of the document blob log (blob-segments.ts) and its checkpoint.
 *
 * Blob log record payload: [u32 LE header length][header JSON][document bytes, for inline puts].
 * Header: `{ t: 'put', u, s, h }` (bytes follow), `{ t: 'put', u, s, h, f }` (bytes in file f
 * under files/), or `{ t: 'rm', u }`.
 *
 * Checkpoint: framed records `{ end, seg }` (the segment and offset it covers), chunks of
 * `[u, offset|file, s, h, seg]`, and `{ count }`; written atomically, so a restart replays only
 * the log after that position. A checkpoint of an older version has no `seg`: segment 0.
 */

/** Where a document's bytes are: at an offset of a blob log segment, or in its own file. */
export type Location =
  | { readonly seg: number; readonly offset: number; readonly size: number; readonly sha1: string }
  | { readonly file: string; readonly size: number; readonly sha1: string };

export type BlobHeader =
  | { readonly t: 'put'; readonly u: string; readonly s: number; readonly h: string; readonly f?: string }
  | { readonly t: 'rm'; readonly u: string };

/**
 * Builds a blob log record.
 * @param header - what the record does
 * @param bytes - the document bytes for an inline put
 */
export function blobRecord(header: BlobHeader, bytes?: Uint8Array): Buffer {
  const h = Buffer.from(JSON.stringify(header));
  const len = Buffer.allocUnsafe(4); len.writeUInt32LE(h.length, 0);
  return frame(bytes ? [len, h, bytes] : [len, h]);
}

/**
 * Decodes a blob log record payload found at `payloadOffset`.
 * @returns the header, and for inline puts the log offset where the bytes begin
 */
export function readBlobRecord(payload: Buffer, payloadOffset: number): { header: BlobHeader; bytesAt: number } {
  const hl = payload.readUInt32LE(0);
  const header = JSON.parse(payload.toString('utf8', 4, 4 + hl)) as BlobHeader;
  return { header, bytesAt: payloadOffset + 4 + hl };
}

/** Applies a decoded record of segment `seg` to the index; returns the location it replaced, if any. */
export function applyBlobRecord(index: Map<string, Location>, header: BlobHeader, bytesAt: number, seg: number): Location | undefined {
  const before = index.get(header.u);
  if (header.t === 'rm') index.delete(header.u);
  else index.set(header.u, header.f !== undefined ? { file: header.f, size: header.s, sha1: header.h } : { seg, offset: bytesAt, size: header.s, sha1: header.h });
  return before;
}

type Row = readonly [string, number | string, number, string, number?];
const CHUNK = 5000;
const enc = (v: unknown): Buffer => frame([Buffer.from(JSON.stringify(v))]);

async function* checkpointRecords(at: SegmentPosition, rows: readonly [string, Location][]): AsyncGenerator<Buffer> {
  yield enc({ end: at.end, seg: at.seg });
  for (let i = 0; i < rows.length; i += CHUNK) {
    yield enc(rows.slice(i, i + CHUNK).map(([u, l]): Row => ('file' in l ? [u, l.file, l.size, l.sha1] : [u, l.offset, l.size, l.sha1, l.seg])));
    await new Promise((r) => setImmediate(r));
  }
  yield enc({ count: rows.length });
}

/** Writes a checkpoint of the index as of a log position. */
export async function writeCheckpoint(path: string, at: SegmentPosition, rows: readonly [string, Location][]): Promise<void> {
  await writeFileAtomic(path, checkpointRecords(at, rows));
}

const START: SegmentPosition = { seg: 0, end: 0 };

/**
 * Reads a checkpoint into `index`.
 * @returns the log position to replay from; the start (and an empty index) when there is no
 *   valid checkpoint
 */
export async function readCheckpoint(path: string, index: Map<string, Location>): Promise<SegmentPosition> {
  try { await access(path); } catch { return START; }
  let at: SegmentPosition | undefined; let count: number | undefined;
  await scanFile(path, 0, (p) => {
    const rec = JSON.parse(p.toString('utf8')) as { end?: number; seg?: number; count?: number } | Row[];
    if (Array.isArray(rec)) {
      for (const [u, loc, size, sha1, seg] of rec) index.set(u, typeof loc === 'string' ? { file: loc, size, sha1 } : { seg: seg ?? 0, offset: loc, size, sha1 });
    } else if (rec.end !== undefined) at = { seg: rec.seg ?? 0, end: rec.end };
    else if (rec.count !== undefined) count = rec.count;
  });
  if (at === undefined || count !== index.size) { index.clear(); return START; }
  return at;
}
