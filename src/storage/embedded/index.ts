import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from '../../logging/logger.js';
import type { Storage } from '../ports.js';
import { FileDocumentStore } from './file-document-store.js';
import { MemoryDocumentStore } from './memory-document-store.js';
import { EmbeddedMetadataStore } from './metadata-store.js';

export { EmbeddedMetadataStore } from './metadata-store.js';
export { FileDocumentStore } from './file-document-store.js';
export { MemoryDocumentStore } from './memory-document-store.js';

/** Options of the embedded storage. */
export interface EmbeddedStorageOptions {
  /** Data directory; absent keeps everything in memory (tests). */
  readonly dir?: string;
  readonly log: Logger;
  /** Metadata log size that triggers a snapshot (tests set it low). */
  readonly compactBytes?: number;
}

/**
 * Opens the embedded storage: metadata in `<dir>/metadata/`, documents in `<dir>/documents/`,
 * or both in memory when no directory is given.
 * @param opts - directory, logger, tuning
 * @returns both stores
 */
export async function openEmbeddedStorage(opts: EmbeddedStorageOptions): Promise<Storage> {
  if (opts.dir === undefined) {
    return { metadata: await EmbeddedMetadataStore.open({ log: opts.log }), documents: new MemoryDocumentStore() };
  }
  const dir = resolve(opts.dir);
  await mkdir(dir, { recursive: true });
  const metadata = await EmbeddedMetadataStore.open({
    dir: resolve(dir, 'metadata'), log: opts.log, ...(opts.compactBytes === undefined ? {} : { compactBytes: opts.compactBytes }),
  });
  try {
    return { metadata, documents: await FileDocumentStore.open({ dir, log: opts.log }) };
  } catch (e) {
    await metadata.close();
    throw e;
  }
}
