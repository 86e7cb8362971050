/**
 * Where the bytes of MIME parts go while a request streams in: the root part stays in memory
 * under a cap; attachments stay in memory while small and spill to a temp file when they grow,
 * with size and SHA-1 computed as the bytes pass. See house-style A6 (large documents).
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentContent } from '../../domain/submission.js';
import { SoapFault } from './fault.js';

/** Receives the bytes of one part, in order. A returned promise means: wait before the next write. */
export interface PartWriter {
  write(bytes: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
  /** Releases what the writer holds after a failed request. */
  abort(): Promise<void>;
}

/** Parts this small or smaller stay in memory. */
export const SPILL_THRESHOLD = 1024 * 1024;

const PART_FILE = /^gateway-part-(\d+)-/;

/**
 * Temp files of one request, removed when the request is done. Names carry the process id,
 * so that the files of a process that was killed can be told apart (sweepOrphanParts).
 */
export class TempFiles {
  private readonly paths: string[] = [];
  constructor(readonly dir: string = tmpdir()) {}

  newPath(): string {
    const p = join(this.dir, `gateway-part-${process.pid}-${randomUUID()}`);
    this.paths.push(p);
    return p;
  }

  /** Removes every temp file; a file already moved away (taken over by a store) is fine. */
  async cleanup(): Promise<void> {
    const paths = this.paths.splice(0);
    await Promise.all(paths.map((p) => unlink(p).catch(() => undefined)));
  }
}

/**
 * Removes the part files that a killed process left behind: those of processes no longer
 * running, and those carrying this process's id (a restarted container reuses its pid, and
 * at start this process has made none yet). Files of other running gateways stay.
 * @param dir - the temp folder
 * @returns how many files were removed
 */
export async function sweepOrphanParts(dir: string = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(PART_FILE.exec(name)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || (pid !== process.pid && isRunning(pid))) continue;
    if (await unlink(join(dir, name)).then(() => true, () => false)) removed++;
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Attachment bytes one message may hold in memory, shared by its parts: a part that would
 * pass it goes to a temp file, so a message's memory stays within the setting whatever its
 * number of parts (MTOM_MEMORY_BYTES).
 */
export class MemoryBudget {
  private used = 0;
  constructor(readonly max: number) {}

  /**
   * Takes n bytes if they fit.
   * @param n - bytes about to be held
   * @returns false when they would pass the budget (then nothing is taken)
   */
  take(n: number): boolean {
    if (this.used + n > this.max) return false;
    this.used += n;
    return true;
  }

  /** @param n - bytes no longer held */
  give(n: number): void {
    this.used -= n;
  }
}

/** The root part: kept whole in memory, refused beyond `maxBytes`. */
export class RootSink implements PartWriter {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly maxBytes: number) {}

  write(bytes: Buffer): void {
    this.size += bytes.length;
    if (this.size > this.maxBytes) throw new SoapFault('ENVELOPE_TOO_LARGE', [this.maxBytes]);
    this.chunks.push(bytes);
  }

  end(): void {}

  async abort(): Promise<void> {
    this.chunks.length = 0;
  }

  /** The bytes received, joined once. */
  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] as Buffer : Buffer.concat(this.chunks, this.size);
  }
}

/** An attachment: memory first, a temp file past the threshold. */
export class SpillingSink implements PartWriter {
  private readonly hash: Hash = createHash('sha1');
  private chunks: Buffer[] = [];
  private size = 0;
  private file: FileHandle | undefined;
  private path: string | undefined;
  private result: DocumentContent | undefined;
  /** Bytes held in memory under the budget. */
  private taken = 0;

  constructor(private readonly temp: TempFiles, private readonly threshold = SPILL_THRESHOLD, private readonly budget?: MemoryBudget) {}

  write(bytes: Buffer): void | Promise<void> {
    this.hash.update(bytes);
    this.size += bytes.length;
    if (this.file) return writeAll(this.file, bytes);
    this.chunks.push(bytes);
    const fits = this.size <= this.threshold && (!this.budget || this.budget.take(bytes.length));
    if (fits) this.taken += bytes.length;
    return fits ? undefined : this.spill();
  }

  async end(): Promise<void> {
    const sha1 = this.hash.digest('hex');
    if (this.file && this.path) {
      await this.file.close();
      this.file = undefined;
      this.result = fileContent(this.path, this.size, sha1);
    } else {
      const bytes = this.chunks.length === 1 ? this.chunks[0] as Buffer : Buffer.concat(this.chunks, this.size);
      this.result = memoryContent(bytes, sha1);
    }
    this.chunks = [];
  }

  async abort(): Promise<void> {
    this.chunks = [];
    this.budget?.give(this.taken);
    this.taken = 0;
    const f = this.file;
    this.file = undefined;
    if (f) await f.close().catch(() => undefined);
  }

  /** The finished content; only after end(). */
  content(): DocumentContent {
    if (!this.result) throw new Error('part not finished');
    return this.result;
  }

  private async spill(): Promise<void> {
    this.budget?.give(this.taken);
    this.taken = 0;
    this.path = this.temp.newPath();
    this.file = await open(this.path, 'wx', 0o600);
    const held = this.chunks;
    this.chunks = [];
    for (const c of held) await writeAll(this.file, c);
  }
}

async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  let off = 0;
  while (off < bytes.length) {
    const { bytesWritten } = await file.write(bytes, off, bytes.length - off);
    off += bytesWritten;
  }
}

/**
 * Content held in memory.
 * @param bytes - the bytes
 * @param sha1 - their SHA-1 (computed here when omitted)
 */
export function memoryContent(bytes: Uint8Array, sha1?: string): DocumentContent {
  return {
    size: bytes.length,
    sha1: sha1 ?? createHash('sha1').update(bytes).digest('hex'),
    bytes,
    open: async function* () { yield bytes; },
  };
}

function fileContent(filePath: string, size: number, sha1: string): DocumentContent {
  return { size, sha1, filePath, open: () => createReadStream(filePath) };
}
