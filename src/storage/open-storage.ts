import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileAuditStore, type FileAuditOptions } from '../audit/file-audit-store.js';
import type { AuditStore } from '../audit/ports.js';
import { MemoryAuditStore } from '../audit/recorder.js';
import type { Logger } from '../logging/logger.js';
import { openEmbeddedStorage } from './embedded/index.js';
import { EmbeddedPatientLinks } from './embedded/patient-links.js';
import type { OpenedStorage, PatientIdentityStore, Storage } from './ports.js';

/** What the MongoDB adapter module exports (storage/mongodb/adapter.ts). */
interface MongoAdapterModule {
  openMongoStorage(url: string, opts: { log: Logger }): Promise<Storage>;
}

/** What the MongoDB audit store module exports (storage/mongodb/audit-store.ts). */
interface MongoAuditModule {
  openMongoAuditStore(url: string): Promise<AuditStore>;
}

/**
 * The MongoDB adapter is loaded only when asked for, so that the embedded default never loads
 * the driver. The path is a value, not a literal, so this file compiles without the adapter.
 */
const MONGO_ADAPTER = new URL('./mongodb/adapter.js', import.meta.url).href;
const MONGO_AUDIT = new URL('./mongodb/audit-store.js', import.meta.url).href;

/**
 * Opens the storage named by STORAGE_URL (house-style A7):
 * - `memory:` embedded store in memory only (tests);
 * - `file:<dir>` (`file:./data`, `file:/var/lib/gw`, `file:///var/lib/gw`) embedded store on disk,
 *   directory created when missing;
 * - `mongodb://…` / `mongodb+srv://…` the MongoDB adapter.
 * The audit trail comes with it: in memory, in segments under `<dir>/audit/`, or the MongoDB
 * collection `auditEvents` (the adapter's own store when it offers one).
 * @param url - the STORAGE_URL value
 * @param opts - log: the process logger; audit: segment size and retention of the file audit trail
 * @returns metadata, document and audit stores, open and ready
 * @throws on an unsupported scheme or when a store cannot be opened
 */
export async function openStorage(url: string, opts: { log: Logger; audit?: FileAuditOptions }): Promise<OpenedStorage> {
  if (url === 'memory:' || url.startsWith('memory:')) {
    return withExtras(await openEmbeddedStorage({ log: opts.log }), () => new MemoryAuditStore(), () => EmbeddedPatientLinks.open({ log: opts.log }));
  }
  if (url.startsWith('file:')) {
    const dir = resolve(fileDir(url));
    return withExtras(await openEmbeddedStorage({ dir, log: opts.log }), () => FileAuditStore.open(join(dir, 'audit'), opts.audit),
      () => EmbeddedPatientLinks.open({ dir, log: opts.log }));
  }
  if (/^mongodb(\+srv)?:\/\//.test(url)) {
    const mod = (await import(MONGO_ADAPTER)) as MongoAdapterModule;
    const storage = await mod.openMongoStorage(url, opts);
    return withExtras(storage, async () => ((await import(MONGO_AUDIT)) as MongoAuditModule).openMongoAuditStore(url),
      () => { throw new Error('the MongoDB adapter opens its own patient cross-reference'); });
  }
  throw new Error(`STORAGE_URL must be file:<dir>, memory: or mongodb://…, not ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
}

/** The directory of a file: URL; relative paths are relative to the working directory. */
function fileDir(url: string): string {
  const dir = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
  if (dir.length === 0) throw new Error('STORAGE_URL file: needs a directory, e.g. file:./data');
  return dir;
}

/** The storage with its audit store and patient cross-reference: the adapter's own, or opened beside it. */
async function withExtras(storage: Storage, openAudit: () => AuditStore | Promise<AuditStore>,
  openPatients: () => Promise<PatientIdentityStore>): Promise<OpenedStorage> {
  let audit = storage.audit;
  try {
    audit ??= await openAudit();
    const patients = storage.patients ?? await openPatients();
    return { metadata: storage.metadata, documents: storage.documents, audit, patients };
  } catch (e) {
    await closeStorage({ ...storage, ...(audit ? { audit } : {}) });
    throw e;
  }
}

/**
 * Closes the stores of a Storage, metadata last (documents written before their metadata).
 * @param storage - what openStorage returned
 */
export async function closeStorage(storage: Storage): Promise<void> {
  await storage.patients?.close?.();
  await storage.audit?.close?.();
  await storage.documents.close();
  await storage.metadata.close();
}
