import type { Association } from '../domain/association.js';
import { cxKey, type AvailabilityStatus, type Cx } from '../domain/datatypes.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { RegistryObjects } from '../domain/submission.js';
import { prune } from '../formats/prune.js';
import type { StoredQueryName } from '../domain/vocabulary.js';
import type { DocumentEntryFilter, MetadataStore, TimeRange } from '../storage/ports.js';
import type { StoredQueryParams } from './stored-query.js';

/** What a query runner needs: the store, the typed parameters of its query and the fetch limit. */
export interface QueryContext<N extends StoredQueryName = StoredQueryName> {
  readonly store: MetadataStore;
  readonly params: StoredQueryParams<N>;
  /**
   * Most objects of one kind worth fetching: one more than the result limit, so that an
   * oversized result is seen without loading all of it.
   */
  readonly limit: number;
}

/** One stored query, as a function from its parameters to the objects it returns. */
export type QueryRunner<N extends StoredQueryName> = (ctx: QueryContext<N>) => Promise<RegistryObjects>;

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


/** The patient parameter as the store's patient key list, or undefined when not given. */
export function patientKeys(patient: Cx | undefined): string[] | undefined {
  return patient === undefined ? undefined : [cxKey(patient)];
}

/**
 * $XDSDocumentEntryType: stable and/or on-demand; only stable entries when absent.
 * ITI TF-2 3.18.4.1.2.3.6.2
 */
export function objectTypes(params: { readonly $XDSDocumentEntryType?: readonly ('stable' | 'on-demand')[] }): readonly ('stable' | 'on-demand')[] {
  return params.$XDSDocumentEntryType ?? ['stable'];
}

/** A …From (inclusive) / …To (exclusive) pair as a range, or undefined when neither is given. */
export function timeRange(from: string | undefined, to: string | undefined): TimeRange | undefined {
  if (from === undefined && to === undefined) return undefined;
  return prune<TimeRange>({ from, to });
}

/** The parameters of Metadata Update that say which associations and versions a query returns. */
export interface MetadataUpdateParams {
  readonly $MetadataLevel?: number;
  readonly $XDSAssociationStatus?: readonly AvailabilityStatus[];
}

/** $MetadataLevel: 1 (default) or 2. ITI TF-2 3.18.4.1.2.3.5.1 */
export function metadataLevel(params: MetadataUpdateParams): number {
  return params.$MetadataLevel ?? 1;
}

/**
 * Which associations a query may return: those with a status in $XDSAssociationStatus when
 * given; otherwise all at $MetadataLevel 2 and all but deprecated ones at level 1.
 * An association without a status counts as Approved. ITI TF-2 3.18.4.1.2.3.5.1
 */
export function associationStatusFilter(params: MetadataUpdateParams): (a: Association) => boolean {
  const wanted = params.$XDSAssociationStatus;
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
 * The objects of one kind named by an entryUUID, or else by a uniqueId (the "one of" pair of
 * GetSubmissionSetAndContents and GetFolderAndContents).
 * @returns what the store holds of them: at most one object is expected
 */
export async function packageByIds(store: MetadataStore, kind: 'SubmissionSet' | 'Folder',
  uuid: string | undefined, uniqueId: string | undefined): Promise<RegistryObjects> {
  return uuid !== undefined ? store.getByUuids([uuid]) : store.getByUniqueIds(kind, [uniqueId ?? '']);
}

/** The "one of" DocumentEntry id parameters: a list in some queries, a single value in others. */
export interface DocumentEntryIdParams {
  readonly $XDSDocumentEntryEntryUUID?: string | readonly string[];
  readonly $XDSDocumentEntryUniqueId?: string | readonly string[];
}

const asList = (v: string | readonly string[] | undefined): readonly string[] | undefined => (typeof v === 'string' ? [v] : v);

/**
 * The entryUUIDs named by a "one of" id parameter: entryUUIDs as given, uniqueIds looked up.
 * Returns [] when the ids are unknown.
 */
export async function documentEntryUuids(store: MetadataStore, params: DocumentEntryIdParams): Promise<string[]> {
  const uuids = asList(params.$XDSDocumentEntryEntryUUID);
  if (uuids) return unique(uuids);
  const uniqueIds = asList(params.$XDSDocumentEntryUniqueId) ?? [];
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
