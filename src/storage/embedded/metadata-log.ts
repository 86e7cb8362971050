import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logging/logger.js';
import type { SubmissionDelta } from '../ports.js';
import { AppendLog } from './append-log.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';

/**
 * The durable side of the embedded metadata store, in `<dir>/metadata/`:
 *
 * - `wal-<generation>.log`: one framed record (framing.ts) per committed SubmissionDelta, as
 *   JSON. A record is written and fdatasync'ed before its submission becomes visible or is
 *   acknowledged, and a torn record is dropped on open, so a submission is stored whole or not
 *   at all, also when the process is killed mid-write.
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

  private constructor(private readonly dir: string, private current: AppendLog, private generation: number,
    private readonly compactBytes: number, private readonly log: Logger) {}

  /**
   * Opens the log files, replaying the snapshot and every log into `apply`.
   * @param dir - the metadata directory (created if missing)
   * @param apply - receives each stored delta, oldest first
   * @param opts - compactBytes: log size that triggers a snapshot; log: for warnings
   */
  static async open(dir: string, apply: (delta: SubmissionDelta) => void,
    opts: { compactBytes: number; log: Logger }): Promise<MetadataLog> {
    await mkdir(dir, { recursive: true });
    await rm(join(dir, 'snapshot.tmp'), { force: true });
    const fromGen = (await readSnapshot(join(dir, 'snapshot'), apply)) ?? 0;
    const gens = (await readdir(dir)).map((n) => /^wal-(\d+)\.log$/.exec(n)?.[1]).filter((g): g is string => g !== undefined)
      .map(Number).sort((a, b) => a - b);
    for (const g of gens.filter((x) => x < fromGen)) await rm(join(dir, walName(g)), { force: true });
    const replay = gens.filter((g) => g >= fromGen);
    const last = replay.length > 0 ? replay[replay.length - 1]! : fromGen;
    let current: AppendLog | undefined;
    for (const g of replay.length > 0 ? replay : [fromGen]) {
      const l = await AppendLog.open(join(dir, walName(g)), 0, (p) => apply(parseRecord(p)), opts.log);
      if (g === last) current = l; else await l.close();
    }
    const store = new MetadataLog(dir, current!, last, opts.compactBytes, opts.log);
    store.snapshotBytes = await stat(join(dir, 'snapshot')).then((st) => st.size, () => 0);
    return store;
  }

  /**
   * Appends framed records and flushes them to disk; resolves once they are durable.
   * @param data - framed records, concatenated
   */
  async append(data: Buffer): Promise<void> {
    await this.current.append(data);
  }

  /** Throws when the log can no longer be written. */
  check(): void { this.current.check(); }

  /**
   * Starts a compaction if the current log is large and none is running. Must be called by the
   * single writer between batches, so that no record is appended during the switch.
   * @param capture - the whole state, as a delta, at this moment
   */
  async maybeCompact(capture: () => SubmissionDelta): Promise<void> {
    if (this.compacting || this.current.size < Math.max(this.compactBytes, this.snapshotBytes)) return;
    const next = this.generation + 1;
    const fresh = await AppendLog.open(join(this.dir, walName(next)), 0, () => undefined, this.log);
    const old = this.current;
    this.current = fresh; this.generation = next;
    await old.close();
    const state = capture();
    this.compacting = this.snapshot(next, state).finally(() => { this.compacting = undefined; });
  }

  private async snapshot(generation: number, state: SubmissionDelta): Promise<void> {
    const started = Date.now();
    try {
      await writeSnapshot(join(this.dir, 'snapshot'), generation, state);
      this.snapshotBytes = (await stat(join(this.dir, 'snapshot'))).size;
      for (const name of await readdir(this.dir)) {
        const g = /^wal-(\d+)\.log$/.exec(name)?.[1];
        if (g !== undefined && Number(g) < generation) await rm(join(this.dir, name), { force: true });
      }
      this.log.info('storage: metadata snapshot written', { generation, ms: Date.now() - started, documentEntries: state.documentEntries.length });
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
export function parseRecord(payload: Buffer): SubmissionDelta {
  return JSON.parse(payload.toString('utf8')) as SubmissionDelta;
}
