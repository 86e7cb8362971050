import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createLogger } from '../../src/logging/logger.js';
import { openMongoStorage, type MongoStorageOptions } from '../../src/storage/mongodb/adapter.js';
import { withDatabase } from '../../src/storage/mongodb/connection.js';
import type { DocumentStore, MetadataStore, PatientIdentityStore, Storage } from '../../src/storage/ports.js';

/**
 * Shared set-up of the MongoDB test suites: they run against MONGODB_URL (FerretDB from
 * scripts/mongodb-test-server.sh in CI, or any MongoDB). Without MONGODB_URL they are reported
 * as not run, unless CI=true or REQUIRE_MONGODB=1, when a missing MONGODB_URL fails them.
 */

export const MONGODB_URL = process.env.MONGODB_URL;
export const MONGODB_REQUIRED = process.env.CI === 'true' || process.env.REQUIRE_MONGODB === '1';
export const silent = createLogger('silent');

/**
 * Declares one test that reports why the MongoDB suites did not run: skipped normally,
 * failed in CI.
 * @param what - the suites concerned
 * @param reason - why they do not run
 */
export function mongoNotConfigured(what: string,
  reason = 'MONGODB_URL is not set (start a server with scripts/mongodb-test-server.sh start)'): void {
  describe(`${what} (MongoDB)`, () => {
    it(`is not run: ${reason}`, function () {
      if (MONGODB_REQUIRED) throw new Error(`${reason}, but CI=true or REQUIRE_MONGODB=1 requires the MongoDB suites to run`);
      this.skip();
    });
  });
}

const run = randomUUID().slice(0, 8);
let n = 0;

/** A database name of its own for one store under test. */
export const freshDatabase = (): string => `t_${run}_${++n}`;

/** Opens storage on a database of its own, with the tuning tests need. */
export async function openTestStorage(url: string, database: string, o: Partial<MongoStorageOptions> = {}): Promise<Storage> {
  return openMongoStorage(withDatabase(url, database), { log: silent, recoverEveryMs: 0, ...o });
}

/** Opens only the metadata store (the document store's half of the connection released). */
export async function openMetadata(url: string, database: string, o: Partial<MongoStorageOptions> = {}): Promise<MetadataStore> {
  const s = await openTestStorage(url, database, o);
  await s.documents.close();
  return s.metadata;
}

/** Opens only the document store. */
export async function openDocuments(url: string, database: string, o: Partial<MongoStorageOptions> = {}): Promise<DocumentStore> {
  const s = await openTestStorage(url, database, o);
  await s.metadata.close();
  return s.documents;
}

/** Opens only the patient cross-reference; closing it closes the storage's connection. */
export async function openPatients(url: string, database: string): Promise<PatientIdentityStore> {
  const s = await openTestStorage(url, database);
  const patients = s.patients!;
  return {
    link: (n, l) => patients.link(n, l), unlink: (l) => patients.unlink(l), resolve: (id) => patients.resolve(id),
    close: async () => { await s.metadata.close(); await s.documents.close(); },
  };
}

/**
 * Drops a test database.
 * @param url - the server
 * @param database - the database to drop
 */
export async function dropDatabase(url: string, database: string): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try { await client.db(database).dropDatabase(); } finally { await client.close(); }
}
