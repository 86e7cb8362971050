import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging/logger.js';
import { openEmbeddedStorage } from './embedded/index.js';
import type { Storage } from './ports.js';

/** What the MongoDB adapter module exports (storage/mongodb/adapter.ts). */
interface MongoAdapterModule {
  openMongoStorage(url: string, opts: { log: Logger }): Promise<Storage>;
}

/**
 * The MongoDB adapter is loaded only when asked for, so that the embedded default never loads
 * the driver. The path is a value, not a literal, so this file compiles without the adapter.
 */
const MONGO_ADAPTER = new URL('./mongodb/adapter.js', import.meta.url).href;

/**
 * Opens the storage named by STORAGE_URL (house-style A7):
 * - `memory:` embedded store in memory only (tests);
 * - `file:<dir>` (`file:./data`, `file:/var/lib/gw`, `file:///var/lib/gw`) embedded store on disk,
 *   directory created when missing;
 * - `mongodb://…` / `mongodb+srv://…` the MongoDB adapter.
 * @param url - the STORAGE_URL value
 * @param opts - log: the process logger
 * @returns metadata and document stores, open and ready
 * @throws on an unsupported scheme or when the store cannot be opened
 */
export async function openStorage(url: string, opts: { log: Logger }): Promise<Storage> {
  if (url === 'memory:' || url.startsWith('memory:')) return openEmbeddedStorage({ log: opts.log });
  if (url.startsWith('file:')) return openEmbeddedStorage({ dir: fileDir(url), log: opts.log });
  if (/^mongodb(\+srv)?:\/\//.test(url)) {
    const mod = (await import(MONGO_ADAPTER)) as MongoAdapterModule;
    return mod.openMongoStorage(url, opts);
  }
  throw new Error(`STORAGE_URL must be file:<dir>, memory: or mongodb://…, not ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
}

/** The directory of a file: URL; relative paths are relative to the working directory. */
function fileDir(url: string): string {
  const dir = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
  if (dir.length === 0) throw new Error('STORAGE_URL file: needs a directory, e.g. file:./data');
  return dir;
}

/**
 * Closes both stores of a Storage, metadata last (documents written before their metadata).
 * @param storage - what openStorage returned
 */
export async function closeStorage(storage: Storage): Promise<void> {
  await storage.documents.close();
  await storage.metadata.close();
}
