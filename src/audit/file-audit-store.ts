/**
 * A durable AuditStore on one append-only JSON-lines file (`audit.jsonl` in the embedded
 * store's folder), for the embedded default until the storage adapters offer their own.
 * `append` resolves after the line is written and fdatasync'ed, so an acknowledged record
 * survives a crash; concurrent appends are serialised. The per-patient index is kept in
 * memory and rebuilt from the file at open. See ports.ts.
 */
import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { auditPatientKeys } from './audit-event.js';
import type { AuditEvent } from './fhir-audit-event.js';
import type { AuditStore } from './ports.js';

export class FileAuditStore implements AuditStore {
  private readonly byPatient = new Map<string, AuditEvent[]>();
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly file: FileHandle) {}

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
    const store = new FileAuditStore(await open(path, 'a'));
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

  async append(event: AuditEvent): Promise<void> {
    const line = `${JSON.stringify(event)}\n`;
    const write = this.queue.then(async () => {
      await this.file.appendFile(line, 'utf8');
      await this.file.datasync();
      this.index(JSON.parse(line) as AuditEvent);
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  async findByPatient(patientKey: string): Promise<readonly AuditEvent[]> {
    return [...(this.byPatient.get(patientKey) ?? [])].reverse();
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.close();
  }
}
