import { STORED_QUERY_ID, type StoredQueryName } from '../domain/vocabulary.js';
import type { ParamKind } from './parameters.js';

/**
 * The 14 stored queries and their parameters, as a table. ITI TF-2 3.18.4.1.2.3.7.1–14, with
 * the Metadata Update additions of 3.18.4.1.2.3.5.1 ($MetadataLevel, …LogicalID,
 * $XDSAssociationStatus).
 *
 * Cardinality:
 * - `single`: one value in one slot;
 * - `list`: one slot, any number of values (OR);
 * - `andOr`: the slot may repeat; values inside a slot are OR, slots are AND
 *   (ITI TF-2 3.18.4.1.2.3.4: $XDSDocumentEntryEventCodeList, …ConfidentialityCode,
 *   $XDSFolderCodeList, $XDSDocumentEntryReferenceIdList).
 *
 * Unknown parameter names are accepted with a warning, never an error: the NIST tests send
 * the retired $XDSDocumentEntryPracticeSettingCodeScheme and expect Success (test 11897).
 */
export type Cardinality = 'single' | 'list' | 'andOr';

/** How one parameter of one query is read: its value kind and cardinality. */
export interface ParamDef {
  readonly kind: ParamKind;
  readonly card: Cardinality;
}

/** One stored query: its id, its parameters and which of them must be given. */
export interface QueryDefinition {
  readonly name: StoredQueryName;
  readonly id: string;
  readonly params: Readonly<Record<string, ParamDef>>;
  /** Each of these must be given. */
  readonly required: readonly string[];
  /** Exactly one parameter of each group must be given. */
  readonly oneOf: readonly (readonly string[])[];
}

const single = (kind: ParamKind): ParamDef => ({ kind, card: 'single' });
const list = (kind: ParamKind): ParamDef => ({ kind, card: 'list' });
const andOr = (kind: ParamKind): ParamDef => ({ kind, card: 'andOr' });

/** Accepted by every query: the Metadata Update level and the consumer's home. */
const COMMON: Record<string, ParamDef> = {
  $MetadataLevel: single('integer'),
  $homeCommunityId: single('string'),
};

const ASSOCIATION_STATUS = { $XDSAssociationStatus: list('status') };

/** DocumentEntry filters of FindDocuments, shared with FindDocumentsByReferenceId. 3.18.4.1.2.3.7.1 */
const FIND_DOCUMENTS: Record<string, ParamDef> = {
  $XDSDocumentEntryPatientId: single('patientId'),
  $XDSDocumentEntryStatus: list('status'),
  $XDSDocumentEntryType: list('objectType'),
  $XDSDocumentEntryClassCode: list('code'),
  $XDSDocumentEntryTypeCode: list('code'),
  $XDSDocumentEntryPracticeSettingCode: list('code'),
  $XDSDocumentEntryHealthcareFacilityTypeCode: list('code'),
  $XDSDocumentEntryFormatCode: list('code'),
  $XDSDocumentEntryEventCodeList: andOr('code'),
  $XDSDocumentEntryConfidentialityCode: andOr('code'),
  $XDSDocumentEntryAuthorPerson: list('pattern'),
  $XDSDocumentEntryCreationTimeFrom: single('dtm'),
  $XDSDocumentEntryCreationTimeTo: single('dtm'),
  $XDSDocumentEntryServiceStartTimeFrom: single('dtm'),
  $XDSDocumentEntryServiceStartTimeTo: single('dtm'),
  $XDSDocumentEntryServiceStopTimeFrom: single('dtm'),
  $XDSDocumentEntryServiceStopTimeTo: single('dtm'),
};

/** The DocumentEntry filters of GetAll and the …AndContents queries. */
const CONTENT_FILTERS: Record<string, ParamDef> = {
  $XDSDocumentEntryFormatCode: list('code'),
  $XDSDocumentEntryConfidentialityCode: andOr('code'),
  $XDSDocumentEntryType: list('objectType'),
};

const DE_BY_ID_LIST = { $XDSDocumentEntryEntryUUID: list('uuid'), $XDSDocumentEntryUniqueId: list('string') };
const DE_BY_ID_SINGLE = { $XDSDocumentEntryEntryUUID: single('uuid'), $XDSDocumentEntryUniqueId: single('string') };
const DE_ONE_OF = ['$XDSDocumentEntryEntryUUID', '$XDSDocumentEntryUniqueId'];

function define(
  name: StoredQueryName,
  params: Record<string, ParamDef>,
  required: readonly string[] = [],
  oneOf: readonly (readonly string[])[] = [],
): QueryDefinition {
  return { name, id: STORED_QUERY_ID[name], params: { ...COMMON, ...params }, required, oneOf };
}

