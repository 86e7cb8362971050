import { access } from 'node:fs/promises';
import type { SubmissionDelta } from '../ports.js';
import { writeFileAtomic } from './atomic-file.js';
import { frame, scanFile } from './framing.js';

/**
 * A snapshot of the whole metadata state: framed records (framing.ts) holding a header with the
 * log generation it precedes, chunks of objects, and an end marker with the object count.
 * Written to a temporary file, flushed and renamed into place, so a snapshot on disk is always
 * complete; the end marker guards against anything else.
 */

interface Header { readonly snapshot: 1; readonly generation: number }
interface Chunk { readonly s: SubmissionDelta['submissionSets']; readonly d: SubmissionDelta['documentEntries']; readonly f: SubmissionDelta['folders']; readonly a: SubmissionDelta['associations'] }
interface End { readonly end: true; readonly count: number }

const CHUNK = 2000;
const enc = (v: unknown): Buffer => frame([Buffer.from(JSON.stringify(v))]);
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

async function* records(generation: number, state: SubmissionDelta): AsyncGenerator<Buffer> {
  yield enc({ snapshot: 1, generation } satisfies Header);
  const kinds = [['s', state.submissionSets], ['f', state.folders], ['d', state.documentEntries], ['a', state.associations]] as const;
  let count = 0;
  for (const [k, list] of kinds) {
    for (let i = 0; i < list.length; i += CHUNK) {
      const part = list.slice(i, i + CHUNK);
      const chunk: Chunk = { s: [], d: [], f: [], a: [], [k]: part };
      count += part.length;
      yield enc(chunk);
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
 * @param state - every object, as captured when the log was switched to `generation`
 */
export async function writeSnapshot(path: string, generation: number, state: SubmissionDelta): Promise<void> {
  await writeFileAtomic(path, records(generation, state));
}

/**
 * Reads a snapshot, feeding its objects to `apply` chunk by chunk.
 * @returns the generation of the first log to replay after it, or undefined when there is none
 * @throws when a snapshot exists but is incomplete: older logs are gone, so serving without it
 *   would silently lose data
 */
export async function readSnapshot(path: string, apply: (part: SubmissionDelta) => void): Promise<number | undefined> {
  try { await access(path); } catch { return undefined; }
  let generation: number | undefined; let ended = false; let count = 0;
  await scanFile(path, 0, (payload) => {
    const rec = JSON.parse(payload.toString('utf8')) as Partial<Header & Chunk & End>;
    if (rec.snapshot === 1 && typeof rec.generation === 'number') { generation = rec.generation; return; }
    if (rec.end === true) { ended = rec.count === count; return; }
    const part: SubmissionDelta = { submissionSets: rec.s ?? [], documentEntries: rec.d ?? [], folders: rec.f ?? [], associations: rec.a ?? [], statusChanges: [], folderUpdates: [] };
    count += part.submissionSets.length + part.documentEntries.length + part.folders.length + part.associations.length;
    apply(part);
  });
  if (generation === undefined || !ended) throw new Error(`The metadata snapshot ${path} is incomplete or corrupt; restore it from a backup`);
  return generation;
}
