import {
  ALL_STATUSES, associationStatusFilter, documentEntriesAmong, documentEntryUuids, objects, objectTypes, unique, uuidSet, type QueryRunner,
} from './common.js';

/**
 * GetRelatedDocuments: the DocumentEntries linked to one entry by an Association of a type in
 * $AssociationTypes, in either direction, together with that entry and those Associations.
 * When nothing is related, nothing is returned (NIST 11909). Only DocumentEntries count as
 * related: a HasMember from a SubmissionSet or Folder does not. ITI TF-2 3.18.4.1.2.3.7.13
 */
export const getRelatedDocuments: QueryRunner<'GetRelatedDocuments'> = async ({ store, params }) => {
  const types = objectTypes(params);
  const original = (await store.getByUuids(await documentEntryUuids(store, params))).documentEntries
    .find((d) => types.includes(d.objectType));
  if (!original) return objects({});
  const id = original.entryUuid;
  const associationTypes = params.$AssociationTypes ?? [];
  const links = (await store.getAssociations({ uuids: [id], side: 'either', types: associationTypes }))
    .filter(associationStatusFilter(params))
    .filter((a) => a.sourceUuid !== a.targetUuid);
  const other = (a: { sourceUuid: string; targetUuid: string }): string => (a.sourceUuid === id ? a.targetUuid : a.sourceUuid);
  const candidates = unique(links.map(other));
  const related = await documentEntriesAmong(store, candidates, original.patientId, { statuses: ALL_STATUSES, objectTypes: types });
  if (related.length === 0) return objects({});
  const relatedIds = uuidSet(related);
  return objects({ documentEntries: [original, ...related], associations: links.filter((a) => relatedIds.has(other(a))) });
};
