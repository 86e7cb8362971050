import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../../logging/logger.js';
import { StoreUnavailableError } from '../errors.js';
import { scanFile } from './framing.js';
import { fsyncDir } from './atomic-file.js';
import { dirname } from 'node:path';

/**
 * An append-only file of framed records (framing.ts). Opening it replays the valid records and
 * truncates a torn tail, so the next append starts on a record boundary. Appends are positional
 * writes followed by one fdatasync: a caller that batches many records into one append pays
 * one disk flush for all of them (group commit, see group-commit.ts).
 *
 * After a failed write the file is truncated back to its last good end. After a failed
 * fdatasync nothing can be trusted any more (the kernel may have dropped the dirty pages), so
 * the log refuses all further work and the process must be restarted.
 */
export class AppendLog {
  private broken: Error | undefined;

  private constructor(private readonly fh: FileHandle, private end: number, readonly path: string) {}

  /**
   * Opens (creating if needed) a log and replays its records.
   * @param path - the log file
   * @param start - offset of the first record (checkpointed logs start later)
   * @param onRecord - called with each valid payload and its file offset, in order
   * @param log - where to report a dropped tail
   * @returns the log, positioned after its last valid record
   */
  static async open(path: string, start: number, onRecord: (payload: Buffer, offset: number) => void,
    log: Logger): Promise<AppendLog> {
    const fh = await open(path, 'a+');
    let fresh = false;
    try {
      fresh = (await fh.stat()).size === 0;
      const scan = await scanFile(path, start, onRecord);
      if (scan.invalidBytes > 0) {
        log.warn('storage: dropping a torn or corrupt tail of an append log', { path, validEnd: scan.validEnd, droppedBytes: scan.invalidBytes });
        await fh.truncate(scan.validEnd);
        await fh.sync();
      }
      await fh.close();
      const w = await open(path, 'r+');
      if (fresh) await fsyncDir(dirname(path));
      return new AppendLog(w, Math.max(scan.validEnd, start), path);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  /** Offset where the next record will be written. */
  get size(): number { return this.end; }

  /**
   * Writes framed records at the end and flushes them to disk.
   * @param data - one or more framed records, concatenated
   * @returns the offset at which `data` begins
   */
  async append(data: Buffer): Promise<number> {
    if (this.broken) throw new StoreUnavailableError('The store log failed earlier; restart the gateway', this.broken);
    const at = this.end;
    try {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await this.fh.write(data, done, data.length - done, at + done);
        done += bytesWritten;
      }
    } catch (e) {
      await this.fh.truncate(at).catch((t: unknown) => { this.broken = t instanceof Error ? t : new Error(String(t)); });
      throw e;
    }
    try {
      await this.fh.datasync();
    } catch (e) {
      this.broken = e instanceof Error ? e : new Error(String(e));
      throw new StoreUnavailableError('Flushing the store log to disk failed; restart the gateway', e);
    }
    this.end = at + data.length;
    return at;
  }

  /** Reads `length` bytes at `offset` (for blob logs). */
  async read(offset: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) throw new Error(`Unexpected end of ${this.path} at ${offset + done}`);
      done += bytesRead;
    }
    return buf;
  }

  /** Resolves when the log is usable; rejects after a failed flush. */
  check(): void {
    if (this.broken) throw new StoreUnavailableError('The store log failed earlier; restart the gateway', this.broken);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
