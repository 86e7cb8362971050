import type { SubmissionSet } from '../domain/submission-set.js';
import {
  ALL_STATUSES, associationStatusFilter, documentEntriesAmong, objects, packageByIds, unique, uuidSet, type QueryContext, type QueryRunner,
} from './common.js';
import { contentFilter } from './get-all.js';

/**
 * GetSubmissionSets: the SubmissionSets that hold any of the objects in $uuid, with the
 * HasMember Associations from those SubmissionSets to those objects. ITI TF-2 3.18.4.1.2.3.7.9
 */
export const getSubmissionSets: QueryRunner<'GetSubmissionSets'> = async ({ store, params }) => {
  const uuids = unique(params.$uuid ?? []);
  const memberships = (await store.getAssociations({ uuids, side: 'target', types: ['HasMember'] }))
    .filter(associationStatusFilter(params));
  if (memberships.length === 0) return objects({});
  const sources = unique(memberships.map((a) => a.sourceUuid));
  const submissionSets = (await store.getByUuids(sources)).submissionSets;
  const ssIds = uuidSet(submissionSets);
  return objects({ submissionSets, associations: memberships.filter((a) => ssIds.has(a.sourceUuid)) });
};

/**
 * GetSubmissionSetAndContents: one SubmissionSet, its DocumentEntries (filtered by format,
 * confidentiality and type), its Folders, and its Associations. An Association that touches a
 * DocumentEntry the filters removed is left out, and so is the SubmissionSet's HasMember to
 * anything left out. ITI TF-2 3.18.4.1.2.3.7.10
 */
export const getSubmissionSetAndContents: QueryRunner<'GetSubmissionSetAndContents'> = async (ctx) => {
  const submissionSet = await theSubmissionSet(ctx);
  if (!submissionSet) return objects({});
  const { store, params } = ctx;
  const keep = associationStatusFilter(params);
  const hasMembers = (await store.getAssociations({ uuids: [submissionSet.entryUuid], side: 'source', types: ['HasMember'] }))
    .filter(keep);
  const members = await store.getByUuids(unique(hasMembers.map((a) => a.targetUuid)));
  const candidates = members.documentEntries.map((d) => d.entryUuid);
  const documentEntries = await documentEntriesAmong(store, candidates, submissionSet.patientId,
    { statuses: ALL_STATUSES, ...contentFilter(params) });
  const keptDocs = uuidSet(documentEntries);
  const removed = new Set(candidates.filter((id) => !keptDocs.has(id)));
  const memberAssociations = members.associations
    .filter((a) => keep(a) && !removed.has(a.sourceUuid) && !removed.has(a.targetUuid));
  const returned = uuidSet(documentEntries, members.folders, memberAssociations);
  const own = hasMembers.filter((a) => returned.has(a.targetUuid));
  return objects({
    submissionSets: [submissionSet], documentEntries, folders: members.folders,
    associations: [...own, ...memberAssociations],
  });
};

async function theSubmissionSet({ store, params }: QueryContext<'GetSubmissionSetAndContents'>): Promise<SubmissionSet | undefined> {
  return (await packageByIds(store, 'SubmissionSet', params.$XDSSubmissionSetEntryUUID, params.$XDSSubmissionSetUniqueId)).submissionSets[0];
}

