import { codeKey, cxKey, type Author, type Code, type Cx } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import { dtmInRange, dtmKey, xcnString } from '../keys.js';
import { compileLike } from '../like.js';
import type { DocumentEntryFilter, FolderFilter, SubmissionSetFilter, TimeRange } from '../ports.js';
import { passes, type ColumnCheck, type ColumnDictionary, type EntryBucket } from './entry-columns.js';
import type { ListMap, MultiMap } from './multi-map.js';

/**
 * Filter evaluation for the embedded store. A filter is compiled once per query into a list
 * of small predicates (only for the fields it sets), then run over the candidates. Candidates
 * come from the most selective index the filter names (entryUUIDs, logicalIds, patients), so a
 * query's cost grows with the patient's records, not with the registry. A filter that names
 * none of them scans every object of its kind: the port allows it (registry-wide lookups such
 * as by referenceId), but it is linear in the registry and meant to be rare. The patient
 * indexes hold the objects themselves, and DocumentEntries by patient are first tested on the
 * patient's column ids (entry-columns.ts), so no registry-wide map is read per candidate.
 *
 * Lists: OR within one list, AND across fields; `…All` fields are AND of OR-groups. An absent
 * or empty optional list does not constrain (an empty `patientIds` scans, like an absent one);
 * `statuses` is required and an empty list matches nothing. Times: see keys.ts dtmKey.
 */

type Pred<T> = (o: T) => boolean;

/** Code keys are cached per (interned, frozen, shared) Code object. */
const keyCache = new WeakMap<Code, string>();
function keyOf(c: Code): string {
  let k = keyCache.get(c);
  if (k === undefined) { k = codeKey(c); keyCache.set(c, k); }
  return k;
}

const authorCache = new WeakMap<Author, string>();
function authorString(a: Author): string | undefined {
  if (!a.person) return undefined;
  let s = authorCache.get(a);
  if (s === undefined) { s = xcnString(a.person); authorCache.set(a, s); }
  return s;
}

function codeIn<T>(list: readonly string[] | undefined, get: (o: T) => Code | undefined, out: Pred<T>[]): void {
  if (!list || list.length === 0) return;
  const set = new Set(list);
  out.push((o) => { const c = get(o); return c !== undefined && set.has(keyOf(c)); });
}

function allGroups<T>(groups: readonly (readonly string[])[] | undefined, values: (o: T) => readonly string[], out: Pred<T>[]): void {
  if (!groups || groups.length === 0) return;
  const sets = groups.map((g) => new Set(g));
  out.push((o) => { const v = values(o); return sets.every((s) => v.some((x) => s.has(x))); });
}

function allCodeGroups<T>(groups: readonly (readonly string[])[] | undefined, codes: (o: T) => readonly Code[], out: Pred<T>[]): void {
  allGroups(groups, (o: T) => codes(o).map(keyOf), out);
}

function timeIn<T>(range: TimeRange | undefined, get: (o: T) => string | undefined, out: Pred<T>[]): void {
  if (!range || (range.from === undefined && range.to === undefined)) return;
  const from = range.from === undefined ? undefined : dtmKey(range.from);
  const to = range.to === undefined ? undefined : dtmKey(range.to);
  out.push((o) => dtmInRange(get(o), from, to));
}

function authorLike<T>(patterns: readonly string[] | undefined, authors: (o: T) => readonly Author[], out: Pred<T>[]): void {
  if (!patterns || patterns.length === 0) return;
  const like = compileLike(patterns);
  out.push((o) => authors(o).some((a) => { const s = authorString(a); return s !== undefined && like(s); }));
}

function statusIn<T extends { readonly availabilityStatus?: string }>(statuses: readonly string[], out: Pred<T>[]): void {
  const set = new Set(statuses);
  out.push((o) => o.availabilityStatus !== undefined && set.has(o.availabilityStatus));
}

const cxCache = new WeakMap<Cx, string>();
function patientKeyOf(cx: Cx): string {
  let k = cxCache.get(cx);
  if (k === undefined) { k = cxKey(cx); cxCache.set(cx, k); }
  return k;
}

/** Key restrictions (entryUUID, logicalId, patient): AND with the rest, whichever chose the candidates. */
function keysIn<T extends { readonly entryUuid: string; readonly logicalId?: string; readonly patientId?: Cx }>(
  k: CandidateKeys, out: Pred<T>[]): void {
  if (k.entryUuids && k.entryUuids.length > 0) { const s = new Set(k.entryUuids); out.push((o) => s.has(o.entryUuid)); }
  if (k.logicalIds && k.logicalIds.length > 0) { const s = new Set(k.logicalIds); out.push((o) => s.has(o.logicalId ?? o.entryUuid)); }
  if (k.patientIds && k.patientIds.length > 0) {
    const s = new Set(k.patientIds);
    out.push((o) => o.patientId !== undefined && s.has(patientKeyOf(o.patientId)));
  }
}

const all = <T>(preds: readonly Pred<T>[]): Pred<T> => (o) => preds.every((p) => p(o));

/** A compiled DocumentEntry filter. */
export interface CompiledEntryFilter {
  /** The tests that entry columns answer (status, objectType, single-valued codes). */
  readonly checks: readonly ColumnCheck[];
  /** The other tests, key restrictions excluded; undefined when there are none. */
  readonly rest: Pred<DocumentEntry> | undefined;
  /** The whole filter on one entry, key restrictions included. */
  readonly matches: Pred<DocumentEntry>;
}

