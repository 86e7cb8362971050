import type { FolderFilter, SubmissionSetFilter } from '../storage/ports.js';
import { objects, patientKeys, timeRange, type QueryRunner } from './common.js';
import { prune } from '../formats/prune.js';

/**
 * FindSubmissionSets: SubmissionSets of one patient by status, sourceId, submission time,
 * author (LIKE) and content type. ITI TF-2 3.18.4.1.2.3.7.2
 */
export const findSubmissionSets: QueryRunner<'FindSubmissionSets'> = async ({ store, params: p, limit }) => {
  const author = p.$XDSSubmissionSetAuthorPerson;
  const filter = prune<SubmissionSetFilter>({
    patientIds: patientKeys(p.$XDSSubmissionSetPatientId),
    statuses: p.$XDSSubmissionSetStatus ?? [],
    sourceIds: p.$XDSSubmissionSetSourceId,
    contentTypeCodes: p.$XDSSubmissionSetContentType,
    submissionTime: timeRange(p.$XDSSubmissionSetSubmissionTimeFrom, p.$XDSSubmissionSetSubmissionTimeTo),
    authorPersons: author === undefined ? undefined : [author],
  });
  return objects({ submissionSets: await store.findSubmissionSets(filter, limit) });
};

/**
 * FindFolders: Folders of one patient by status, last update time and codes (AND/OR).
 * ITI TF-2 3.18.4.1.2.3.7.3
 */
export const findFolders: QueryRunner<'FindFolders'> = async ({ store, params: p, limit }) => {
  const filter = prune<FolderFilter>({
    patientIds: patientKeys(p.$XDSFolderPatientId),
    statuses: p.$XDSFolderStatus ?? [],
    codesAll: p.$XDSFolderCodeList,
    lastUpdateTime: timeRange(p.$XDSFolderLastUpdateTimeFrom, p.$XDSFolderLastUpdateTimeTo),
  });
  return objects({ folders: await store.findFolders(filter, limit) });
};
