import type { DocumentEntry } from '../domain/document-entry.js';
import type { Folder } from '../domain/folder.js';
import {
  ALL_STATUSES, associationStatusFilter, documentEntryUuids, metadataLevel, objects, unique,
  type MetadataUpdateParams, type QueryRunner,
} from './common.js';

/**
 * GetDocuments: DocumentEntries by entryUUID, uniqueId or (Metadata Update) logicalId, of any
 * status and type. By logicalId, $MetadataLevel 1 keeps only the latest version of each.
 * ITI TF-2 3.18.4.1.2.3.7.5, 3.18.4.1.2.3.5.1
 */
export const getDocuments: QueryRunner<'GetDocuments'> = async ({ store, params, limit }) => {
  const logicalIds = params.$XDSDocumentEntryLogicalID;
  if (logicalIds) {
    const wanted = unique(logicalIds);
    const found = await store.findDocumentEntries(
      { logicalIds: wanted, statuses: ALL_STATUSES, objectTypes: ['stable', 'on-demand'] }, limit);
    return objects({ documentEntries: latestVersions(withLogicalIds(found, wanted), params) });
  }
  const uuids = await documentEntryUuids(store, params);
  return objects({ documentEntries: (await store.getByUuids(uuids)).documentEntries });
};

/** GetFolders: Folders by entryUUID, uniqueId or logicalId. ITI TF-2 3.18.4.1.2.3.7.6 */
export const getFolders: QueryRunner<'GetFolders'> = async ({ store, params, limit }) => {
  const uuids = params.$XDSFolderEntryUUID;
  if (uuids) return objects({ folders: (await store.getByUuids(unique(uuids))).folders });
  const uniqueIds = params.$XDSFolderUniqueId;
  if (uniqueIds) return objects({ folders: (await store.getByUniqueIds('Folder', unique(uniqueIds))).folders });
  const logicalIds = unique(params.$XDSFolderLogicalID ?? []);
  const found = await store.findFolders({ logicalIds, statuses: ALL_STATUSES }, limit);
  return objects({ folders: latestVersions(withLogicalIds(found, logicalIds), params) });
};

/**
 * GetAssociations: the Associations whose source or target is one of $uuid.
 * ITI TF-2 3.18.4.1.2.3.7.7
 */
export const getAssociations: QueryRunner<'GetAssociations'> = async ({ store, params }) => {
  const uuids = unique(params.$uuid ?? []);
  const found = await store.getAssociations({ uuids, side: 'either' });
  return objects({ associations: found.filter(associationStatusFilter(params)) });
};

/**
 * GetDocumentsAndAssociations: DocumentEntries by entryUUID or uniqueId and every
 * Association that has one of them as source or target. ITI TF-2 3.18.4.1.2.3.7.8
 */
export const getDocumentsAndAssociations: QueryRunner<'GetDocumentsAndAssociations'> = async ({ store, params }) => {
  const documentEntries = (await store.getByUuids(await documentEntryUuids(store, params))).documentEntries;
  if (documentEntries.length === 0) return objects({});
  const uuids = documentEntries.map((d) => d.entryUuid);
  const associations = (await store.getAssociations({ uuids, side: 'either' })).filter(associationStatusFilter(params));
  return objects({ documentEntries, associations });
};

/**
 * The objects of these logical ids. The store filters already; checking again costs nothing
 * and keeps the answer exact. A first version without logicalId has its entryUUID as one.
 */
function withLogicalIds<T extends DocumentEntry | Folder>(found: readonly T[], logicalIds: readonly string[]): T[] {
  const wanted = new Set(logicalIds);
  return found.filter((o) => wanted.has(o.logicalId ?? o.entryUuid));
}

/** At $MetadataLevel 1, only the highest version of each logicalId; all at level 2. */
function latestVersions<T extends DocumentEntry | Folder>(found: readonly T[], params: MetadataUpdateParams): T[] {
  if (metadataLevel(params) >= 2) return [...found];
  const latest = new Map<string, T>();
  for (const o of found) {
    const key = o.logicalId ?? o.entryUuid;
    const seen = latest.get(key);
    if (!seen || versionNumber(o) > versionNumber(seen)) latest.set(key, o);
  }
  return [...latest.values()];
}

function versionNumber(o: DocumentEntry | Folder): number {
  const n = Number(o.version ?? '1');
  return Number.isFinite(n) ? n : 1;
}
