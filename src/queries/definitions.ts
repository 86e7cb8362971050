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
export interface ParamDef<K extends ParamKind = ParamKind, C extends Cardinality = Cardinality> {
  readonly kind: K;
  readonly card: C;
}

/** One stored query: its id, its parameters and which of them must be given. */
export interface QueryDefinition<N extends StoredQueryName = StoredQueryName,
  P extends Readonly<Record<string, ParamDef>> = Readonly<Record<string, ParamDef>>> {
  readonly name: N;
  readonly id: string;
  readonly params: P;
  /** Each of these must be given. */
  readonly required: readonly string[];
  /** Exactly one parameter of each group must be given. */
  readonly oneOf: readonly (readonly string[])[];
}

const single = <K extends ParamKind>(kind: K): ParamDef<K, 'single'> => ({ kind, card: 'single' });
const list = <K extends ParamKind>(kind: K): ParamDef<K, 'list'> => ({ kind, card: 'list' });
const andOr = <K extends ParamKind>(kind: K): ParamDef<K, 'andOr'> => ({ kind, card: 'andOr' });

/** Accepted by every query: the Metadata Update level and the consumer's home. */
const COMMON = {
  $MetadataLevel: single('integer'),
  $homeCommunityId: single('string'),
};

const ASSOCIATION_STATUS = { $XDSAssociationStatus: list('status') };

