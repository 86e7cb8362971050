import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, ObjectId, type Collection, type GridFSFile } from 'mongodb';
import type { DocumentContent } from '../../domain/submission.js';
import type { Logger } from '../../logging/logger.js';
import type { DocumentStore, StoredDocument } from '../ports.js';
import { asUnavailable, guardUnavailable, StoreLifecycle, type MongoConnection } from './connection.js';

/**
 * Document bytes in GridFS (bucket `documents`): streamed in and out in 255 KiB chunks, so a
 * document of any size never meets MongoDB's 16 MB document limit, and never held whole in memory.
 *
 * GridFS writes the chunks first and its files document last, and takes no part in
 * transactions. So that nothing half-written is left behind after a crash, every upload and
 * every deletion first writes a marker `{ _id: fileId, at }` to `documents.uploads`, removed
 * when the work is done; recovery (at open and periodically) deletes the file and chunks of a
 * marker older than the lease. Deletion markers are dated at the epoch, so recovery always
 * completes them; upload markers get the lease, so an upload of another process is left alone.
 *
 * Versions: putting a uniqueId again uploads a new file and then deletes the older ones, only
 * those with a smaller ObjectId, so concurrent puts of one uniqueId leave exactly the newest.
 * Bytes are durable when put() resolves but named by no metadata until the registry commits;
 * bytes of a submission that never commits are found through list() and removed (ports.ts).
 */

interface UploadMarker { _id: ObjectId; uniqueId: string; at: Date }

/** Options of the GridFS document store. */
export interface GridFsOptions {
  readonly log: Logger;
  /** Age after which an upload marker is taken as abandoned (its process died). */
  readonly leaseMs?: number;
  /** How often recovery runs while open; 0 disables it. */
  readonly recoverEveryMs?: number;
  readonly release: () => Promise<void>;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_RECOVER_EVERY_MS = 60_000;

export class GridFsDocumentStore implements DocumentStore {
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<GridFSFile>;
  private readonly chunks: Collection<{ files_id: ObjectId }>;
  private readonly markers: Collection<UploadMarker>;
  private readonly lifecycle: StoreLifecycle;

  private constructor(conn: MongoConnection, private readonly opts: GridFsOptions) {
    this.lifecycle = new StoreLifecycle(conn, opts.release);
    this.bucket = new GridFSBucket(conn.db, { bucketName: 'documents' });
    this.files = conn.db.collection<GridFSFile>('documents.files');
    this.chunks = conn.db.collection('documents.chunks');
    this.markers = conn.db.collection<UploadMarker>('documents.uploads');
  }

  /**
   * Opens the store, finishing uploads and deletions that earlier runs left.
   * @param conn - the shared connection (indexes created)
   * @param opts - options
   * @returns the store
   */
  static async open(conn: MongoConnection, opts: GridFsOptions): Promise<GridFsDocumentStore> {
    const store = new GridFsDocumentStore(conn, opts);
    await store.recover();
    store.lifecycle.repeat(opts.recoverEveryMs ?? DEFAULT_RECOVER_EVERY_MS,
      () => void store.recover().catch((e: unknown) => opts.log.debug('gridfs: recovery deferred', { error: String(e) })));
    return store;
  }

  /** {@inheritDoc DocumentStore.put} */
  put(uniqueId: string, content: DocumentContent): Promise<{ size: number; sha1: string }> {
    return this.guard(async () => {
      const id = new ObjectId();
      await this.markers.insertOne({ _id: id, uniqueId, at: new Date() });
      const hash = createHash('sha1');
      let size = 0;
      async function* counted(): AsyncGenerator<Uint8Array> {
        for await (const chunk of content.open()) { hash.update(chunk); size += chunk.length; yield chunk; }
      }
      const upload = this.bucket.openUploadStreamWithId(id, uniqueId, { metadata: { sha1: content.sha1 } });
      try {
        await pipeline(Readable.from(counted()), upload);
      } catch (e) {
        await this.deleteFile(id).catch(() => undefined); // else recovery does it after the lease
        throw e;
      }
      const sha1 = hash.digest('hex');
      if (sha1 !== content.sha1) await this.files.updateOne({ _id: id }, { $set: { 'metadata.sha1': sha1 } });
      await this.markers.deleteOne({ _id: id });
      const older = await this.files.find({ filename: uniqueId, _id: { $lt: id } }, { projection: { _id: 1 } }).toArray();
      await this.purge(older.map((f) => f._id));
      return { size, sha1 };
    });
  }

  /** {@inheritDoc DocumentStore.get} */
  get(uniqueId: string): Promise<StoredDocument | undefined> {
    return this.guard(async () => {
      const [f] = await this.files.find({ filename: uniqueId }).sort({ _id: -1 }).limit(1).toArray();
      if (!f) return undefined;
      const sha1 = typeof f.metadata?.sha1 === 'string' ? f.metadata.sha1 : '';
      return { uniqueId, size: f.length, sha1, open: () => this.stream(f._id) };
    });
  }

  /** The bytes of one file, with "database away" mapped as for every other call. */
  private async *stream(id: ObjectId): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of this.bucket.openDownloadStream(id)) yield chunk as Buffer;
    } catch (e) {
      throw asUnavailable(e, 'documents');
    }
  }

  /** {@inheritDoc DocumentStore.remove} */
  remove(uniqueIds: readonly string[]): Promise<void> {
    return this.guard(async () => {
      if (uniqueIds.length === 0) return;
      const found = await this.files.find({ filename: { $in: [...new Set(uniqueIds)] } }, { projection: { _id: 1 } }).toArray();
      await this.purge(found.map((f) => f._id));
    });
  }

  /** {@inheritDoc DocumentStore.list} */
  async *list(): AsyncIterable<string> {
    let last: string | undefined;
    try {
      for await (const f of this.files.find({}, { projection: { filename: 1 } }).sort({ filename: 1 })) {
        if (f.filename !== last) { last = f.filename; yield f.filename; }
      }
    } catch (e) {
      throw asUnavailable(e, 'documents');
    }
  }

  ping(): Promise<void> {
    return this.guard(() => this.lifecycle.ping());
  }

  close(): Promise<void> {
    return this.lifecycle.close();
  }

  /** Deletes files and their chunks, crash-safely (a deletion marker first). */
  private async purge(ids: readonly ObjectId[]): Promise<void> {
    if (ids.length === 0) return;
    await this.markers.insertMany(ids.map((id) => ({ _id: id, uniqueId: '', at: new Date(0) })), { ordered: false }).catch((e: unknown) => {
      if ((e as { code?: unknown }).code !== 11000) throw e; // an upload marker of the same file is as good
    });
    for (const id of ids) await this.deleteFile(id);
  }

  private async deleteFile(id: ObjectId): Promise<void> {
    await this.files.deleteOne({ _id: id });
    await this.chunks.deleteMany({ files_id: id });
    await this.markers.deleteOne({ _id: id });
  }

  /** Deletes the files of markers older than the lease: uploads that died, deletions cut short. */
  async recover(): Promise<void> {
    const before = new Date(Date.now() - (this.opts.leaseMs ?? DEFAULT_LEASE_MS));
    for (const m of await this.markers.find({ at: { $lt: before } }).toArray()) await this.deleteFile(m._id);
  }

  private guard<T>(f: () => Promise<T>): Promise<T> {
    return guardUnavailable('documents', f);
  }
}
