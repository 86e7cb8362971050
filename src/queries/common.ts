import type { Association } from '../domain/association.js';
import { cxKey, type AvailabilityStatus, type Cx } from '../domain/datatypes.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { RegistryObjects } from '../domain/submission.js';
import { prune } from '../formats/prune.js';
import type { DocumentEntryFilter, MetadataStore, TimeRange } from '../storage/ports.js';
import type { QueryParams } from './interpret.js';

/** What a query runner needs: the store, the parsed parameters and the fetch limit. */
export interface QueryContext {
  readonly store: MetadataStore;
  readonly params: QueryParams;
  /**
   * Most objects of one kind worth fetching: one more than the result limit, so that an
   * oversized result is seen without loading all of it.
   */
  readonly limit: number;
}

/** One stored query, as a function from its parameters to the objects it returns. */
export type QueryRunner = (ctx: QueryContext) => Promise<RegistryObjects>;

/** Every availabilityStatus, for lookups that do not filter on status. */
export const ALL_STATUSES: readonly AvailabilityStatus[] = ['Approved', 'Deprecated', 'Submitted'];

/** The parts of a result, any of them omitted when empty. */
export function objects(parts: Partial<RegistryObjects>): RegistryObjects {
  return {
    submissionSets: parts.submissionSets ?? [],
    documentEntries: parts.documentEntries ?? [],
    folders: parts.folders ?? [],
    associations: parts.associations ?? [],
  };
}


/** The statuses a status parameter asks for. */
export function statuses(params: QueryParams, name: string): readonly AvailabilityStatus[] {
  return (params.list(name) ?? []) as readonly AvailabilityStatus[];
}

/**
 * $XDSDocumentEntryType: stable and/or on-demand; only stable entries when absent.
 * ITI TF-2 3.18.4.1.2.3.6.2
 */
export function objectTypes(params: QueryParams): readonly ('stable' | 'on-demand')[] {
  return (params.list('$XDSDocumentEntryType') ?? ['stable']) as readonly ('stable' | 'on-demand')[];
}

/** A …From (inclusive) / …To (exclusive) pair as a range, or undefined when neither is given. */
export function timeRange(params: QueryParams, from: string, to: string): TimeRange | undefined {
  const f = params.single(from);
  const t = params.single(to);
  if (f === undefined && t === undefined) return undefined;
  return prune<TimeRange>({ from: f, to: t });
}

/** $MetadataLevel: 1 (default) or 2. ITI TF-2 3.18.4.1.2.3.5.1 */
export function metadataLevel(params: QueryParams): number {
  return Number(params.single('$MetadataLevel') ?? '1');
}

/**
 * Which associations a query may return: those with a status in $XDSAssociationStatus when
 * given; otherwise all at $MetadataLevel 2 and all but deprecated ones at level 1.
 * An association without a status counts as Approved. ITI TF-2 3.18.4.1.2.3.5.1
 */
export function associationStatusFilter(params: QueryParams): (a: Association) => boolean {
  const wanted = params.list('$XDSAssociationStatus');
  if (wanted) return (a) => wanted.includes(a.availabilityStatus ?? 'Approved');
  if (metadataLevel(params) >= 2) return () => true;
  return (a) => a.availabilityStatus !== 'Deprecated';
}

/** The distinct values of a list, in first-seen order. */
export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The entryUUIDs of some objects, as a set. */
export function uuidSet(...lists: readonly (readonly { readonly entryUuid: string }[])[]): Set<string> {
  const set = new Set<string>();
  for (const l of lists) for (const o of l) set.add(o.entryUuid);
  return set;
}

/**
 * The entryUUIDs named by a "one of" id parameter: entryUUIDs as given, uniqueIds looked up.
 * Returns [] when the ids are unknown.
 */
export async function documentEntryUuids(ctx: QueryContext): Promise<string[]> {
  const { params, store } = ctx;
  const uuids = params.list('$XDSDocumentEntryEntryUUID');
  if (uuids) return unique(uuids);
  const uniqueIds = params.list('$XDSDocumentEntryUniqueId') ?? [];
  const found = await store.getByUniqueIds('DocumentEntry', uniqueIds);
  return found.documentEntries.map((d) => d.entryUuid);
}

/**
 * The DocumentEntries among `uuids` that pass `filter`, looked up by the store with
 * `entryUuids`. The patient of the parent object (a SubmissionSet, Folder or original entry
 * has the same patient as its members, ITI TF-3 4.1.4) narrows the lookup for stores that
 * index patients first; the answer is checked against `uuids` so that it never holds more.
 */
export async function documentEntriesAmong(
  store: MetadataStore, uuids: readonly string[], patient: Cx | undefined,
  filter: Omit<DocumentEntryFilter, 'entryUuids' | 'patientIds'>,
): Promise<DocumentEntry[]> {
  if (uuids.length === 0) return [];
  const wanted = new Set(uuids);
  const found = await store.findDocumentEntries(
    { ...filter, entryUuids: uuids, ...(patient ? { patientIds: [cxKey(patient)] } : {}) });
  return found.filter((d) => wanted.has(d.entryUuid));
}
