import type { DocumentEntryFilter } from '../storage/ports.js';
import { objects, objectTypes, statuses, timeRange, type QueryRunner } from './common.js';
import { prune } from '../formats/prune.js';
import type { QueryParams } from './interpret.js';

/**
 * The DocumentEntry filter of FindDocuments (ITI TF-2 3.18.4.1.2.3.7.1) and
 * FindDocumentsByReferenceId (3.18.4.1.2.3.7.14). Code lists are OR; the event code,
 * confidentiality code and reference id slots are AND of OR-groups; time ranges are
 * from-inclusive, to-exclusive.
 */
export function findDocumentsFilter(p: QueryParams): DocumentEntryFilter {
  const de = (suffix: string): string => `$XDSDocumentEntry${suffix}`;
  const patient = p.single(de('PatientId'));
  return prune<DocumentEntryFilter>({
    patientIds: patient === undefined ? undefined : [patient],
    statuses: statuses(p, de('Status')),
    objectTypes: objectTypes(p),
    classCodes: p.list(de('ClassCode')),
    typeCodes: p.list(de('TypeCode')),
    practiceSettingCodes: p.list(de('PracticeSettingCode')),
    healthcareFacilityTypeCodes: p.list(de('HealthcareFacilityTypeCode')),
    formatCodes: p.list(de('FormatCode')),
    eventCodesAll: p.groups(de('EventCodeList')),
    confidentialityCodesAll: p.groups(de('ConfidentialityCode')),
    referenceIdsAll: p.groups(de('ReferenceIdList')),
    authorPersons: p.list(de('AuthorPerson')),
    creationTime: timeRange(p, de('CreationTimeFrom'), de('CreationTimeTo')),
    serviceStartTime: timeRange(p, de('ServiceStartTimeFrom'), de('ServiceStartTimeTo')),
    serviceStopTime: timeRange(p, de('ServiceStopTimeFrom'), de('ServiceStopTimeTo')),
  });
}

/** FindDocuments and FindDocumentsByReferenceId: one indexed lookup, bounded by the limit. */
export const findDocuments: QueryRunner = async ({ store, params, limit }) =>
  objects({ documentEntries: await store.findDocumentEntries(findDocumentsFilter(params), limit) });