/** Compiles a DocumentEntry filter against the column ids of `dict`. */
function compileDocumentEntryFilter(f: DocumentEntryFilter, dict: ColumnDictionary): CompiledEntryFilter {
  const checks = dict.checks(f);
  const p: Pred<DocumentEntry>[] = [];
  allCodeGroups(f.eventCodesAll, (e) => e.eventCodeList, p);
  allCodeGroups(f.confidentialityCodesAll, (e) => e.confidentialityCodes, p);
  allGroups(f.referenceIdsAll, (e) => e.referenceIdList, p);
  timeIn(f.creationTime, (e) => e.creationTime, p);
  timeIn(f.serviceStartTime, (e) => e.serviceStartTime, p);
  timeIn(f.serviceStopTime, (e) => e.serviceStopTime, p);
  authorLike(f.authorPersons, (e) => e.authors, p);
  const rest = p.length === 0 ? undefined : all(p);
  const keys: Pred<DocumentEntry>[] = [];
  keysIn(f, keys);
  const matches: Pred<DocumentEntry> = (e) => passes(dict.row(e), 0, checks) && keys.every((k) => k(e)) && (!rest || rest(e));
  return { checks, rest, matches };
}

/** Compiles a SubmissionSet filter. */
export function compileSubmissionSetFilter(f: SubmissionSetFilter): Pred<SubmissionSet> {
  const p: Pred<SubmissionSet>[] = [];
  statusIn(f.statuses, p);
  keysIn({ patientIds: f.patientIds }, p);
  if (f.sourceIds && f.sourceIds.length > 0) { const s = new Set(f.sourceIds); p.push((ss) => ss.sourceId !== undefined && s.has(ss.sourceId)); }
  codeIn(f.contentTypeCodes, (ss) => ss.contentTypeCode, p);
  timeIn(f.submissionTime, (ss) => ss.submissionTime, p);
  authorLike(f.authorPersons, (ss) => ss.authors, p);
  return all(p);
}

/** Compiles a Folder filter. */
export function compileFolderFilter(f: FolderFilter): Pred<Folder> {
  const p: Pred<Folder>[] = [];
  statusIn(f.statuses, p);
  keysIn(f, p);
  allCodeGroups(f.codesAll, (fo) => fo.codeList, p);
  timeIn(f.lastUpdateTime, (fo) => fo.lastUpdateTime, p);
  return all(p);
}

/** Where a query's candidates come from: the most selective key the filter names. */
export interface CandidateKeys {
  readonly entryUuids?: readonly string[] | undefined;
  readonly logicalIds?: readonly string[] | undefined;
  readonly patientIds?: readonly string[] | undefined;
}

/**
 * The candidates of a query from the entryUUIDs or logicalIds it names (an object without a
 * logicalId answers to its entryUUID), or undefined when it names neither.
 */
function candidatesByKey<T>(keys: CandidateKeys, objects: ReadonlyMap<string, T>, byLogicalId: MultiMap): T[] | undefined {
  let uuids: Set<string> | undefined;
  if (keys.entryUuids && keys.entryUuids.length > 0) uuids = new Set(keys.entryUuids);
  else if (keys.logicalIds && keys.logicalIds.length > 0) uuids = new Set(keys.logicalIds.flatMap((l) => [...byLogicalId.get(l), l]));
  if (!uuids) return undefined;
  const out: T[] = [];
  for (const u of uuids) { const o = objects.get(u); if (o !== undefined) out.push(o); }
  return out;
}

/**
 * The candidates of a query: by entryUUID, else by logicalId, else the objects of the patients
 * it names (from a patient index that holds the objects themselves). Undefined when the filter
 * names none of them: the caller must scan.
 */
export function candidates<T extends object>(keys: CandidateKeys, objects: ReadonlyMap<string, T>, byLogicalId: MultiMap,
  byPatient: ListMap<T>): readonly T[] | undefined {
  const found = candidatesByKey(keys, objects, byLogicalId);
  if (found || !keys.patientIds || keys.patientIds.length === 0) return found;
  return [...new Set(keys.patientIds)].flatMap((p) => byPatient.get(p));
}

/**
 * Runs a compiled filter over the candidates, or over every object of the kind when there are
 * none (a registry-wide scan).
 * @param objects - entryUUID → object of one kind
 * @param found - candidate objects from `candidates`, or undefined to scan
 * @param pred - the compiled filter, including the key restrictions
 * @param limit - most results wanted
 * @returns the matching objects, at most `limit`
 */
export function select<T>(objects: ReadonlyMap<string, T>, found: Iterable<T> | undefined, pred: Pred<T>,
  limit = Number.POSITIVE_INFINITY): T[] {
  const out: T[] = [];
  if (limit <= 0) return out;
  for (const o of found ?? objects.values()) {
    if (pred(o)) { out.push(o); if (out.length >= limit) return out; }
  }
  return out;
}

/** What a DocumentEntry query reads. */
export interface EntryIndex {
  readonly des: ReadonlyMap<string, DocumentEntry>;
  readonly deByLogicalId: MultiMap;
  readonly dePatients: ReadonlyMap<string, EntryBucket>;
  readonly entryColumns: ColumnDictionary;
}

/**
 * Finds DocumentEntries. By patient, the patients' buckets are read through their columns and
 * only entries that pass those checks are tested further; otherwise as `select`.
 */
export function findDocumentEntries(ix: EntryIndex, f: DocumentEntryFilter, limit = Number.POSITIVE_INFINITY): DocumentEntry[] {
  const compiled = compileDocumentEntryFilter(f, ix.entryColumns);
  const found = candidatesByKey(f, ix.des, ix.deByLogicalId);
  if (found || !f.patientIds || f.patientIds.length === 0) return select(ix.des, found, compiled.matches, limit);
  const out: DocumentEntry[] = [];
  if (limit <= 0) return out;
  for (const p of new Set(f.patientIds)) {
    const bucket = ix.dePatients.get(p);
    if (bucket && !bucket.select(compiled.checks, compiled.rest, out, limit)) break;
  }
  return out;
}
