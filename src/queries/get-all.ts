import type { Association } from '../domain/association.js';
import type { DocumentEntryFilter, MetadataStore } from '../storage/ports.js';
import { cxKey } from '../domain/datatypes.js';
import {
  associationStatusFilter, objects, objectTypes, uuidSet, type QueryRunner,
} from './common.js';
import { prune } from '../formats/prune.js';
import type { StoredQueryParams } from './stored-query.js';

/** The content filter parameters, which GetAll and the …AndContents queries share. */
type ContentParams = Pick<StoredQueryParams<'GetAll'>,
  '$XDSDocumentEntryFormatCode' | '$XDSDocumentEntryConfidentialityCode' | '$XDSDocumentEntryType'>;

/** The format / confidentiality / type filters shared by GetAll and the …AndContents queries. */
export function contentFilter(p: ContentParams): Pick<DocumentEntryFilter, 'formatCodes' | 'confidentialityCodesAll' | 'objectTypes'> {
  return prune<Pick<DocumentEntryFilter, 'formatCodes' | 'confidentialityCodesAll' | 'objectTypes'>>({
    formatCodes: p.$XDSDocumentEntryFormatCode,
    confidentialityCodesAll: p.$XDSDocumentEntryConfidentialityCode,
    objectTypes: objectTypes(p),
  });
}

/**
 * GetAll: every SubmissionSet, DocumentEntry and Folder of a patient (each by its own status
 * parameter; entries also by format, confidentiality and type) and the Associations among
 * them. ITI TF-2 3.18.4.1.2.3.7.4
 */
export const getAll: QueryRunner<'GetAll'> = async ({ store, params: p, limit }) => {
  const patientIds = [p.$patientId ? cxKey(p.$patientId) : ''];
  const [documentEntries, submissionSets, folders] = await Promise.all([
    store.findDocumentEntries({ patientIds, statuses: p.$XDSDocumentEntryStatus ?? [], ...contentFilter(p) }, limit),
    store.findSubmissionSets({ patientIds, statuses: p.$XDSSubmissionSetStatus ?? [] }, limit),
    store.findFolders({ patientIds, statuses: p.$XDSFolderStatus ?? [] }, limit),
  ]);
  const ids = uuidSet(documentEntries, submissionSets, folders);
  const associations = await associationsAmong(store, ids, associationStatusFilter(p));
  return objects({ submissionSets, documentEntries, folders, associations });
};

/**
 * The associations whose both ends are among `ids`, plus the associations from one of
 * `ids` to such an association (SubmissionSet → Folder-membership HasMember). One lookup by
 * source, so the cost follows the objects returned.
 */
async function associationsAmong(
  store: MetadataStore, ids: ReadonlySet<string>, keep: (a: Association) => boolean,
): Promise<Association[]> {
  if (ids.size === 0) return [];
  const fromReturned = (await store.getAssociations({ uuids: [...ids], side: 'source' })).filter(keep);
  const direct = fromReturned.filter((a) => ids.has(a.targetUuid));
  const directIds = uuidSet(direct);
  const toAssociations = fromReturned.filter((a) => directIds.has(a.targetUuid));
  return [...direct, ...toAssociations];
}
