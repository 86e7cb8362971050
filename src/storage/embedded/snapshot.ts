import { access } from 'node:fs/promises';
import type { SubmissionDelta } from '../ports.js';
import { writeFileAtomic } from './atomic-file.js';
import { frame, scanFile } from './framing.js';
import type { Kind } from './intern.js';
import { ordinals, type Chunk, type EncodedPart, type SnapshotSource, type SnapshotTarget } from './snapshot-codec.js';

/**
 * A snapshot of the whole metadata state: framed records (framing.ts) holding a header with the
 * log generation it precedes, chunks of objects `{ v, s, f, d, a }` (format 2: `v` holds the
 * values numbered in this chunk, snapshot-codec.ts), and an end marker with the object count. Written to a
 * temporary file, flushed and renamed into place, so a snapshot on disk is always complete;
 * the end marker guards against anything else.
 *
 * Format 2 writes interned values once and refers to them by number; format 1 (objects in full)
 * is still read, so a store written by an older version opens.
 */

interface Header { readonly snapshot: 1 | 2; readonly generation: number }
interface End { readonly end: true; readonly count: number }

const CHUNK = 2000;
const KINDS: readonly Kind[] = ['s', 'f', 'd', 'a'];
const EMPTY: Chunk = { s: [], f: [], d: [], a: [] };
const enc = (v: unknown): Buffer => frame([Buffer.from(JSON.stringify(v))]);
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

const listOf = (objects: SubmissionDelta, kind: Kind): readonly object[] =>
  kind === 's' ? objects.submissionSets : kind === 'f' ? objects.folders : kind === 'd' ? objects.documentEntries : objects.associations;

async function* records(generation: number, { objects, encoder }: SnapshotSource): AsyncGenerator<Buffer> {
  yield enc({ snapshot: 2, generation } satisfies Header);
  let count = 0;
  for (const kind of KINDS) {
    const list = listOf(objects, kind);
    const ends = kind === 'a' ? ordinals([objects.submissionSets, objects.folders, objects.documentEntries]) : undefined;
    for (let i = 0; i < list.length; i += CHUNK) {
      const part = encoder.encode(kind, list.slice(i, i + CHUNK), ends);
      count += part.length;
      yield enc({ v: encoder.takeValues(), ...EMPTY, [kind]: part } satisfies EncodedPart);
      // Snapshots of large registries take seconds of CPU; let requests run between chunks.
      await yieldToLoop();
    }
  }
  yield enc({ end: true, count } satisfies End);
}

/**
 * Writes a snapshot atomically.
 * @param path - the snapshot file
 * @param generation - the first log generation NOT contained in the snapshot
 * @param source - every object, as captured when the log was switched to `generation`, and
 *   the encoder that numbers their values
 */
export async function writeSnapshot(path: string, generation: number, source: SnapshotSource): Promise<void> {
  await writeFileAtomic(path, records(generation, source));
}

const asDelta = (c: Partial<Chunk>): SubmissionDelta => ({
  submissionSets: (c.s ?? []) as SubmissionDelta['submissionSets'], documentEntries: (c.d ?? []) as SubmissionDelta['documentEntries'],
  folders: (c.f ?? []) as SubmissionDelta['folders'], associations: (c.a ?? []) as SubmissionDelta['associations'], statusChanges: [], folderUpdates: [],
});

/**
 * Reads a snapshot into `target`, chunk by chunk.
 * @returns the generation of the first log to replay after it, or undefined when there is none
 * @throws when a snapshot exists but is incomplete: older logs are gone, so serving without it
 *   would silently lose data
 */
export async function readSnapshot(path: string, target: SnapshotTarget): Promise<number | undefined> {
  try { await access(path); } catch { return undefined; }
  let header: Header | undefined; let ended = false; let count = 0;
  let load: ((part: EncodedPart) => void) | undefined;
  await scanFile(path, 0, (payload) => {
    const rec = JSON.parse(payload.toString('utf8')) as Partial<Header & End> & EncodedPart;
    if ((rec.snapshot === 1 || rec.snapshot === 2) && typeof rec.generation === 'number') { header = rec as Header; return; }
    if (rec.end === true) { ended = rec.count === count; return; }
    count += (rec.s?.length ?? 0) + (rec.f?.length ?? 0) + (rec.d?.length ?? 0) + (rec.a?.length ?? 0);
    if (header?.snapshot === 2) (load ??= target.loader('file'))(rec);
    else target.apply(asDelta(rec));
  });
  if (header === undefined || !ended) throw new Error(`The metadata snapshot ${path} is incomplete or corrupt; restore it from a backup`);
  return header.generation;
}
