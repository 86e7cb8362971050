import type { Logger } from '../../logging/logger.js';
import type { Storage } from '../ports.js';
import { MongoAuditStore } from './audit-store.js';
import { connectMongo, supportsTransactions } from './connection.js';
import { GridFsDocumentStore } from './document-store.js';
import { ensureIndexes } from './indexes.js';
import { MongoMetadataStore } from './metadata-store.js';
import { MongoPatientLinks } from './patient-links.js';

/** Options of the MongoDB storage; all but `log` are for tests and tuning. */
export interface MongoStorageOptions {
  readonly log: Logger;
  /** 'auto' (default) uses transactions when the server runs them; 'off' never does. */
  readonly transactions?: 'auto' | 'off';
  /** Age after which recovery takes a pending submission or upload of another process as dead. */
  readonly leaseMs?: number;
  /** How often recovery runs while open; 0 disables it. */
  readonly recoverEveryMs?: number;
}

/**
 * Opens the MongoDB storage named by STORAGE_URL=mongodb://…: connects (failing within the
 * server-selection timeout when the database is unreachable), creates collections and indexes,
 * detects transactions, and finishes what earlier runs left unfinished. The metadata, document
 * and audit stores share one client, closed when the metadata and document stores are both
 * closed. House-style A7.
 * @param url - a mongodb:// or mongodb+srv:// connection string; its path names the database
 * @param opts - logger and tuning
 * @returns the metadata, document and audit stores
 */
export async function openMongoStorage(url: string, opts: MongoStorageOptions): Promise<Storage> {
  const conn = connectMongo(url);
  let users = 2;
  const release = async (): Promise<void> => { if (--users === 0) await conn.client.close(); };
  try {
    await conn.client.connect();
    await ensureIndexes(conn.db);
    const transactions = opts.transactions !== 'off' && await supportsTransactions(conn, opts.log);
    opts.log.info('mongodb: storage open', { database: conn.db.databaseName, transactions });
    const tuning = {
      ...(opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs }),
      ...(opts.recoverEveryMs === undefined ? {} : { recoverEveryMs: opts.recoverEveryMs }),
    };
    const audit = await MongoAuditStore.open(conn.db);
    const patients = await MongoPatientLinks.open(conn.db);
    const metadata = await MongoMetadataStore.open(conn, { log: opts.log, transactions, release, ...tuning });
    try {
      return { metadata, documents: await GridFsDocumentStore.open(conn, { log: opts.log, release, ...tuning }), audit, patients };
    } catch (e) {
      await metadata.close();
      throw e;
    }
  } catch (e) {
    await conn.client.close().catch(() => undefined);
    throw e;
  }
}
