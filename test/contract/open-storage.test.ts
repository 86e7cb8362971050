import { expect } from 'chai';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../src/logging/logger.js';
import { closeStorage, openStorage } from '../../src/storage/open-storage.js';
import { aDelta, aDocumentEntry, aSubmissionSet, newPatient } from './contract-builders.js';

describe('openStorage', () => {
  const log = createLogger('silent');
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'open-storage-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('opens an in-memory store for memory: and writes no files', async () => {
    const s = await openStorage('memory:', { log });
    const p = newPatient(); const de = aDocumentEntry(p);
    await s.metadata.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
    expect((await s.metadata.getByUuids([de.entryUuid])).documentEntries).to.have.length(1);
    await closeStorage(s);
  });

  it('creates the directory of a file: URL and keeps data there across a reopen', async () => {
    const data = join(dir, 'nested', 'data');
    const p = newPatient(); const de = aDocumentEntry(p);
    let s = await openStorage(`file:${data}`, { log });
    await s.metadata.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
    await closeStorage(s);
    expect((await readdir(data)).sort()).to.deep.equal(['audit', 'documents', 'metadata', 'patients']);
    s = await openStorage(pathToFileURL(data).href, { log });
    expect((await s.metadata.getByUuids([de.entryUuid])).documentEntries).to.have.length(1);
    await closeStorage(s);
  });

  it('rejects an unknown scheme and an empty file: directory with a clear message', async () => {
    for (const [url, re] of [['postgres://x', /STORAGE_URL must be/], ['file:', /needs a directory/]] as const) {
      let error: unknown;
      try { await openStorage(url, { log }); } catch (e) { error = e; }
      expect(String(error)).to.match(re);
    }
  });
});