/** The table itself, in the order of ITI TF-2 3.18.4.1.2.3.7.1–14. */
export const QUERY_DEFINITIONS: readonly QueryDefinition[] = [
  define('FindDocuments', FIND_DOCUMENTS, ['$XDSDocumentEntryPatientId', '$XDSDocumentEntryStatus']),
  define('FindSubmissionSets', {
    $XDSSubmissionSetPatientId: single('patientId'),
    $XDSSubmissionSetStatus: list('status'),
    $XDSSubmissionSetSourceId: list('string'),
    $XDSSubmissionSetSubmissionTimeFrom: single('dtm'),
    $XDSSubmissionSetSubmissionTimeTo: single('dtm'),
    $XDSSubmissionSetAuthorPerson: single('pattern'),
    $XDSSubmissionSetContentType: list('code'),
  }, ['$XDSSubmissionSetPatientId', '$XDSSubmissionSetStatus']),
  define('FindFolders', {
    $XDSFolderPatientId: single('patientId'),
    $XDSFolderStatus: list('status'),
    $XDSFolderLastUpdateTimeFrom: single('dtm'),
    $XDSFolderLastUpdateTimeTo: single('dtm'),
    $XDSFolderCodeList: andOr('code'),
  }, ['$XDSFolderPatientId', '$XDSFolderStatus']),
  define('GetAll', {
    $patientId: single('patientId'),
    $XDSDocumentEntryStatus: list('status'),
    $XDSSubmissionSetStatus: list('status'),
    $XDSFolderStatus: list('status'),
    ...CONTENT_FILTERS,
    ...ASSOCIATION_STATUS,
  }, ['$patientId', '$XDSDocumentEntryStatus', '$XDSSubmissionSetStatus', '$XDSFolderStatus']),
  define('GetDocuments', { ...DE_BY_ID_LIST, $XDSDocumentEntryLogicalID: list('uuid') }, [],
    [[...DE_ONE_OF, '$XDSDocumentEntryLogicalID']]),
  define('GetFolders', {
    $XDSFolderEntryUUID: list('uuid'), $XDSFolderUniqueId: list('string'), $XDSFolderLogicalID: list('uuid'),
  }, [], [['$XDSFolderEntryUUID', '$XDSFolderUniqueId', '$XDSFolderLogicalID']]),
  define('GetAssociations', { $uuid: list('uuid'), ...ASSOCIATION_STATUS }, ['$uuid']),
  define('GetDocumentsAndAssociations', { ...DE_BY_ID_LIST, ...ASSOCIATION_STATUS }, [], [DE_ONE_OF]),
  define('GetSubmissionSets', { $uuid: list('uuid'), ...ASSOCIATION_STATUS }, ['$uuid']),
  define('GetSubmissionSetAndContents', {
    $XDSSubmissionSetEntryUUID: single('uuid'), $XDSSubmissionSetUniqueId: single('string'),
    ...CONTENT_FILTERS, ...ASSOCIATION_STATUS,
  }, [], [['$XDSSubmissionSetEntryUUID', '$XDSSubmissionSetUniqueId']]),
  define('GetFolderAndContents', {
    $XDSFolderEntryUUID: single('uuid'), $XDSFolderUniqueId: single('string'),
    ...CONTENT_FILTERS, ...ASSOCIATION_STATUS,
  }, [], [['$XDSFolderEntryUUID', '$XDSFolderUniqueId']]),
  define('GetFoldersForDocument', DE_BY_ID_SINGLE, [], [DE_ONE_OF]),
  define('GetRelatedDocuments', {
    ...DE_BY_ID_SINGLE, $AssociationTypes: list('associationType'),
    $XDSDocumentEntryType: list('objectType'), ...ASSOCIATION_STATUS,
  }, ['$AssociationTypes'], [DE_ONE_OF]),
  define('FindDocumentsByReferenceId', {
    ...FIND_DOCUMENTS, $XDSDocumentEntryReferenceIdList: andOr('string'),
  }, ['$XDSDocumentEntryPatientId', '$XDSDocumentEntryStatus', '$XDSDocumentEntryReferenceIdList']),
];

const BY_ID: ReadonlyMap<string, QueryDefinition> = new Map(QUERY_DEFINITIONS.map((d) => [d.id, d]));

/** The definition of a stored query by its id (urn:uuid:…), or undefined when unknown. */
export function queryDefinition(id: string): QueryDefinition | undefined {
  return BY_ID.get(id.trim().toLowerCase());
}
