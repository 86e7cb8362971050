import type { DocumentEntryFilter } from '../storage/ports.js';
import { objects, objectTypes, patientKeys, timeRange, type QueryRunner } from './common.js';
import { prune } from '../formats/prune.js';
import type { StoredQueryParams } from './stored-query.js';

/**
 * The DocumentEntry filter of FindDocuments (ITI TF-2 3.18.4.1.2.3.7.1) and
 * FindDocumentsByReferenceId (3.18.4.1.2.3.7.14). Code lists are OR; the event code,
 * confidentiality code and reference id slots are AND of OR-groups; time ranges are
 * from-inclusive, to-exclusive.
 */
function findDocumentsFilter(p: StoredQueryParams<'FindDocumentsByReferenceId'>): DocumentEntryFilter {
  return prune<DocumentEntryFilter>({
    patientIds: patientKeys(p.$XDSDocumentEntryPatientId),
    statuses: p.$XDSDocumentEntryStatus ?? [],
    objectTypes: objectTypes(p),
    classCodes: p.$XDSDocumentEntryClassCode,
    typeCodes: p.$XDSDocumentEntryTypeCode,
    practiceSettingCodes: p.$XDSDocumentEntryPracticeSettingCode,
    healthcareFacilityTypeCodes: p.$XDSDocumentEntryHealthcareFacilityTypeCode,
    formatCodes: p.$XDSDocumentEntryFormatCode,
    eventCodesAll: p.$XDSDocumentEntryEventCodeList,
    confidentialityCodesAll: p.$XDSDocumentEntryConfidentialityCode,
    referenceIdsAll: p.$XDSDocumentEntryReferenceIdList,
    authorPersons: p.$XDSDocumentEntryAuthorPerson,
    creationTime: timeRange(p.$XDSDocumentEntryCreationTimeFrom, p.$XDSDocumentEntryCreationTimeTo),
    serviceStartTime: timeRange(p.$XDSDocumentEntryServiceStartTimeFrom, p.$XDSDocumentEntryServiceStartTimeTo),
    serviceStopTime: timeRange(p.$XDSDocumentEntryServiceStopTimeFrom, p.$XDSDocumentEntryServiceStopTimeTo),
  });
}

/**
 * FindDocuments and FindDocumentsByReferenceId (whose parameters are those of FindDocuments
 * and one more): one indexed lookup, bounded by the limit.
 */
export const findDocuments: QueryRunner<'FindDocumentsByReferenceId'> = async ({ store, params, limit }) =>
  objects({ documentEntries: await store.findDocumentEntries(findDocumentsFilter(params), limit) });
