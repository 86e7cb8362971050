import type { SubmissionDelta } from '../ports.js';
import type { Kind } from './intern.js';

/**
 * The value dictionary shared by snapshots (snapshot.ts) and log records (metadata-log.ts).
 * Stored objects share their interned values (codes, patients, authors, vocabulary strings:
 * intern.ts); a file writes each of them once, in a value list `v`, and every object that uses
 * one names it by number. Numbers count from 0 per file: per snapshot, per log generation.
 *
 * Why: objects written in full took about 2.6 kB of JSON per submission of one entry (entry,
 * SubmissionSet, HasMember) in the store benchmark, and every value was parsed and interned
 * again on load; reopening a store of 1M entries took about 45 s, most of it parsing and
 * interning. Encoded, a submission takes about 1.1 kB, a value is interned once per file, and
 * the reopen takes about 15 s, now mostly inserting into the registry's maps (7 per submission),
 * parsing and garbage collection (bench/embedded-store.ts, profiled).
 */

/** Objects by kind letter, their interned fields encoded. */
export type Chunk = Readonly<Record<Kind, readonly object[]>>;

/**
 * What a loader takes: values new to the file, encoded objects, and (log records only) status
 * changes and folder updates. A snapshot chunk holds one kind of object.
 */
export interface EncodedPart extends Partial<Chunk> {
  readonly v?: unknown[];
  readonly c?: SubmissionDelta['statusChanges'];
  readonly u?: SubmissionDelta['folderUpdates'];
}

/**
 * A log record in format 2: one per write batch (group commit), the values new in the batch,
 * then its deltas. One record per batch, because per-record work (checksum, decoding, parsing)
 * made up a third of replaying a log of small records (profiled at 1M submissions).
 */
export interface EncodedBatch {
  readonly w: 2;
  readonly v: unknown[];
  readonly b: readonly EncodedPart[];
}

/**
 * Numbers the interned values of objects as they are written. A value that is not shared
 * (a non-empty extraMetadata) is written in place instead: numbering it would only cost a
 * dictionary entry.
 */
export class RefEncoder {
  private readonly ids = new Map<unknown, number>();
  private readonly values: unknown[] = [];
  private taken = 0;

  /**
   * @param refFields - the interned fields of each kind (Compactor.refFields)
   * @param isShared - whether a value is an interned instance (Compactor.isShared)
   */
  constructor(private readonly refFields: Readonly<Record<Kind, readonly string[]>>, private readonly isShared: (v: unknown) => boolean) {}

  /**
   * Copies the objects with their interned fields replaced by value numbers.
   * @param ends - for associations: the ordinal of each object written before them in the same
   *   scope (a snapshot, a log record); an end found there is written as its ordinal
   */
  encode(kind: Kind, list: readonly object[], ends?: ReadonlyMap<string, number>): object[] {
    const fields = this.refFields[kind];
    return list.map((o) => {
      const copy: Record<string, unknown> = { ...o };
      for (const k of fields) {
        const v = copy[k];
        if (v !== undefined && v !== null && this.isShared(v)) copy[k] = this.id(v);
      }
      if (ends) for (const k of ENDS) copy[k] = ends.get(copy[k] as string) ?? copy[k];
      return copy;
    });
  }

  /** The values numbered since the last call, in number order: write them before the objects. */
  takeValues(): unknown[] {
    const out = this.values.slice(this.taken);
    this.taken = this.values.length;
    return out;
  }

  /** A point to roll back to. */
  mark(): number { return this.values.length; }

  /** Forgets the values numbered after `mark` (their records were never written). */
  rollback(mark: number): void {
    for (let i = mark; i < this.values.length; i++) this.ids.delete(this.values[i]);
    this.values.length = mark;
    this.taken = Math.min(this.taken, mark);
  }

  private id(v: unknown): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(v, id);
      this.values.push(v);
    }
    return id;
  }
}

/**
 * Encodes compacted deltas as one log record payload. Association ends are ordinals into the
 * objects of their own delta.
 * @param enc - the encoder of the log generation the record goes to
 */
export function encodeBatch(enc: RefEncoder, deltas: readonly SubmissionDelta[]): Buffer {
  const b = deltas.map((d): EncodedPart => ({
    s: enc.encode('s', d.submissionSets), f: enc.encode('f', d.folders), d: enc.encode('d', d.documentEntries),
    a: enc.encode('a', d.associations, ordinals([d.submissionSets, d.folders, d.documentEntries])),
    c: d.statusChanges, u: d.folderUpdates,
  }));
  return Buffer.from(JSON.stringify({ w: 2, v: enc.takeValues(), b } satisfies EncodedBatch));
}

const ENDS = ['sourceUuid', 'targetUuid'] as const;

/**
 * Ordinals of objects in the order they are written (SubmissionSets, Folders, DocumentEntries),
 * for association ends. Why: on load, an end given by ordinal is the uuid string of an object
 * just read, found in an array; given as a string it cost two lookups in registry-wide maps per
 * association to share that string (2.2 of 20 s reloading 1M entries, profiled).
 */
export function ordinals(lists: readonly (readonly { readonly entryUuid: string }[])[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of lists) for (const o of list) out.set(o.entryUuid, out.size);
  return out;
}

/** Where snapshots and logs are loaded into. */
export interface SnapshotTarget {
  /** A delta in full (a format 1 snapshot chunk or log record): compacted, then applied. */
  apply(delta: SubmissionDelta): void;
  /**
   * Starts loading one file in format 2.
   * @param scope - what association ends given as ordinals count: the objects of the whole
   *   file (a snapshot) or of each part (a delta of a log record)
   * @returns applies one record: adds its values to the file's dictionary, then its objects
   *   (which refer to the dictionary) and changes
   */
  loader(scope: 'file' | 'part'): (part: EncodedPart) => void;
  /** A fresh encoder for a new file. */
  encoder(): RefEncoder;
}

/** Where a snapshot's content comes from, captured when the log switched generation. */
export interface SnapshotSource {
  readonly objects: SubmissionDelta;
  readonly encoder: RefEncoder;
}
