import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logging/logger.js';
import type { SubmissionDelta } from '../ports.js';
import { AppendLog } from './append-log.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';
import { encodeBatch, type EncodedBatch, type RefEncoder, type SnapshotSource, type SnapshotTarget } from './snapshot-codec.js';
import { frame } from './framing.js';

/**
 * The durable side of the embedded metadata store, in `<dir>/metadata/`:
 *
 * - `wal-<generation>.log`: one framed record (framing.ts) per write batch of committed
 *   SubmissionDeltas, as JSON with their interned values numbered per generation
 *   (snapshot-codec.ts; one delta per record in full, as older versions wrote, is read too).
 *   A record is written and fdatasync'ed before its submissions become visible or are
 *   acknowledged, and a torn record is dropped on open, so a submission is stored whole or not
 *   at all, also when the process is killed mid-write. Each process writes a generation of its
 *   own (open starts a new one after a non-empty log), because value numbers count per generation.
 * - `snapshot`: all objects as of the start of some generation (snapshot.ts).
 *
 * Compaction: when the current log passes `compactBytes` and the size of the last snapshot
 * (so that rewriting the whole state costs at most as much I/O as the log it replaces, which keeps
 * compaction's cost per committed byte constant as the registry grows), the writer switches to a new
 * generation (between two batches), captures the state (objects are immutable, so copying the
 * maps' values suffices), writes the snapshot in the background, renames it into place and only
 * then deletes the older logs. A crash at any point leaves either the old snapshot and all
 * newer logs, or the new snapshot and the logs from its generation on.
 */
export class MetadataLog {
  private compacting: Promise<void> | undefined;
  /** Size of the last snapshot: the log may grow as large before the next one (see maybeCompact). */
  private snapshotBytes = 0;

  /** Numbers the values of the current generation's records. */
  private encoder: RefEncoder;

  private constructor(private readonly dir: string, private current: AppendLog, private generation: number,
    private readonly target: SnapshotTarget, private readonly compactBytes: number, private readonly log: Logger) {
    this.encoder = target.encoder();
  }

  /**
   * Opens the log files, replaying the snapshot and every log into `target`.
   * @param dir - the metadata directory (created if missing)
   * @param target - receives the snapshot, then each logged delta (`apply`), oldest first
   * @param opts - compactBytes: log size that triggers a snapshot; log: for warnings
   */
  static async open(dir: string, target: SnapshotTarget,
    opts: { compactBytes: number; log: Logger }): Promise<MetadataLog> {
    await mkdir(dir, { recursive: true });
    await rm(join(dir, 'snapshot.tmp'), { force: true });
    const fromGen = (await readSnapshot(join(dir, 'snapshot'), target)) ?? 0;
    const gens = (await readdir(dir)).map((n) => /^wal-(\d+)\.log$/.exec(n)?.[1]).filter((g): g is string => g !== undefined)
      .map(Number).sort((a, b) => a - b);
    for (const g of gens.filter((x) => x < fromGen)) await rm(join(dir, walName(g)), { force: true });
    const replay = gens.filter((g) => g >= fromGen);
    const last = replay.length > 0 ? replay[replay.length - 1]! : fromGen;
    let current: AppendLog | undefined;
    for (const g of replay.length > 0 ? replay : [fromGen]) {
      const load = target.loader('part');
      const l = await AppendLog.open(join(dir, walName(g)), 0, (p) => {
        const rec = parseRecord(p);
        if (!isEncoded(rec)) { target.apply(rec); return; }
        load({ v: rec.v });
        for (const part of rec.b) load(part);
      }, opts.log);
      if (g === last) current = l; else await l.close();
    }
    if (current!.size > 0) {
      // Records of this generation were numbered by an encoder that is gone; start a new one.
      const next = last + 1;
      await current!.close();
      current = await AppendLog.open(join(dir, walName(next)), 0, () => undefined, opts.log);
      return MetadataLog.create(dir, current, next, target, opts);
    }
    return MetadataLog.create(dir, current!, last, target, opts);
  }

  private static async create(dir: string, current: AppendLog, generation: number, target: SnapshotTarget,
    opts: { compactBytes: number; log: Logger }): Promise<MetadataLog> {
    const store = new MetadataLog(dir, current, generation, target, opts.compactBytes, opts.log);
    store.snapshotBytes = await stat(join(dir, 'snapshot')).then((st) => st.size, () => 0);
    return store;
  }

  /**
   * Appends compacted deltas (RegistryState.compactDelta) as one write and flushes them to
   * disk; resolves once they are durable. On failure nothing of them counts as written.
   */
  async append(deltas: readonly SubmissionDelta[]): Promise<void> {
    const mark = this.encoder.mark();
    try {
      await this.current.append(frame([encodeBatch(this.encoder, deltas)]));
    } catch (e) {
      this.encoder.rollback(mark);
      throw e;
    }
  }

  /** Throws when the log can no longer be written. */
  check(): void { this.current.check(); }

  /**
   * Starts a compaction if the current log is large and none is running. Must be called by the
   * single writer between batches, so that no record is appended during the switch.
   * @param capture - the whole state at this moment, with an encoder for it
   */
  async maybeCompact(capture: () => SnapshotSource): Promise<void> {
    if (this.compacting || this.current.size < Math.max(this.compactBytes, this.snapshotBytes)) return;
    const next = this.generation + 1;
    const fresh = await AppendLog.open(join(this.dir, walName(next)), 0, () => undefined, this.log);
    const old = this.current;
    this.current = fresh; this.generation = next; this.encoder = this.target.encoder();
    await old.close();
    const state = capture();
    this.compacting = this.snapshot(next, state).finally(() => { this.compacting = undefined; });
  }

  private async snapshot(generation: number, state: SnapshotSource): Promise<void> {
    const started = Date.now();
    try {
      await writeSnapshot(join(this.dir, 'snapshot'), generation, state);
      this.snapshotBytes = (await stat(join(this.dir, 'snapshot'))).size;
      for (const name of await readdir(this.dir)) {
        const g = /^wal-(\d+)\.log$/.exec(name)?.[1];
        if (g !== undefined && Number(g) < generation) await rm(join(this.dir, name), { force: true });
      }
      this.log.info('storage: metadata snapshot written', { generation, ms: Date.now() - started, documentEntries: state.objects.documentEntries.length });
    } catch (e) {
      // The older logs are still there, so nothing is lost; a later compaction covers them too.
      this.log.error('storage: writing the metadata snapshot failed', { generation, error: String(e) });
    }
  }

  /** Waits for a running compaction, then closes the current log. */
  async close(): Promise<void> {
    await this.compacting;
    await this.current.close();
  }
}

const walName = (g: number): string => `wal-${String(g).padStart(8, '0')}.log`;

/** Decodes one log record. Records are written by this store only, so their shape is trusted. */
function parseRecord(payload: Buffer): SubmissionDelta | EncodedBatch {
  return JSON.parse(payload.toString('utf8')) as SubmissionDelta | EncodedBatch;
}

const isEncoded = (rec: SubmissionDelta | EncodedBatch): rec is EncodedBatch => 'w' in rec && rec.w === 2;
