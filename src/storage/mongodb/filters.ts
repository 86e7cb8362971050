import type { Filter } from 'mongodb';
import { dtmKey } from '../keys.js';
import { compileLike, likeNeedsPostFilter, likePrefilterSource } from '../like.js';
import type { AssociationLookup, DocumentEntryFilter, FolderFilter, SubmissionSetFilter, TimeRange } from '../ports.js';
import type { StoredAssociation, StoredDocumentEntry, StoredFolder, StoredSubmissionSet } from './documents.js';

/**
 * Port filters → MongoDB filter documents over the stored shapes of documents.ts.
 * Semantics match the embedded adapter (storage/embedded/query.ts), which the contract suite
 * checks: OR within one list, AND across fields; `…All` lists are AND of OR-groups; an absent
 * or empty optional list does not constrain; DTMs compare as their 14-digit keys, from
 * inclusive and to exclusive, and a missing time never matches a bounded range (MongoDB's
 * `$gte`/`$lt` do not match a missing field); author persons are SQL LIKE patterns over the
 * XCN string, case-sensitive. Only operators that both MongoDB and FerretDB implement are used:
 * `$in`, `$gte`, `$lt`, `$regex`, `$and`, `$or`.
 */

type Clause = Record<string, unknown>;

/** Adds `field ∈ values` when the list is given and not empty. */
function anyOf(out: Clause, field: string, values: readonly string[] | undefined): void {
  if (values && values.length > 0) out[field] = { $in: [...new Set(values)] };
}

/** Adds one `$in` clause per OR-group, to be AND-ed: a multi-valued field must meet each group. */
function allGroups(and: Clause[], field: string, groups: readonly (readonly string[])[] | undefined): void {
  for (const g of groups ?? []) and.push({ [field]: { $in: [...new Set(g)] } });
}

/** Adds a DTM range over the field's 14-digit key. ITI TF-2 3.18.4.1.2.3.6 */
function timeRange(out: Clause, field: string, range: TimeRange | undefined): void {
  if (!range || (range.from === undefined && range.to === undefined)) return;
  const cond: Clause = {};
  if (range.from !== undefined) cond.$gte = dtmKey(range.from);
  if (range.to !== undefined) cond.$lt = dtmKey(range.to);
  out[field] = cond;
}

/**
 * Adds LIKE patterns over an array of XCN strings as one regular expression that cannot
 * backtrack badly (like.ts): a `$regex` on an array field matches when any element matches.
 * Where it only narrows, authorPostFilter finishes the match. ITI TF-2 3.18.4.1.2.3.5
 */
function authorLike(out: Clause, field: string, patterns: readonly string[] | undefined): void {
  if (!patterns || patterns.length === 0) return;
  out[field] = { $regex: likePrefilterSource(patterns) };
}

/**
 * The exact LIKE test on what the filter document selected, when its regular expression only
 * narrows (patterns with several `%`); matched in linear time above the database.
 * @param patterns - the author person patterns of the filter
 * @returns the test, or undefined when the filter document is exact
 */
export function authorPostFilter(patterns: readonly string[] | undefined): ((d: { readonly authorPersons: readonly string[] }) => boolean) | undefined {
  if (!patterns || patterns.length === 0 || !likeNeedsPostFilter(patterns)) return undefined;
  const like = compileLike(patterns);
  return (d) => d.authorPersons.some(like);
}

function withAnd(out: Clause, and: readonly Clause[]): Clause {
  return and.length > 0 ? { ...out, $and: and } : out;
}

/**
 * The filter document of FindDocuments and its relatives. ITI TF-2 3.18.4.1.2.3.7.1
 * @param f - the port filter
 * @returns a filter over the documentEntries collection
 */
export function documentEntryFilterDoc(f: DocumentEntryFilter): Filter<StoredDocumentEntry> {
  const out: Clause = {};
  const and: Clause[] = [];
  anyOf(out, '_id', f.entryUuids);
  anyOf(out, 'logicalKey', f.logicalIds);
  anyOf(out, 'patientKey', f.patientIds);
  out.status = { $in: [...new Set(f.statuses)] };
  anyOf(out, 'objectType', f.objectTypes);
  anyOf(out, 'classCode', f.classCodes);
  anyOf(out, 'typeCode', f.typeCodes);
  anyOf(out, 'practiceSettingCode', f.practiceSettingCodes);
  anyOf(out, 'healthcareFacilityTypeCode', f.healthcareFacilityTypeCodes);
  anyOf(out, 'formatCode', f.formatCodes);
  allGroups(and, 'eventCodes', f.eventCodesAll);
  allGroups(and, 'confidentialityCodes', f.confidentialityCodesAll);
  allGroups(and, 'referenceIds', f.referenceIdsAll);
  timeRange(out, 'creationTime', f.creationTime);
  timeRange(out, 'serviceStartTime', f.serviceStartTime);
  timeRange(out, 'serviceStopTime', f.serviceStopTime);
  authorLike(out, 'authorPersons', f.authorPersons);
  return withAnd(out, and) as Filter<StoredDocumentEntry>;
}

/**
 * The filter document of FindSubmissionSets. ITI TF-2 3.18.4.1.2.3.7.2
 * @param f - the port filter
 * @returns a filter over the submissionSets collection
 */
export function submissionSetFilterDoc(f: SubmissionSetFilter): Filter<StoredSubmissionSet> {
  const out: Clause = {};
  anyOf(out, 'patientKey', f.patientIds);
  out.status = { $in: [...new Set(f.statuses)] };
  anyOf(out, 'sourceId', f.sourceIds);
  anyOf(out, 'contentTypeCode', f.contentTypeCodes);
  timeRange(out, 'submissionTime', f.submissionTime);
  authorLike(out, 'authorPersons', f.authorPersons);
  return out as Filter<StoredSubmissionSet>;
}

/**
 * The filter document of FindFolders. ITI TF-2 3.18.4.1.2.3.7.3
 * @param f - the port filter
 * @returns a filter over the folders collection
 */
export function folderFilterDoc(f: FolderFilter): Filter<StoredFolder> {
  const out: Clause = {};
  const and: Clause[] = [];
  anyOf(out, 'logicalKey', f.logicalIds);
  anyOf(out, 'patientKey', f.patientIds);
  out.status = { $in: [...new Set(f.statuses)] };
  allGroups(and, 'codes', f.codesAll);
  timeRange(out, 'lastUpdateTime', f.lastUpdateTime);
  return withAnd(out, and) as Filter<StoredFolder>;
}

/**
 * The filter document of an association lookup by source and/or target, optionally by type.
 * @param l - the port lookup
 * @returns a filter over the associations collection
 */
export function associationFilterDoc(l: AssociationLookup): Filter<StoredAssociation> {
  const ids = { $in: [...new Set(l.uuids)] };
  const side = l.side ?? 'either';
  const out: Clause = side === 'source' ? { source: ids } : side === 'target' ? { target: ids } : { $or: [{ source: ids }, { target: ids }] };
  anyOf(out, 'type', l.types);
  return out as Filter<StoredAssociation>;
}
