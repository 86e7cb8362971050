import { randomUUID } from 'node:crypto';
import type { Association } from '../../domain/association.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import type { ObjectKind, RegistryObjects } from '../../domain/submission.js';
import type { Logger } from '../../logging/logger.js';
import type {
  AssociationLookup, DocumentEntryFilter, FolderFilter, MetadataStore, SubmissionDelta, SubmissionSetFilter,
} from '../ports.js';
import { CommitLog } from './commit-log.js';
import { commitInTransaction } from './commit-txn.js';
import { guardUnavailable, StoreLifecycle, type MongoConnection } from './connection.js';
import { COLLECTION, type StoredDocumentEntry, type StoredFolder, type StoredSubmissionSet } from './documents.js';
import { authorPostFilter, documentEntryFilterDoc, folderFilterDoc, submissionSetFilterDoc } from './filters.js';
import { buildPlan, checkInDelta, storedTargets } from './plan.js';
import { RegistryReader } from './reader.js';
import { RecordStates, type CommitRecord } from './visibility.js';

/** Options of the MongoDB metadata store. */
export interface MongoMetadataOptions {
  readonly log: Logger;
  /** Whether to commit with multi-document transactions (see connection.ts supportsTransactions). */
  readonly transactions: boolean;
  /** Age after which a pending submission of another process is rolled back (commit-log.ts). */
  readonly leaseMs?: number;
  /** How often recovery runs while the store is open; 0 disables it (tests). */
  readonly recoverEveryMs?: number;
  /** Called once by close(), to release the shared connection. */
  readonly release: () => Promise<void>;
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_RECOVER_EVERY_MS = 15_000;

/**
 * The registry's MetadataStore on MongoDB. Submissions commit with transactions when the
 * server has them and with the commit-record protocol otherwise (commit-txn.ts, commit-log.ts);
 * readers see a submission whole or not at all in both cases. A database that cannot be
 * reached fails a call within the driver's server-selection timeout (connection.ts) with
 * XDSRegistryNotAvailable; the driver reconnects by itself when the database returns.
 */
export class MongoMetadataStore implements MetadataStore {
  private readonly reader: RegistryReader;
  private readonly commitLog: CommitLog;
  private readonly leaseMs: number;
  private readonly lifecycle: StoreLifecycle;

  private constructor(private readonly conn: MongoConnection, private readonly opts: MongoMetadataOptions) {
    this.lifecycle = new StoreLifecycle(conn, opts.release);
    const states = new RecordStates(conn.db.collection<CommitRecord>('commits'));
    this.commitLog = new CommitLog(conn.db, states, opts.log);
    this.reader = new RegistryReader(conn.db, states, (sub) => this.commitLog.rollForward(sub), () => this.commitLog.mayHaveCommittedChanges);
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Opens the store on a connection whose indexes exist, finishing what earlier runs left.
   * @param conn - the shared connection
   * @param opts - options
   * @returns the store
   */
  static async open(conn: MongoConnection, opts: MongoMetadataOptions): Promise<MongoMetadataStore> {
    const store = new MongoMetadataStore(conn, opts);
    const r = await store.commitLog.recover(store.leaseMs, true);
    if (r.forward + r.back > 0) opts.log.info('mongodb: recovered unfinished submissions', r);
    store.lifecycle.repeat(opts.recoverEveryMs ?? DEFAULT_RECOVER_EVERY_MS, () => void store.recoverQuietly());
    return store;
  }

  /** Recovery while running; a database that is away now is tried again next time. */
  async recoverQuietly(): Promise<void> {
    try { await this.commitLog.recover(this.leaseMs); } catch (e) { this.opts.log.debug('mongodb: recovery deferred', { error: String(e) }); }
  }

  /** {@inheritDoc MetadataStore.commitSubmission} */
  commitSubmission(delta: SubmissionDelta): Promise<void> {
    return this.guard(async () => {
      checkInDelta(delta);
      const sub = randomUUID();
      const targets = storedTargets(delta);
      if (this.opts.transactions) {
        await commitInTransaction(this.conn.client, this.conn.db, async (session) =>
          buildPlan(delta, sub, await this.reader.locate(targets, session)));
      } else {
        await this.commitLog.commit(buildPlan(delta, sub, await this.reader.locate(targets)));
      }
    });
  }

  getByUuids(uuids: readonly string[]): Promise<RegistryObjects> {
    return this.guard(() => this.reader.getByUuids(uuids));
  }

  getByUniqueIds(kind: Exclude<ObjectKind, 'Association'>, uniqueIds: readonly string[]): Promise<RegistryObjects> {
    return this.guard(() => this.reader.getByUniqueIds(kind, uniqueIds));
  }

  getAssociations(lookup: AssociationLookup): Promise<Association[]> {
    return this.guard(() => this.reader.getAssociations(lookup));
  }

  findDocumentEntries(filter: DocumentEntryFilter, limit?: number): Promise<DocumentEntry[]> {
    return this.guard(() => this.reader.find<StoredDocumentEntry, DocumentEntry>(COLLECTION.DocumentEntry, documentEntryFilterDoc(filter), limit,
      authorPostFilter(filter.authorPersons)));
  }

  findSubmissionSets(filter: SubmissionSetFilter, limit?: number): Promise<SubmissionSet[]> {
    return this.guard(() => this.reader.find<StoredSubmissionSet, SubmissionSet>(COLLECTION.SubmissionSet, submissionSetFilterDoc(filter), limit,
      authorPostFilter(filter.authorPersons)));
  }

  findFolders(filter: FolderFilter, limit?: number): Promise<Folder[]> {
    return this.guard(() => this.reader.find<StoredFolder, Folder>(COLLECTION.Folder, folderFilterDoc(filter), limit));
  }

  ping(): Promise<void> {
    return this.guard(() => this.lifecycle.ping());
  }

  close(): Promise<void> {
    return this.lifecycle.close();
  }

  /** Maps "database not reachable" to the error the registry answers with. */
  private guard<T>(f: () => Promise<T>): Promise<T> {
    return guardUnavailable('metadata', f);
  }
}
