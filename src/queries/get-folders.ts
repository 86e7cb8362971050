import type { Folder } from '../domain/folder.js';
import {
  ALL_STATUSES, associationStatusFilter, documentEntriesAmong, documentEntryUuids, objects, packageByIds, unique, uuidSet,
  type QueryContext, type QueryRunner,
} from './common.js';
import { contentFilter } from './get-all.js';

/**
 * GetFolderAndContents: one Folder, its DocumentEntries (filtered by format, confidentiality
 * and type) and the HasMember Associations from the Folder to those entries.
 * ITI TF-2 3.18.4.1.2.3.7.11
 */
export const getFolderAndContents: QueryRunner<'GetFolderAndContents'> = async (ctx) => {
  const folder = await theFolder(ctx);
  if (!folder) return objects({});
  const { store, params } = ctx;
  const hasMembers = (await store.getAssociations({ uuids: [folder.entryUuid], side: 'source', types: ['HasMember'] }))
    .filter(associationStatusFilter(params));
  const targets = unique(hasMembers.map((a) => a.targetUuid));
  const documentEntries = await documentEntriesAmong(store, targets, folder.patientId,
    { statuses: ALL_STATUSES, ...contentFilter(params) });
  const kept = uuidSet(documentEntries);
  return objects({ folders: [folder], documentEntries, associations: hasMembers.filter((a) => kept.has(a.targetUuid)) });
};

/**
 * GetFoldersForDocument: the Folders that hold a DocumentEntry given by entryUUID or uniqueId.
 * ITI TF-2 3.18.4.1.2.3.7.12
 */
export const getFoldersForDocument: QueryRunner<'GetFoldersForDocument'> = async (ctx) => {
  const uuids = await documentEntryUuids(ctx.store, ctx.params);
  if (uuids.length === 0) return objects({});
  const memberships = (await ctx.store.getAssociations({ uuids, side: 'target', types: ['HasMember'] }))
    .filter(associationStatusFilter(ctx.params));
  const sources = unique(memberships.map((a) => a.sourceUuid));
  if (sources.length === 0) return objects({});
  return objects({ folders: (await ctx.store.getByUuids(sources)).folders });
};

async function theFolder({ store, params }: QueryContext<'GetFolderAndContents'>): Promise<Folder | undefined> {
  return (await packageByIds(store, 'Folder', params.$XDSFolderEntryUUID, params.$XDSFolderUniqueId)).folders[0];
}