/** DocumentEntry filters of FindDocuments, shared with FindDocumentsByReferenceId. 3.18.4.1.2.3.7.1 */
const FIND_DOCUMENTS = {
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
const CONTENT_FILTERS = {
  $XDSDocumentEntryFormatCode: list('code'),
  $XDSDocumentEntryConfidentialityCode: andOr('code'),
  $XDSDocumentEntryType: list('objectType'),
};

const DE_BY_ID_LIST = { $XDSDocumentEntryEntryUUID: list('uuid'), $XDSDocumentEntryUniqueId: list('string') };
const DE_BY_ID_SINGLE = { $XDSDocumentEntryEntryUUID: single('uuid'), $XDSDocumentEntryUniqueId: single('string') };
const DE_ONE_OF = ['$XDSDocumentEntryEntryUUID', '$XDSDocumentEntryUniqueId'] as const;

function define<N extends StoredQueryName, P extends Readonly<Record<string, ParamDef>>>(
  name: N,
  params: P,
  required: readonly (keyof P & string)[] = [],
  oneOf: readonly (readonly (keyof P & string)[])[] = [],
): QueryDefinition<N, P & typeof COMMON> {
  return { name, id: STORED_QUERY_ID[name], params: { ...COMMON, ...params }, required, oneOf };
}

/**
 * The table itself, in the order of ITI TF-2 3.18.4.1.2.3.7.1–14, by name: its literal types
 * give each stored query its own parameter type (queries/stored-query.ts).
 */
const DEFINITIONS = {
  FindDocuments: define('FindDocuments', FIND_DOCUMENTS, ['$XDSDocumentEntryPatientId', '$XDSDocumentEntryStatus']),
  FindSubmissionSets: define('FindSubmissionSets', {
    $XDSSubmissionSetPatientId: single('patientId'),
    $XDSSubmissionSetStatus: list('status'),
    $XDSSubmissionSetSourceId: list('string'),
    $XDSSubmissionSetSubmissionTimeFrom: single('dtm'),
    $XDSSubmissionSetSubmissionTimeTo: single('dtm'),
    $XDSSubmissionSetAuthorPerson: single('pattern'),
    $XDSSubmissionSetContentType: list('code'),
  }, ['$XDSSubmissionSetPatientId', '$XDSSubmissionSetStatus']),
  FindFolders: define('FindFolders', {
    $XDSFolderPatientId: single('patientId'),
    $XDSFolderStatus: list('status'),
    $XDSFolderLastUpdateTimeFrom: single('dtm'),
    $XDSFolderLastUpdateTimeTo: single('dtm'),
    $XDSFolderCodeList: andOr('code'),
  }, ['$XDSFolderPatientId', '$XDSFolderStatus']),
  GetAll: define('GetAll', {
    $patientId: single('patientId'),
    $XDSDocumentEntryStatus: list('status'),
    $XDSSubmissionSetStatus: list('status'),
    $XDSFolderStatus: list('status'),
    ...CONTENT_FILTERS,
    ...ASSOCIATION_STATUS,
  }, ['$patientId', '$XDSDocumentEntryStatus', '$XDSSubmissionSetStatus', '$XDSFolderStatus']),
  GetDocuments: define('GetDocuments', { ...DE_BY_ID_LIST, $XDSDocumentEntryLogicalID: list('uuid') }, [],
    [[...DE_ONE_OF, '$XDSDocumentEntryLogicalID']]),
  GetFolders: define('GetFolders', {
    $XDSFolderEntryUUID: list('uuid'), $XDSFolderUniqueId: list('string'), $XDSFolderLogicalID: list('uuid'),
  }, [], [['$XDSFolderEntryUUID', '$XDSFolderUniqueId', '$XDSFolderLogicalID']]),
  GetAssociations: define('GetAssociations', { $uuid: list('uuid'), ...ASSOCIATION_STATUS }, ['$uuid']),
  GetDocumentsAndAssociations: define('GetDocumentsAndAssociations', { ...DE_BY_ID_LIST, ...ASSOCIATION_STATUS }, [], [DE_ONE_OF]),
  GetSubmissionSets: define('GetSubmissionSets', { $uuid: list('uuid'), ...ASSOCIATION_STATUS }, ['$uuid']),
  GetSubmissionSetAndContents: define('GetSubmissionSetAndContents', {
    $XDSSubmissionSetEntryUUID: single('uuid'), $XDSSubmissionSetUniqueId: single('string'),
    ...CONTENT_FILTERS, ...ASSOCIATION_STATUS,
  }, [], [['$XDSSubmissionSetEntryUUID', '$XDSSubmissionSetUniqueId']]),
  GetFolderAndContents: define('GetFolderAndContents', {
    $XDSFolderEntryUUID: single('uuid'), $XDSFolderUniqueId: single('string'),
    ...CONTENT_FILTERS, ...ASSOCIATION_STATUS,
  }, [], [['$XDSFolderEntryUUID', '$XDSFolderUniqueId']]),
  GetFoldersForDocument: define('GetFoldersForDocument', DE_BY_ID_SINGLE, [], [DE_ONE_OF]),
  GetRelatedDocuments: define('GetRelatedDocuments', {
    ...DE_BY_ID_SINGLE, $AssociationTypes: list('associationType'),
    $XDSDocumentEntryType: list('objectType'), ...ASSOCIATION_STATUS,
  }, ['$AssociationTypes'], [DE_ONE_OF]),
  FindDocumentsByReferenceId: define('FindDocumentsByReferenceId', {
    ...FIND_DOCUMENTS, $XDSDocumentEntryReferenceIdList: andOr('string'),
  }, ['$XDSDocumentEntryPatientId', '$XDSDocumentEntryStatus', '$XDSDocumentEntryReferenceIdList']),
} as const satisfies { readonly [N in StoredQueryName]: QueryDefinition<N> };

/** The definitions by stored query name, with their literal parameter types. */
export type StoredQueryDefinitions = typeof DEFINITIONS;

/** The 14 definitions. */
export const QUERY_DEFINITIONS: readonly QueryDefinition[] = Object.values(DEFINITIONS);

const BY_ID: ReadonlyMap<string, QueryDefinition> = new Map(QUERY_DEFINITIONS.map((d) => [d.id, d]));

/** The definition of a stored query by its id (urn:uuid:…), or undefined when unknown. */
export function queryDefinition(id: string): QueryDefinition | undefined {
  return BY_ID.get(id.trim().toLowerCase());
}
