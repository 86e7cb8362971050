import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLogger } from '../../src/logging/logger.js';
import { closeStorage, openStorage } from '../../src/storage/open-storage.js';
import { crashDocBytes } from '../support/embedded-crash-writer.js';
import { readAll } from './document-store.contract.js';

interface Tried { readonly ss: string; readonly objects: readonly string[]; readonly prev?: string; readonly docs: readonly string[] }

/**
 * Runs the writer child until it has acknowledged some submissions, kills it with SIGKILL at a
 * random moment, and returns what it printed.
 */
async function runAndKill(dir: string, compactBytes?: number): Promise<{ tried: Tried[]; acked: Set<string> }> {
  const args = ['--import', 'tsx', 'test/support/embedded-crash-writer.ts', dir, ...(compactBytes ? [String(compactBytes)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const tried: Tried[] = []; const acked = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const killSoon = (): void => {
    timer ??= setTimeout(() => child.kill('SIGKILL'), 100 + Math.floor(Math.random() * 400));
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = JSON.parse(line) as { t: 'try' | 'ack' } & Tried;
    if (m.t === 'try') tried.push(m); else { acked.add(m.ss); killSoon(); }
  });
  const safety = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await new Promise((r) => child.on('close', r));
  clearTimeout(safety); if (timer) clearTimeout(timer);
  return { tried, acked };
}

describe('embedded store killed in the middle of submissions', function () {
  this.timeout(90_000);
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'embedded-crash-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const rounds = async (compactBytes?: number): Promise<void> => {
    let totalAcked = 0;
    for (let round = 0; round < 3; round++) {
      const { tried, acked } = await runAndKill(dir, compactBytes);
      expect(acked.size, 'the writer acknowledged submissions before it was killed').to.be.greaterThan(0);
      totalAcked += acked.size;
      const storage = await openStorage(`file:${dir}`, { log: createLogger('silent') });
      try {
        for (const t of tried) {
          const got = await storage.metadata.getByUuids(t.objects);
          const found = got.submissionSets.length + got.documentEntries.length + got.folders.length + got.associations.length;
          if (acked.has(t.ss)) expect(found, `acknowledged submission ${t.ss} is complete`).to.equal(t.objects.length);
          else expect([0, t.objects.length], `submission ${t.ss} is all or nothing`).to.include(found);
          if (t.prev) {
            const prev = (await storage.metadata.getByUuids([t.prev])).documentEntries[0];
            expect(prev?.availabilityStatus, 'the status change went with its submission').to.equal(found > 0 ? 'Deprecated' : 'Approved');
          }
          if (acked.has(t.ss)) {
            for (const id of t.docs) {
              const doc = await storage.documents.get(id);
              const bytes = crashDocBytes(id);
              expect(doc?.sha1).to.equal(createHash('sha1').update(bytes).digest('hex'));
              expect((await readAll(doc!.open())).equals(bytes)).to.equal(true);
            }
          }
        }
      } finally {
        await closeStorage(storage);
      }
    }
    expect(totalAcked).to.be.greaterThan(3);
  };

  it('keeps every acknowledged submission whole and no partial one, over three kills', async () => {
    await rounds();
  });

  it('stays consistent when killed while snapshots are being written', async () => {
    await rounds(16 * 1024);
  });
});
