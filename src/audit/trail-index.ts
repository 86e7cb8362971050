/**
 * The file names of the audit trail and the lookup of a patient over its closed segments. Every
 * closed segment has its own index; every complete group of 64 closed segments (numbers
 * 64·g … 64·g+63, all closed) also gets a merged index (`group-<g>.idx`, segment-index.ts),
 * built in the background after a rotation so that appends never wait for it. A lookup uses a
 * group's index where there is one and the segment's otherwise, so a query over a year of
 * segments reads a few hundred small index ranges instead of tens of thousands. A group index
 * may list segments that retention has since deleted: the store visits only segments it holds.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { goneIsUndefined, IndexBuilder, lookupIndex, readEntries, type RecordPlace } from './segment-index.js';

export const GROUP_SIZE = 64;
const GROUP = /^group-(\d{12})\.idx$/;

const pad = (n: number): string => String(n).padStart(12, '0');
export const segmentName = (seq: number): string => `segment-${pad(seq)}.jsonl`;
export const indexName = (seq: number): string => `segment-${pad(seq)}.idx`;
const groupName = (g: number): string => `group-${pad(g)}.idx`;
const groupOf = (seq: number): number => Math.floor(seq / GROUP_SIZE);

export class TrailIndex {
  private grouping: Promise<void> = Promise.resolve();
  /** Groups whose merged index is in place. */
  private readonly groups = new Set<number>();

  /**
   * @param dir - the trail's folder
   * @param names - the folder's file names at open, to learn which group indexes exist
   */
  constructor(private readonly dir: string, names: Iterable<string>) {
    for (const n of names) {
      const g = GROUP.exec(n)?.[1];
      if (g !== undefined) this.groups.add(Number(g));
    }
  }

  /**
   * Builds, in the background and one at a time, the index of every complete group that has none.
   * A failure leaves the group to per-segment lookups until the next attempt.
   * @param closed - the closed segments now
   * @param openSeq - the open segment
   */
  schedule(closed: readonly number[], openSeq: number): void {
    const complete = new Map<number, number[]>();
    for (const seq of closed) {
      const g = groupOf(seq);
      if (g < groupOf(openSeq) && !this.groups.has(g)) complete.set(g, [...(complete.get(g) ?? []), seq]);
    }
    if (complete.size === 0) return;
    this.grouping = this.grouping.then(async () => {
      for (const [g, seqs] of complete) {
        const builder = new IndexBuilder(16);
        for (const seq of seqs) builder.addEntries(await readEntries(join(this.dir, indexName(seq))));
        await builder.write(join(this.dir, groupName(g)));
        this.groups.add(g);
      }
    }).catch(() => undefined);
  }

  /**
   * @param patientKey - the CX key
   * @returns a lookup of that patient's record places in one closed segment, for one query:
   *   each group's index is read once, when the query first reaches one of its segments
   */
  lookup(patientKey: string): (seq: number) => Promise<RecordPlace[]> {
    let cached: { g: number; bySeq: Map<number, RecordPlace[]> } | undefined;
    return async (seq) => {
      const g = groupOf(seq);
      if (!this.groups.has(g)) return (await lookupIndex(join(this.dir, indexName(seq)), patientKey).catch(goneIsUndefined)) ?? [];
      if (cached?.g !== g) {
        const bySeq = new Map<number, RecordPlace[]>();
        const places = (await lookupIndex(join(this.dir, groupName(g)), patientKey).catch(goneIsUndefined)) ?? [];
        for (const p of places) bySeq.set(p.seq, [...(bySeq.get(p.seq) ?? []), p]);
        cached = { g, bySeq };
      }
      return cached.bySeq.get(seq) ?? [];
    };
  }

  /**
   * Deletes the indexes of groups none of whose segments remain.
   * @param closed - the closed segments left after retention
   */
  async dropEmpty(closed: readonly number[]): Promise<void> {
    const held = new Set(closed.map(groupOf));
    for (const g of [...this.groups]) {
      if (held.has(g)) continue;
      this.groups.delete(g);
      await rm(join(this.dir, groupName(g)), { force: true });
    }
  }

  /** Waits for group indexes being built. */
  settle(): Promise<void> {
    return this.grouping;
  }
}
