import { expect } from 'chai';
import { MongoClient, MongoNetworkError, type Collection, type Db } from 'mongodb';
import { connectMongo, withDatabase } from '../../src/storage/mongodb/connection.js';
import { ensureIndexes } from '../../src/storage/mongodb/indexes.js';
import { MongoMetadataStore } from '../../src/storage/mongodb/metadata-store.js';
import type { MetadataStore, SubmissionDelta } from '../../src/storage/ports.js';
import { aDelta, aDocumentEntry, aFolder, anAssociation, aSubmissionSet, newPatient, patientKey } from './contract-builders.js';
import { dropDatabase, freshDatabase, MONGODB_URL, mongoNotConfigured, openMetadata, silent } from './mongodb-fixture.js';

/**
 * The commit-record protocol (storage/mongodb/commit-log.ts) stopped at every database call
 * of a submission, as a crash of the gateway or the database would stop it. After each stop a
 * reader sees the submission whole or not at all, a stop after the commit point is whole, and
 * once recovery has run, a submission that did not commit can be submitted again.
 */

/** Counts collection calls and, from the armed one on, fails every call as a lost connection would. */
class FaultInjector {
  private count = 0;
  private failAt = Number.POSITIVE_INFINITY;
  get calls(): number { return this.count; }
  arm(n: number): void { this.count = 0; this.failAt = n; }
  disarm(): void { this.failAt = Number.POSITIVE_INFINITY; }

  wrap(db: Db): Db {
    const collection = (name: string): Collection => new Proxy(db.collection(name), {
      get: (target, prop, receiver) => {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (++this.count >= this.failAt) throw new MongoNetworkError('injected: connection lost');
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return new Proxy(db, { get: (t, p, r) => (p === 'collection' ? collection : Reflect.get(t, p, r)) });
  }
}

const url = MONGODB_URL;
if (url === undefined) {
  mongoNotConfigured('Commit protocol under injected crashes');
} else {
  describe('MongoDB commit protocol without transactions, stopped at every step', function () {
    this.timeout(180_000);
    const database = freshDatabase();
    let client: MongoClient;
    before(async () => { client = connectMongo(withDatabase(url, database)).client; await ensureIndexes(client.db(database)); });
    after(async () => { await client.close(); await dropDatabase(url, database); });

    /** A stored entry and folder, and a submission that replaces the one and updates the other. */
    async function scenario(): Promise<{ delta: SubmissionDelta; check: (s: MetadataStore) => Promise<'all' | 'none'> }> {
      const p = newPatient();
      const d1 = aDocumentEntry(p); const f = aFolder(p, { lastUpdateTime: '20200101' });
      await withStore({}, (s) => s.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [d1], folders: [f] })));
      const ss = aSubmissionSet(p); const d2 = aDocumentEntry(p);
      const delta = aDelta({
        submissionSet: ss, documentEntries: [d2], associations: [anAssociation('RPLC', d2.entryUuid, d1.entryUuid)],
        statusChanges: [{ entryUuid: d1.entryUuid, status: 'Deprecated' }], folderUpdates: [{ entryUuid: f.entryUuid, lastUpdateTime: '2024' }],
      });
      const check = async (s: MetadataStore): Promise<'all' | 'none'> => {
        const got = await s.getByUuids([...delta.associations.map((a) => a.entryUuid), ss.entryUuid, d2.entryUuid, d1.entryUuid, f.entryUuid]);
        const deprecated = (await s.findDocumentEntries({ patientIds: [patientKey(p)], statuses: ['Deprecated'] })).map((d) => d.entryUuid);
        const facts = [
          got.submissionSets.length === 1, got.associations.length === delta.associations.length,
          got.documentEntries.some((d) => d.entryUuid === d2.entryUuid),
          got.documentEntries.find((d) => d.entryUuid === d1.entryUuid)?.availabilityStatus === 'Deprecated',
          deprecated.includes(d1.entryUuid), got.folders[0]?.lastUpdateTime === '2024',
        ];
        expect(facts.every((x) => x) || facts.every((x) => !x), `partial submission visible: ${JSON.stringify(facts)}`).to.equal(true);
        return facts[0] ? 'all' : 'none';
      };
      return { delta, check };
    }

    it('shows a submission whole or not at all wherever it stopped, and recovery finishes it', async () => {
      const faults = new FaultInjector();
      const outcomes: string[] = [];
      for (let n = 1; ; n++) {
        const { delta, check } = await scenario();
        const conn = { client, db: faults.wrap(client.db(database)) };
        const store = await MongoMetadataStore.open(conn, { log: silent, transactions: false, recoverEveryMs: 0, release: async () => undefined });
        faults.arm(n);
        const acknowledged = await store.commitSubmission(delta).then(() => true, () => false);
        const calls = faults.calls;
        faults.disarm();
        // As the database comes back: what is left is read before any recovery has run.
        const before = await check(store);
        await store.close();
        if (acknowledged) expect(before, `acknowledged but not visible, stopped at call ${n}`).to.equal('all');
        await withStore({ leaseMs: 0 }, async (s) => {
          expect(await check(s), `recovery changed the outcome of a stop at call ${n}`).to.equal(before);
          if (before === 'none') { await s.commitSubmission(delta); expect(await check(s)).to.equal('all'); }
        });
        outcomes.push(`${n}:${acknowledged ? 'ack' : before}`);
        if (acknowledged && calls < n) break;
      }
      // Stops before the commit point leave nothing, stops after it everything.
      expect(outcomes.filter((o) => o.endsWith('none')).length, outcomes.join(' ')).to.be.greaterThan(8);
      expect(outcomes.filter((o) => o.endsWith('ack')).length, outcomes.join(' ')).to.be.greaterThan(4);
    });

    async function withStore<T>(o: { leaseMs?: number }, f: (s: MetadataStore) => Promise<T>): Promise<T> {
      const s = await openMetadata(url!, database, o);
      try { return await f(s); } finally { await s.close(); }
    }
  });
}
