import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logging/logger.js';
import { EmbeddedMetadataStore, FileDocumentStore, MemoryDocumentStore } from '../../src/storage/embedded/index.js';
import { documentStoreContract } from './document-store.contract.js';
import { metadataStoreContract } from './metadata-store.contract.js';
import { patientIdentityContract } from './patient-identity.contract.js';
import { EmbeddedPatientLinks } from '../../src/storage/embedded/patient-links.js';

/** The storage contract suites, run against the embedded adapter in memory and on disk. */
const log = createLogger('silent');
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'embedded-contract-'));
const removeDir = (dir: string) => async (): Promise<void> => rm(dir, { recursive: true, force: true });

metadataStoreContract('embedded, memory:', async () => ({
  store: await EmbeddedMetadataStore.open({ log }), cleanup: async () => undefined,
}), { persistent: false });

metadataStoreContract('embedded, file:', async () => {
  const dir = await tempDir();
  return {
    store: await EmbeddedMetadataStore.open({ dir, log }),
    reopen: () => EmbeddedMetadataStore.open({ dir, log }),
    cleanup: removeDir(dir),
  };
});

metadataStoreContract('embedded, file: with a snapshot after every commit', async () => {
  const dir = await tempDir();
  return {
    store: await EmbeddedMetadataStore.open({ dir, log, compactBytes: 1 }),
    reopen: () => EmbeddedMetadataStore.open({ dir, log, compactBytes: 1 }),
    cleanup: removeDir(dir),
  };
});

patientIdentityContract('embedded, memory:', async () => ({ store: await EmbeddedPatientLinks.open({ log }), cleanup: async () => undefined }), { persistent: false });

patientIdentityContract('embedded, file:', async () => {
  const dir = await tempDir();
  return { store: await EmbeddedPatientLinks.open({ dir, log }), reopen: () => EmbeddedPatientLinks.open({ dir, log }), cleanup: removeDir(dir) };
});

documentStoreContract('embedded, memory:', async () => ({ store: new MemoryDocumentStore(), cleanup: async () => undefined }), { persistent: false });

documentStoreContract('embedded, file:', async () => {
  const dir = await tempDir();
  return {
    store: await FileDocumentStore.open({ dir, log }),
    reopen: () => FileDocumentStore.open({ dir, log }),
    cleanup: removeDir(dir),
  };
});
