import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { XdsError } from '../../src/errors/issue.js';
import { storeErrorAsXds, type StoreUser } from '../../src/services/store-errors.js';
import { StoreUnavailableError } from '../../src/storage/errors.js';
import { closeStorage } from '../../src/storage/open-storage.js';
import type { Storage } from '../../src/storage/ports.js';
import { contentOf, readAll } from './document-store.contract.js';
import { aDelta, aDocumentEntry, aSubmissionSet, newPatient, newUniqueId, patientKey } from './contract-builders.js';
import { MONGODB_REQUIRED, MONGODB_URL, mongoNotConfigured, openTestStorage } from './mongodb-fixture.js';
import { ferretDbAvailable, PrivateMongoServer } from './mongodb-server.js';

/**
 * The MongoDB storage while its database is away: calls fail fast with the port's
 * StoreUnavailableError (not a hang), which the registry answers as XDSRegistryNotAvailable
 * and the repository as XDSRepositoryError, ping() (/readyz) says so, and the stores work again by
 * themselves once the database is back. Runs on a FerretDB of its own, which it stops.
 */

/** How long a call may take to fail while the database is away (server selection is 2 s). */
const FAIL_FAST_MS = 4000;

async function failure(call: () => Promise<unknown>, actor: StoreUser): Promise<{ code: string | undefined; ms: number }> {
  const t0 = Date.now();
  try { await call(); } catch (e) {
    if (!(e instanceof StoreUnavailableError)) return { code: `not a StoreUnavailableError: ${String(e)}`, ms: Date.now() - t0 };
    const answered = storeErrorAsXds(e, actor);
    return { code: answered instanceof XdsError ? answered.issues[0]?.code : String(answered), ms: Date.now() - t0 };
  }
  return { code: undefined, ms: Date.now() - t0 };
}

async function eventually(f: () => Promise<unknown>, withinMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    try { await f(); return Date.now() - t0; } catch (e) {
      if (Date.now() - t0 > withinMs) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

if (MONGODB_URL === undefined) {
  mongoNotConfigured('Storage while the database is away');
} else if (!ferretDbAvailable() && !MONGODB_REQUIRED) {
  mongoNotConfigured('Storage while the database is away', 'it needs a FerretDB of its own, built by scripts/mongodb-test-server.sh build');
} else {
  describe('MongoDB storage while the database is away', function () {
    this.timeout(120_000);
    let server: PrivateMongoServer;
    let storage: Storage;
    before(async () => { server = await PrivateMongoServer.start(); storage = await openTestStorage(server.url, 'availability'); });
    after(async () => { await closeStorage(storage).catch(() => undefined); await server?.destroy(); });

    it('fails every call fast with the port\'s unavailable error (XDSRegistryNotAvailable or XDSRepositoryError), and recovers when the database returns', async () => {
      const p = newPatient(); const de = aDocumentEntry(p); const docId = newUniqueId(); const bytes = randomBytes(1000);
      await storage.metadata.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [de] }));
      await storage.documents.put(docId, contentOf(bytes));

      await server.kill();
      const registry = [
        () => storage.metadata.ping(),
        () => storage.metadata.findDocumentEntries({ patientIds: [patientKey(p)], statuses: ['Approved'] }),
        () => storage.metadata.getByUuids([de.entryUuid]),
        () => storage.metadata.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [aDocumentEntry(p)] })),
      ];
      const repository = [
        () => storage.documents.ping(), () => storage.documents.get(docId), () => storage.documents.put(newUniqueId(), contentOf(bytes)),
      ];
      for (const [calls, actor, code] of [[registry, 'registry', 'XDSRegistryNotAvailable'], [repository, 'repository', 'XDSRepositoryError']] as const) {
        for (const call of calls) {
          const f = await failure(call, actor);
          expect(f.code).to.equal(code);
          expect(f.ms).to.be.below(FAIL_FAST_MS);
        }
      }

      await server.restart();
      await eventually(() => storage.metadata.ping(), 20_000);
      await eventually(() => storage.documents.ping(), 20_000);
      expect((await storage.metadata.getByUuids([de.entryUuid])).documentEntries).to.deep.equal([de]);
      expect((await readAll((await storage.documents.get(docId))!.open())).equals(bytes)).to.equal(true);
      const later = aDocumentEntry(p);
      await storage.metadata.commitSubmission(aDelta({ submissionSet: aSubmissionSet(p), documentEntries: [later] }));
      expect((await storage.metadata.findDocumentEntries({ patientIds: [patientKey(p)], statuses: ['Approved'] })).map((d) => d.entryUuid))
        .to.have.members([de.entryUuid, later.entryUuid]);
    });
  });
}
