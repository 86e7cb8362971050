/**
 * Child process for test/contract/embedded-crash.test.ts: opens the embedded store in the
 * directory given as first argument and commits submissions from a few concurrent workers until
 * it is killed. Before each commit it prints a `try` line naming every object of the submission;
 * after the commit resolved, an `ack` line. Each submission (after a worker's first) also
 * deprecates the first DocumentEntry of that worker's previous submission, so the parent can
 * check that status changes are all-or-nothing together with the new objects.
 *
 * Usage: node --import tsx test/support/embedded-crash-writer.ts <dir> [compactBytes]
 */
import { createHash } from 'node:crypto';
import { createLogger } from '../../src/logging/logger.js';
import { openEmbeddedStorage } from '../../src/storage/embedded/index.js';
import { aDelta, aDocumentEntry, aFolder, aSubmissionSet, anAssociation, newPatient } from '../contract/contract-builders.js';

/** Deterministic document bytes for a uniqueId, so the parent can check them. */
export function crashDocBytes(uniqueId: string): Buffer {
  return Buffer.from(`${uniqueId}\n`.repeat(64));
}

async function main(): Promise<void> {
  const [dir, compact] = process.argv.slice(2);
  if (!dir) throw new Error('usage: embedded-crash-writer <dir> [compactBytes]');
  const storage = await openEmbeddedStorage({ dir, log: createLogger('silent'), ...(compact ? { compactBytes: Number(compact) } : {}) });
  const patient = newPatient();
  const worker = async (): Promise<void> => {
    let prev: string | undefined;
    for (;;) {
      const des = [aDocumentEntry(patient), aDocumentEntry(patient), aDocumentEntry(patient)];
      const folder = aFolder(patient);
      const link = anAssociation('HasMember', folder.entryUuid, des[0]!.entryUuid);
      const delta = aDelta({ submissionSet: aSubmissionSet(patient), documentEntries: des, folders: [folder], associations: [link],
        statusChanges: prev ? [{ entryUuid: prev, status: 'Deprecated' }] : [] });
      for (const de of des) {
        const bytes = crashDocBytes(de.uniqueId!);
        const sha1 = createHash('sha1').update(bytes).digest('hex');
        await storage.documents.put(de.uniqueId!, { size: bytes.length, sha1, bytes, async *open() { yield bytes; } });
      }
      const ss = delta.submissionSets[0]!.entryUuid;
      const objects = [ss, ...des.map((d) => d.entryUuid), folder.entryUuid, ...delta.associations.map((a) => a.entryUuid)];
      process.stdout.write(`${JSON.stringify({ t: 'try', ss, objects, prev, docs: des.map((d) => d.uniqueId) })}\n`);
      await storage.metadata.commitSubmission(delta);
      process.stdout.write(`${JSON.stringify({ t: 'ack', ss })}\n`);
      prev = des[0]!.entryUuid;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

if (process.argv[1]?.endsWith('embedded-crash-writer.ts')) {
  main().catch((e: unknown) => { process.stderr.write(`${String(e)}\n`); process.exit(1); });
}
