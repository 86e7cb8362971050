import type { Association } from '../../domain/association.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import type { ObjectKind, RegistryObjects } from '../../domain/submission.js';
import type { Logger } from '../../logging/logger.js';
import { StoreUnavailableError } from '../errors.js';
import type {
  AssociationLookup, DocumentEntryFilter, FolderFilter, MetadataStore, SubmissionDelta, SubmissionSetFilter,
} from '../ports.js';
import { BatchScope } from './delta-check.js';
import { GroupCommitter } from './group-commit.js';
import { MetadataLog } from './metadata-log.js';
import { candidates, compileFolderFilter, compileSubmissionSetFilter, findDocumentEntries, select } from './query.js';
import { MultiMap } from './multi-map.js';
import { RegistryState } from './registry-state.js';

/** Options of the embedded metadata store. */
export interface EmbeddedMetadataOptions {
  /** Directory of the log and snapshot; none keeps everything in memory only. */
  readonly dir?: string;
  readonly log: Logger;
  /** Log size after which a snapshot is written and the log restarts. Default 256 MiB. */
  readonly compactBytes?: number;
}

/** SubmissionSets have no logicalId. */
const NO_KEYS = new MultiMap();

interface Pending {
  readonly delta: SubmissionDelta;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * The default MetadataStore: the registry held in memory with indexes (registry-state.ts),
 * made durable by a write-ahead log with snapshots (metadata-log.ts).
 *
 * Commits go through one writer (group-commit.ts). For each batch it checks every delta against
 * the state plus the deltas accepted before it in the batch, frames the accepted ones, writes
 * them with one write and one fdatasync, and only then applies them to memory and resolves
 * their promises. A rejected delta throws StoreConflictError and leaves no trace. Readers
 * never see a submission before it is durable, nor a part of one.
 */
export class EmbeddedMetadataStore implements MetadataStore {
  private readonly writer = new GroupCommitter<Pending>((b) => this.flush(b));
  private closed = false;

  private constructor(private readonly state: RegistryState, private readonly wal: MetadataLog | undefined) {}

  /**
   * Opens the store, replaying its snapshot and log when it has a directory.
   * @param opts - directory (absent: in memory), logger, compaction threshold
   * @returns the open store
   */
  static async open(opts: EmbeddedMetadataOptions): Promise<EmbeddedMetadataStore> {
    const state = new RegistryState();
    if (opts.dir === undefined) return new EmbeddedMetadataStore(state, undefined);
    const started = Date.now();
    const wal = await MetadataLog.open(opts.dir, state, { compactBytes: opts.compactBytes ?? 256 * 1024 * 1024, log: opts.log });
    opts.log.info('storage: embedded metadata loaded', { dir: opts.dir, ms: Date.now() - started, documentEntries: state.des.size });
    return new EmbeddedMetadataStore(state, wal);
  }

  commitSubmission(delta: SubmissionDelta): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('The metadata store is closed'));
    return new Promise((resolve, reject) => this.writer.submit({ delta, resolve, reject }));
  }

  /** Writes one batch; settles every item and never rejects (GroupCommitter's contract). */
  private async flush(batch: Pending[]): Promise<void> {
    const scope = new BatchScope();
    const accepted: { item: Pending; delta: SubmissionDelta }[] = [];
    for (const item of batch) {
      try {
        // A private copy, through JSON as a replay would see it; a delta that cannot be
        // serialised fails here, before it enters the batch's scope.
        const copy = JSON.parse(JSON.stringify(item.delta)) as SubmissionDelta;
        const conflict = this.state.check(item.delta, scope);
        if (conflict) item.reject(conflict);
        else accepted.push({ item, delta: this.state.compactDelta(copy) });
      } catch (e) {
        item.reject(e);
      }
    }
    if (accepted.length === 0) return;
    try {
      if (this.wal) await this.wal.append(accepted.map((a) => a.delta));
    } catch (e) {
      for (const a of accepted) a.item.reject(e);
      return;
    }
    for (const a of accepted) { this.state.applyCompacted(a.delta); a.item.resolve(); }
    if (this.wal) await this.wal.maybeCompact(() => this.state.snapshot()).catch(() => undefined);
  }

  async getByUuids(uuids: readonly string[]): Promise<RegistryObjects> {
    return this.state.getByUuids(uuids);
  }

  async getByUniqueIds(kind: Exclude<ObjectKind, 'Association'>, uniqueIds: readonly string[]): Promise<RegistryObjects> {
    return this.state.getByUniqueIds(kind, uniqueIds);
  }

  async getAssociations(lookup: AssociationLookup): Promise<Association[]> {
    return this.state.getAssociations(lookup);
  }

  async findDocumentEntries(filter: DocumentEntryFilter, limit?: number): Promise<DocumentEntry[]> {
    return findDocumentEntries(this.state, filter, limit);
  }

  async findSubmissionSets(filter: SubmissionSetFilter, limit?: number): Promise<SubmissionSet[]> {
    const s = this.state;
    return select(s.sss, candidates({ patientIds: filter.patientIds }, s.sss, NO_KEYS, s.ssPatients), compileSubmissionSetFilter(filter), limit);
  }

  async findFolders(filter: FolderFilter, limit?: number): Promise<Folder[]> {
    const s = this.state;
    return select(s.folders, candidates(filter, s.folders, s.folderByLogicalId, s.folderPatients), compileFolderFilter(filter), limit);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new StoreUnavailableError('The metadata store is closed');
    this.wal?.check();
  }

  /** Waits for queued commits, then closes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.idle();
    await this.wal?.close();
  }

  /** Counts of stored objects, for diagnostics and benchmarks. */
  stats(): { documentEntries: number; submissionSets: number; folders: number; associations: number } {
    return { documentEntries: this.state.des.size, submissionSets: this.state.sss.size, folders: this.state.folders.size, associations: this.state.assocs.size };
  }
}
