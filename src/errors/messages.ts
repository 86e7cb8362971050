import type { Severity, XdsErrorCode } from './codes.js';

export interface CatalogueEntry {
  readonly code: XdsErrorCode;
  readonly text: string;
  readonly severity?: Severity;
}

/**
 * The one catalogue of messages the gateway can return. Ids are stable: logs carry them,
 * so a log line leads back to one entry. Texts take %s placeholders, filled in order.
 * New entries go here, never as inline strings at a throw site.
 */
export const MESSAGES = {
  // --- structure of a submission (ITI TF-3 4.1, ITI TF-2 3.42.4.1.3)
  NO_SUBMISSION_SET: { code: 'XDSRegistryMetadataError', text: 'The submission carries no SubmissionSet' },
  SEVERAL_SUBMISSION_SETS: { code: 'XDSRegistryMetadataError', text: 'The submission carries %s SubmissionSets; exactly one is allowed' },
  DUPLICATE_ENTRY_UUID_IN_MESSAGE: { code: 'XDSRegistryMetadataError', text: 'The id %s is used by more than one object in the submission' },
  ENTRY_UUID_EXISTS: { code: 'XDSRegistryMetadataError', text: 'The entryUUID %s is already registered' },
  INVALID_UUID: { code: 'XDSRegistryMetadataError', text: '%s is neither a symbolic id nor a well-formed urn:uuid' },
  NOT_A_MEMBER: { code: 'XDSRegistryMetadataError', text: '%s %s is not a member of the SubmissionSet (no HasMember association from it)' },
  SUBMISSION_SET_STATUS_MISSING: { code: 'XDSRegistryMetadataError', text: 'HasMember association %s from the SubmissionSet to DocumentEntry %s has no SubmissionSetStatus slot' },
  UNRESOLVED_REFERENCE: { code: 'XDSRegistryMetadataError', text: 'Association %s refers to %s, which is neither in the submission nor in the registry' },
  UNRESOLVED_CLASSIFIED_OBJECT: { code: 'XDSRegistryMetadataError', text: 'Classification %s classifies %s, which is not in the submission' },
  ASSOCIATION_TO_SELF: { code: 'XDSRegistryMetadataError', text: 'Association %s has the same source and target %s' },
  UNKNOWN_ASSOCIATION_TYPE: { code: 'XDSRegistryMetadataError', text: 'Association %s has the type %s, which the registry does not know' },
  BAD_HAS_MEMBER: { code: 'XDSRegistryMetadataError', text: 'HasMember association %s links %s to %s, which the metadata model does not allow' },
  DOC_CODE_ON_HAS_MEMBER: { code: 'XDSRegistryMetadataError', text: 'HasMember association %s carries a documentation classification, which only relationship associations may have' },
  LIMITED_METADATA: { code: 'XDSRegistryMetadataError', text: '%s %s is marked limitedMetadata, which an XDS registry does not accept' },
  // --- attributes (ITI TF-3 4.2.3, Table 4.3.1-3)
  MISSING_ATTRIBUTE: { code: 'XDSRegistryMetadataError', text: '%s %s lacks the required attribute %s' },
  MULTIPLE_VALUES: { code: 'XDSRegistryMetadataError', text: '%s %s has %s values of %s; at most one is allowed' },
  BAD_CX: { code: 'XDSRegistryMetadataError', text: '%s of %s is not a CX of the form id^^^&OID&ISO: %s' },
  BAD_DTM: { code: 'XDSRegistryMetadataError', text: '%s of %s is not a UTC time of the form YYYY[MM[DD[hh[mm[ss]]]]]: %s' },
  BAD_OID: { code: 'XDSRegistryMetadataError', text: '%s of %s is not an OID of at most 64 characters: %s' },
  BAD_UNIQUE_ID: { code: 'XDSRegistryMetadataError', text: 'uniqueId of %s is not OID[^extension] of at most 128 characters: %s' },
  BAD_HASH: { code: 'XDSRegistryMetadataError', text: 'hash of %s is not 40 hexadecimal characters: %s' },
  BAD_SIZE: { code: 'XDSRegistryMetadataError', text: 'size of %s is not a whole number of bytes: %s' },
  BAD_LANGUAGE_CODE: { code: 'XDSRegistryMetadataError', text: 'languageCode of %s is not an RFC 5646 language tag: %s' },
  BAD_MIME_TYPE: { code: 'XDSRegistryMetadataError', text: 'mimeType of %s is not a media type: %s' },
  BAD_CODE: { code: 'XDSRegistryMetadataError', text: '%s of %s has no code or no coding scheme' },
  AUTHOR_INCOMPLETE: { code: 'XDSRegistryMetadataError', text: 'An author of %s has neither authorPerson, authorInstitution nor authorTelecommunication' },
  DUPLICATE_SLOT: { code: 'XDSRegistryMetadataError', text: 'Slot %s appears more than once on %s' },
  SLOT_VALUE_TOO_LONG: { code: 'XDSRegistryMetadataError', text: 'A value of slot %s on %s is longer than 256 characters' },
  EXTRA_METADATA_NOT_SAVED: { code: 'XDSExtraMetadataNotSaved', severity: 'Warning', text: 'Slot %s on %s is not part of the metadata model and was not saved' },
  BAD_STATUS: { code: 'XDSRegistryMetadataError', text: 'availabilityStatus %s of %s cannot be submitted' },
  // --- registry content rules (ITI TF-2 3.42.4.1.3)
  PATIENT_ID_MISMATCH: { code: 'XDSPatientIdDoesNotMatch', text: '%s %s has patientId %s, but the SubmissionSet has %s' },
  PATIENT_ID_MISMATCH_TARGET: { code: 'XDSPatientIdDoesNotMatch', text: '%s %s has patientId %s, but %s %s it refers to has %s' },
  UNKNOWN_PATIENT_ID: { code: 'XDSUnknownPatientId', text: 'The patient id %s is not known to the registry' },
  DUPLICATE_UNIQUE_ID_IN_MESSAGE: { code: 'XDSRegistryDuplicateUniqueIdInMessage', text: 'The uniqueId %s is used by more than one object in the submission' },
  DUPLICATE_UNIQUE_ID_IN_REGISTRY: { code: 'XDSDuplicateUniqueIdInRegistry', text: 'The uniqueId %s of %s is already registered' },
  NON_IDENTICAL_HASH: { code: 'XDSNonIdenticalHash', text: 'The document with uniqueId %s is already registered with another hash' },
  NON_IDENTICAL_SIZE: { code: 'XDSNonIdenticalSize', text: 'The document with uniqueId %s is already registered with another size' },
  TARGET_DEPRECATED: { code: 'XDSRegistryDeprecatedDocumentError', text: '%s association %s targets %s, which is not Approved' },
  TARGET_NOT_DOCUMENT: { code: 'XDSRegistryMetadataError', text: '%s association %s targets %s, which is not a DocumentEntry' },
  // --- repository (ITI TF-2 3.41, 3.43)
  MISSING_DOCUMENT: { code: 'XDSMissingDocument', text: 'DocumentEntry %s has no document attached' },
  MISSING_DOCUMENT_METADATA: { code: 'XDSMissingDocumentMetadata', text: 'Document %s has no DocumentEntry' },
  HASH_MISMATCH: { code: 'XDSRepositoryMetadataError', text: 'DocumentEntry %s gives hash %s, but the document has SHA-1 %s' },
  SIZE_MISMATCH: { code: 'XDSRepositoryMetadataError', text: 'DocumentEntry %s gives size %s, but the document has %s bytes' },
  REPOSITORY_ID_MISMATCH: { code: 'XDSRepositoryMetadataError', text: 'DocumentEntry %s gives repositoryUniqueId %s, but this repository is %s' },
  REPOSITORY_DUPLICATE_UNIQUE_ID: { code: 'XDSRepositoryDuplicateUniqueIdInMessage', text: 'The document uniqueId %s appears more than once in the submission' },
  DUPLICATE_DOCUMENT_ID: { code: 'XDSRepositoryMetadataError', text: 'Document id %s appears more than once in the request' },
  UNKNOWN_REPOSITORY: { code: 'XDSUnknownRepositoryId', text: 'Repository %s is not this repository (%s)' },
  UNKNOWN_DOCUMENT: { code: 'XDSDocumentUniqueIdError', text: 'No document with uniqueId %s in repository %s' },
  DOCUMENT_TOO_LARGE: { code: 'XDSRepositoryOutOfResources', text: 'Document %s is larger than the limit of %s bytes' },
  // --- stored query (ITI TF-2 3.18.4.1.2.3)
  UNKNOWN_STORED_QUERY: { code: 'XDSUnknownStoredQuery', text: 'Stored query %s is not known' },
  MISSING_PARAM: { code: 'XDSStoredQueryMissingParam', text: 'Stored query %s requires %s' },
  PARAM_NUMBER: { code: 'XDSStoredQueryParamNumber', text: 'Parameter %s %s' },
  BAD_PARAM_VALUE: { code: 'XDSRegistryError', text: 'Parameter %s has a malformed value %s: %s' },
  UNKNOWN_PARAM: { code: 'XDSRegistryError', text: 'Parameter %s is not a parameter of stored query %s' },
  BAD_RETURN_TYPE: { code: 'XDSRegistryError', text: 'returnType %s is neither LeafClass nor ObjectRef' },
  RESULT_NOT_SINGLE_PATIENT: { code: 'XDSResultNotSinglePatient', text: 'The result spans %s patients; a LeafClass result must be about one patient' },
  TOO_MANY_RESULTS: { code: 'XDSTooManyResults', text: 'The query matches %s objects; the limit is %s' },
  // --- request structure, transport and internal
  MALFORMED_REQUEST: { code: 'XDSRegistryError', text: 'The request body is not a valid %s: %s' },
  MALFORMED_REPOSITORY_REQUEST: { code: 'XDSRepositoryError', text: 'The request body is not a valid %s: %s' },
  REGISTRY_INTERNAL: { code: 'XDSRegistryError', text: 'The registry could not process the request (correlation id %s)' },
  REPOSITORY_INTERNAL: { code: 'XDSRepositoryError', text: 'The repository could not process the request (correlation id %s)' },
  REGISTRY_UNAVAILABLE: { code: 'XDSRegistryNotAvailable', text: 'The registry store is not reachable' },
  REPOSITORY_UNAVAILABLE: { code: 'XDSRepositoryError', text: 'The document store is not reachable' },
} as const satisfies Record<string, CatalogueEntry>;

export type MessageId = keyof typeof MESSAGES;
