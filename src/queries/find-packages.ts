import type { FolderFilter, SubmissionSetFilter } from '../storage/ports.js';
import { objects, statuses, timeRange, type QueryRunner } from './common.js';
import { prune } from '../formats/prune.js';

/**
 * FindSubmissionSets: SubmissionSets of one patient by status, sourceId, submission time,
 * author (LIKE) and content type. ITI TF-2 3.18.4.1.2.3.7.2
 */
export const findSubmissionSets: QueryRunner = async ({ store, params: p, limit }) => {
  const patient = p.single('$XDSSubmissionSetPatientId');
  const author = p.single('$XDSSubmissionSetAuthorPerson');
  const filter = prune<SubmissionSetFilter>({
    patientIds: patient === undefined ? undefined : [patient],
    statuses: statuses(p, '$XDSSubmissionSetStatus'),
    sourceIds: p.list('$XDSSubmissionSetSourceId'),
    contentTypeCodes: p.list('$XDSSubmissionSetContentType'),
    submissionTime: timeRange(p, '$XDSSubmissionSetSubmissionTimeFrom', '$XDSSubmissionSetSubmissionTimeTo'),
    authorPersons: author === undefined ? undefined : [author],
  });
  return objects({ submissionSets: await store.findSubmissionSets(filter, limit) });
};

/**
 * FindFolders: Folders of one patient by status, last update time and codes (AND/OR).
 * ITI TF-2 3.18.4.1.2.3.7.3
 */
export const findFolders: QueryRunner = async ({ store, params: p, limit }) => {
  const patient = p.single('$XDSFolderPatientId');
  const filter = prune<FolderFilter>({
    patientIds: patient === undefined ? undefined : [patient],
    statuses: statuses(p, '$XDSFolderStatus'),
    codesAll: p.groups('$XDSFolderCodeList'),
    lastUpdateTime: timeRange(p, '$XDSFolderLastUpdateTimeFrom', '$XDSFolderLastUpdateTimeTo'),
  });
  return objects({ folders: await store.findFolders(filter, limit) });
};
