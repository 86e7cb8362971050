import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * Record framing for the embedded store's append-only files:
 *
 *   [u32 LE payload length][u32 LE CRC-32 of the payload][payload]
 *
 * A record whose length runs past the end of the file, or whose checksum does not match, marks
 * the end of the valid data: a process killed in the middle of a write leaves such a torn tail,
 * and the reader drops it. Because every record is checked, a record is either read whole or
 * not at all, which is what makes a submission all-or-nothing across a crash.
 */

/** Bytes before each payload. */
const FRAME_HEADER = 8;
/** Largest payload accepted; a larger length field can only be garbage. */
const MAX_PAYLOAD = 1024 * 1024 * 1024;

/**
 * Frames a payload given as parts (concatenated in order) into one buffer.
 * @param parts - the payload's parts
 * @returns header and payload in one buffer, ready to append
 */
export function frame(parts: readonly Uint8Array[]): Buffer {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = Buffer.allocUnsafe(FRAME_HEADER + len);
  let crc = 0;
  let pos = FRAME_HEADER;
  for (const p of parts) { crc = crc32(p, crc); out.set(p, pos); pos += p.length; }
  out.writeUInt32LE(len, 0);
  out.writeUInt32LE(crc, 4);
  return out;
}

/** What a scan found. */
export interface ScanResult {
  /** Offset just after the last valid record: where the next record belongs. */
  readonly validEnd: number;
  /** Bytes after validEnd that were not a valid record (a torn or corrupt tail). */
  readonly invalidBytes: number;
  readonly records: number;
}

/**
 * Reads the valid records of a file from `start`, in order, in chunks (files may be larger
 * than memory), stopping at the first record that is torn or fails its checksum.
 * @param path - the file
 * @param start - offset of the first record
 * @param onRecord - called with each payload and the file offset where the payload begins;
 *   the buffer may be reused after the call returns
 * @returns where the valid data ends and how much follows it
 */
export async function scanFile(path: string, start: number,
  onRecord: (payload: Buffer, payloadOffset: number) => void): Promise<ScanResult> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    let pos = start;
    let records = 0;
    let buf = Buffer.allocUnsafe(8 * 1024 * 1024);
    let bufStart = 0; let bufLen = 0;
    const ensure = async (from: number, len: number): Promise<Buffer> => {
      if (from >= bufStart && from + len <= bufStart + bufLen) return buf.subarray(from - bufStart, from - bufStart + len);
      if (len > buf.length) buf = Buffer.allocUnsafe(len);
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - from), from);
      bufStart = from; bufLen = bytesRead;
      return buf.subarray(0, len);
    };
    while (pos + FRAME_HEADER <= size) {
      const header = await ensure(pos, FRAME_HEADER);
      const len = header.readUInt32LE(0); const crc = header.readUInt32LE(4);
      if (len > MAX_PAYLOAD || pos + FRAME_HEADER + len > size) break;
      const payload = await ensure(pos + FRAME_HEADER, len);
      if (crc32(payload) !== crc) break;
      onRecord(payload, pos + FRAME_HEADER);
      records++;
      pos += FRAME_HEADER + len;
    }
    return { validEnd: pos, invalidBytes: size - pos, records };
  } finally {
    await fh.close();
  }
}
