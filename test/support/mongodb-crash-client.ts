/**
 * The client of test/contract/mongodb-crash.test.ts: submits to the MongoDB storage from
 * several concurrent workers until it is killed, printing one JSON line per submission before
 * it commits (`attempt`) and one once the commit is acknowledged (`ack`). Every third
 * submission of a worker replaces an acknowledged entry of the same worker (RPLC: a status
 * change) and files its new entry into the worker's folder (a folder update).
 *
 * Usage: node --import tsx test/support/mongodb-crash-client.ts <mongodb-url> <workers>
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../src/logging/logger.js';
import { openMongoStorage } from '../../src/storage/mongodb/adapter.js';
import type { Storage } from '../../src/storage/ports.js';
import { contentOf } from '../contract/document-store.contract.js';
import { aDelta, aDocumentEntry, aFolder, anAssociation, aSubmissionSet, newPatient } from '../contract/contract-builders.js';

/** What the test needs to know to check one submission after the crash. */
export interface Attempt {
  readonly ss: string;
  readonly patient: string;
  readonly entries: readonly string[];
  readonly associations: readonly string[];
  readonly documents: readonly { readonly uniqueId: string; readonly sha1: string }[];
  readonly replaces?: string;
  readonly folder?: { readonly uuid: string; readonly lastUpdateTime: string };
}

const say = (o: object): void => { process.stdout.write(`${JSON.stringify(o)}\n`); };

async function worker(storage: Storage, w: number): Promise<never> {
  const p = newPatient();
  const folder = aFolder(p);
  const acked: string[] = [];
  for (let i = 0; ; i++) {
    const ss = aSubmissionSet(p);
    const des = [aDocumentEntry(p), aDocumentEntry(p)];
    const target = i % 3 === 2 ? acked.shift() : undefined;
    const lastUpdateTime = `2024${String(w).padStart(2, '0')}${String(i % 28 + 1).padStart(2, '0')}`;
    const extra = target === undefined ? [] : [
      anAssociation('RPLC', des[0]!.entryUuid, target), anAssociation('HasMember', folder.entryUuid, des[0]!.entryUuid),
    ];
    const delta = aDelta({
      submissionSet: ss, documentEntries: des, folders: i === 0 ? [folder] : [], associations: extra,
      statusChanges: target === undefined ? [] : [{ entryUuid: target, status: 'Deprecated' }],
      folderUpdates: target === undefined ? [] : [{ entryUuid: folder.entryUuid, lastUpdateTime }],
    });
    const docs = des.map((d) => ({ uniqueId: d.uniqueId!, content: contentOf(randomBytes(2000 + i)) }));
    const attempt: Attempt = {
      ss: ss.entryUuid, patient: p.id, entries: des.map((d) => d.entryUuid), associations: delta.associations.map((a) => a.entryUuid),
      documents: docs.map((d) => ({ uniqueId: d.uniqueId, sha1: d.content.sha1 })),
      ...(target === undefined ? {} : { replaces: target, folder: { uuid: folder.entryUuid, lastUpdateTime } }),
    };
    try {
      for (const d of docs) await storage.documents.put(d.uniqueId, d.content);
      say({ attempt });
      await storage.metadata.commitSubmission(delta);
      say({ ack: ss.entryUuid });
      acked.push(des[1]!.entryUuid);
    } catch (e) {
      say({ failed: ss.entryUuid, error: String(e).slice(0, 200) });
      if (target !== undefined) acked.unshift(target);
      if (i === 0) throw e; // without its folder the worker cannot go on
    }
  }
}

const [url, workers] = process.argv.slice(2);
if (!url) throw new Error('usage: mongodb-crash-client.ts <mongodb-url> <workers>');
const storage = await openMongoStorage(url, { log: createLogger('silent') });
say({ ready: true });
await Promise.all(Array.from({ length: Number(workers ?? 4) }, (_, w) => worker(storage, w)));
