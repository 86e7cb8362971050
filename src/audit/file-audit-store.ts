/**
 * A durable AuditStore on one append-only JSON-lines file (`<dir>/audit.jsonl`; the embedded
 * storage puts it in `<STORAGE_URL dir>/audit`). `append` resolves after the line is written and
 * fdatasync'ed, so an acknowledged record survives a crash. Appends are group-committed: records
 * that arrive while a write is under way go out together in the next write and share one
 * fdatasync, so concurrent requests do not queue behind one fsync each, and a lone record is not
 * delayed by any timer. The per-patient index is kept in memory and rebuilt from the file at open.
 * See ports.ts, ihe-requirements.md §12.
 */
import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { auditPatientKeys } from './audit-event.js';
import type { AuditEvent } from '../formats/fhir/audit-event.js';
import type { AuditStore } from './ports.js';

interface Pending {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export class FileAuditStore implements AuditStore {
  private readonly byPatient = new Map<string, AuditEvent[]>();
  private pending: Pending[] = [];
  private writing: Promise<void> | undefined;
  /** Bytes durably in the file: a failed write is cut back to this. */
  private size: number;
  /** Set when a failed write could not be undone: the file may hold a torn line, so no more appends. */
  private broken: Error | undefined;

  private constructor(private readonly file: FileHandle, size: number) {
    this.size = size;
  }

  /**
   * @param dir - the folder; created when missing
   * @returns the store, with the records already in the file indexed
   * @throws Error when the file cannot be opened or a line is not JSON
   */
  static async open(dir: string): Promise<FileAuditStore> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'audit.jsonl');
    let bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? Buffer.alloc(0) : Promise.reject(e)));
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end < bytes.length) {
      // A torn last line from a crash during write was never acknowledged: cut it off.
      await truncate(path, end);
      bytes = bytes.subarray(0, end);
    }
    const events = bytes.toString('utf8').split('\n').filter((l) => l.trim()).map((line, i) => {
      try {
        return JSON.parse(line) as AuditEvent;
      } catch {
        throw new Error(`${path}: line ${i + 1} is not JSON`);
      }
    });
    const store = new FileAuditStore(await open(path, 'a'), bytes.length);
    events.forEach((e) => store.index(e));
    return store;
  }

  private index(event: AuditEvent): void {
    for (const key of auditPatientKeys(event)) {
      const list = this.byPatient.get(key) ?? [];
      list.push(event);
      this.byPatient.set(key, list);
    }
  }

  append(event: AuditEvent): Promise<void> {
    // Serialised now: the caller may not change the record once it is handed over.
    const line = `${JSON.stringify(event)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
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
    this.size += Buffer.byteLength(text);
    for (const p of batch) {
      this.index(JSON.parse(p.line) as AuditEvent);
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

  async findByPatient(patientKey: string): Promise<readonly AuditEvent[]> {
    return [...(this.byPatient.get(patientKey) ?? [])].reverse();
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.file.close();
  }
}
