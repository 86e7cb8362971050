import { cxKey, type Author, type Code, type Cx } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';
import { compileLike, dtmInRange, dtmKey, xcnString } from '../keys.js';
import type { DocumentEntryFilter, FolderFilter, SubmissionSetFilter, TimeRange } from '../ports.js';
import type { MultiMap } from './multi-map.js';

/**
 * Filter evaluation for the embedded store. A filter is compiled once per query into a list
 * of small predicates (only for the fields it sets), then run over the candidates. Candidates
 * come from the most selective index the filter names (entryUUIDs, logicalIds, patients), so a
 * query's cost grows with the patient's records, not with the registry. A filter that names
 * none of them scans every object of its kind: the port allows it (registry-wide lookups such
 * as by referenceId), but it is linear in the registry and meant to be rare.
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
  if (k === undefined) { k = `${c.code}^^${c.codingScheme}`; keyCache.set(c, k); }
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

/** Compiles a DocumentEntry filter. */
export function compileDocumentEntryFilter(f: DocumentEntryFilter): Pred<DocumentEntry> {
  const p: Pred<DocumentEntry>[] = [];
  statusIn(f.statuses, p);
  keysIn(f, p);
  if (f.objectTypes && f.objectTypes.length > 0) { const t = new Set<string>(f.objectTypes); p.push((e) => t.has(e.objectType)); }
  codeIn(f.classCodes, (e) => e.classCode, p);
  codeIn(f.typeCodes, (e) => e.typeCode, p);
  codeIn(f.practiceSettingCodes, (e) => e.practiceSettingCode, p);
  codeIn(f.healthcareFacilityTypeCodes, (e) => e.healthcareFacilityTypeCode, p);
  codeIn(f.formatCodes, (e) => e.formatCode, p);
  allCodeGroups(f.eventCodesAll, (e) => e.eventCodeList, p);
  allCodeGroups(f.confidentialityCodesAll, (e) => e.confidentialityCodes, p);
  allGroups(f.referenceIdsAll, (e) => e.referenceIdList, p);
  timeIn(f.creationTime, (e) => e.creationTime, p);
  timeIn(f.serviceStartTime, (e) => e.serviceStartTime, p);
  timeIn(f.serviceStopTime, (e) => e.serviceStopTime, p);
  authorLike(f.authorPersons, (e) => e.authors, p);
  return all(p);
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
 * The candidate entryUUIDs of a query, from the most selective index the filter names:
 * entryUUIDs, else logicalIds (an object without a logicalId answers to its entryUUID), else
 * patients. Undefined when the filter names none of them: the caller must scan.
 */
export function candidates(keys: CandidateKeys, byLogicalId: MultiMap, byPatient: MultiMap): Iterable<string> | undefined {
  if (keys.entryUuids && keys.entryUuids.length > 0) return new Set(keys.entryUuids);
  if (keys.logicalIds && keys.logicalIds.length > 0) return new Set(keys.logicalIds.flatMap((l) => [...byLogicalId.get(l), l]));
  if (keys.patientIds && keys.patientIds.length > 0) return new Set(keys.patientIds.flatMap((p) => byPatient.get(p)));
  return undefined;
}

/**
 * Runs a compiled filter over the candidates, or over every object of the kind when there are
 * none (a registry-wide scan).
 * @param objects - entryUUID → object of one kind
 * @param uuids - candidate entryUUIDs from `candidates`, or undefined to scan
 * @param pred - the compiled filter, including the key restrictions
 * @param limit - most results wanted
 * @returns the matching objects, at most `limit`
 */
export function select<T>(objects: ReadonlyMap<string, T>, uuids: Iterable<string> | undefined, pred: Pred<T>,
  limit = Number.POSITIVE_INFINITY): T[] {
  const out: T[] = [];
  if (limit <= 0) return out;
  if (uuids) {
    for (const uuid of uuids) {
      const o = objects.get(uuid);
      if (o !== undefined && pred(o)) { out.push(o); if (out.length >= limit) return out; }
    }
    return out;
  }
  for (const o of objects.values()) {
    if (pred(o)) { out.push(o); if (out.length >= limit) return out; }
  }
  return out;
}
