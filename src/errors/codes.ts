/**
 * Error codes of Document Sharing. See ITI TF-3 Table 4.2.4.1-2, ITI TF-2 3.38 (XCA),
 * ITI TF-2 3.57 / 3.62 / 3.86 (metadata update, delete, remove documents).
 */
const XDS_ERROR_CODES = [
  'XDSMissingDocument', 'XDSMissingDocumentMetadata',
  'XDSRegistryMetadataError', 'XDSRepositoryMetadataError',
  'XDSRegistryDuplicateUniqueIdInMessage', 'XDSRepositoryDuplicateUniqueIdInMessage',
  'XDSDuplicateUniqueIdInRegistry', 'XDSNonIdenticalHash', 'XDSNonIdenticalSize',
  'XDSUnknownPatientId', 'XDSPatientIdDoesNotMatch', 'XDSRegistryDeprecatedDocumentError',
  'XDSExtraMetadataNotSaved', 'XDSUnknownStoredQuery', 'XDSStoredQueryMissingParam',
  'XDSStoredQueryParamNumber', 'XDSResultNotSinglePatient', 'XDSTooManyResults',
  'XDSUnknownRepositoryId', 'XDSDocumentUniqueIdError', 'XDSMissingHomeCommunityId',
  'XDSUnknownCommunity', 'XDSUnavailableCommunity',
  'XDSMetadataUpdateError', 'XDSMetadataUpdateOperationError', 'XDSMetadataVersionError',
  'XDSPatientIDReconciliationError', 'UnmodifiableMetadataError', 'XDSMetadataIdentifierError',
  'UnresolvedReferenceException', 'ReferencesExistException', 'XDSUnreferencedObjectException',
  'XDSRemoveDocumentsError',
  'XDSRegistryError', 'XDSRepositoryError', 'XDSRegistryBusy', 'XDSRepositoryBusy',
  'XDSRegistryOutOfResources', 'XDSRepositoryOutOfResources', 'XDSRegistryNotAvailable',
  'PartialFolderContentNotProcessed', 'PartialAppendContentNotProcessed',
  'PartialReplaceContentNotProcessed', 'PartialTransformContentNotProcessed',
  'PartialTransformReplaceContentNotProcessed', 'PartialRelationshipContentNotProcessed',
] as const;

export type XdsErrorCode = (typeof XDS_ERROR_CODES)[number];

export type Severity = 'Error' | 'Warning';
