/** Helpers for running stored queries against a real store in tests. */
import { cxKey, type Cx } from '../../../src/domain/datatypes.js';
import type { StoredQueryRequest, StoredQueryResult } from '../../../src/domain/stored-query.js';
import type { RegistryObjects } from '../../../src/domain/submission.js';
import { AVAILABILITY_STATUS, OBJECT_TYPE, STORED_QUERY_ID, type StoredQueryName } from '../../../src/domain/vocabulary.js';
import { XdsError, type Issue } from '../../../src/errors/issue.js';
import { executeStoredQuery } from '../../../src/queries/execute.js';
import { createLogger } from '../../../src/logging/logger.js';
import { openStorage } from '../../../src/storage/open-storage.js';
import type { MetadataStore, Storage } from '../../../src/storage/ports.js';
import { testStorageUrl } from '../../support/test-config.js';

/** A quoted string, quotes inside doubled. */
export const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** A parenthesised list of quoted strings. */
export const list = (...items: string[]): string => `(${items.map(q).join(', ')})`;
export const pid = (cx: Cx): string => q(cxKey(cx));

export const APPROVED = list(AVAILABILITY_STATUS.approved);
export const DEPRECATED = list(AVAILABILITY_STATUS.deprecated);
export const APPROVED_DEPRECATED = list(AVAILABILITY_STATUS.approved, AVAILABILITY_STATUS.deprecated);
export const STABLE = OBJECT_TYPE.stableDocumentEntry;
export const ON_DEMAND = OBJECT_TYPE.onDemandDocumentEntry;

/**
 * Slot values: a string is one slot with one Value, a string[] one slot with several Values
 * (OR), a string[][] a repeated slot (AND).
 */
export type Slots = Record<string, string | readonly string[] | readonly (readonly string[])[]>;

export function request(name: StoredQueryName, slots: Slots, returnType: 'LeafClass' | 'ObjectRef' = 'LeafClass', home?: string): StoredQueryRequest {
  const map = new Map<string, string[][]>();
  for (const [k, v] of Object.entries(slots)) {
    if (typeof v === 'string') map.set(k, [[v]]);
    else if (v.length > 0 && Array.isArray(v[0])) map.set(k, (v as readonly (readonly string[])[]).map((o) => [...o]));
    else map.set(k, [[...(v as readonly string[])]]);
  }
  return home === undefined ? { queryId: STORED_QUERY_ID[name], returnType, slots: map }
    : { queryId: STORED_QUERY_ID[name], returnType, slots: map, home };
}

export interface QueryOutcome {
  readonly result: StoredQueryResult;
  readonly issues: readonly Issue[];
}

export const HOME = 'urn:oid:2.999.1.1';

/** Runs a stored query through executeStoredQuery. */
export function runQuery(
  store: MetadataStore, name: StoredQueryName, slots: Slots,
  opts: { returnType?: 'LeafClass' | 'ObjectRef'; maxResults?: number; home?: string } = {},
): Promise<QueryOutcome> {
  return executeStoredQuery(store, request(name, slots, opts.returnType ?? 'LeafClass', opts.home),
    { maxResults: opts.maxResults ?? 1000, homeCommunityId: HOME });
}

/** The objects of a LeafClass result. */
export function leaf(outcome: QueryOutcome): RegistryObjects {
  if (outcome.result.returnType !== 'LeafClass') throw new Error('expected a LeafClass result');
  return outcome.result.objects;
}

/** The ids of an ObjectRef result. */
export function refs(outcome: QueryOutcome): readonly string[] {
  if (outcome.result.returnType !== 'ObjectRef') throw new Error('expected an ObjectRef result');
  return outcome.result.refs;
}

export const ids = (objs: readonly { readonly entryUuid: string }[]): string[] => objs.map((o) => o.entryUuid).sort();

/** The entryUUIDs of each kind of a LeafClass result, sorted, for deep-equal comparison. */
export function idsOf(outcome: QueryOutcome): { ss: string[]; de: string[]; fol: string[]; assoc: string[] } {
  const o = leaf(outcome);
  return { ss: ids(o.submissionSets), de: ids(o.documentEntries), fol: ids(o.folders), assoc: ids(o.associations) };
}

/** Expected ids per kind, sorted, in the shape of idsOf. */
export function expected(parts: {
  ss?: readonly { entryUuid: string }[]; de?: readonly { entryUuid: string }[];
  fol?: readonly { entryUuid: string }[]; assoc?: readonly { entryUuid: string }[];
}): { ss: string[]; de: string[]; fol: string[]; assoc: string[] } {
  return { ss: ids(parts.ss ?? []), de: ids(parts.de ?? []), fol: ids(parts.fol ?? []), assoc: ids(parts.assoc ?? []) };
}

/** The issues of a refused query; fails when the query succeeds. */
export async function refusal(p: Promise<QueryOutcome>): Promise<readonly Issue[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof XdsError) return e.issues;
    throw e;
  }
  throw new Error('expected the stored query to be refused');
}

/** A fresh embedded store in memory, as the test configuration runs it. */
export function openTestStorage(): Promise<Storage> {
  return openStorage(testStorageUrl(), { log: createLogger('silent') });
}
