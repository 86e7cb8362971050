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
  UNRESOLVED_IDENTIFIED_OBJECT: { code: 'XDSRegistryMetadataError', text: 'ExternalIdentifier %s identifies %s, which is not in the submission' },
  UNCLASSIFIED_REGISTRY_PACKAGE: { code: 'XDSRegistryMetadataError', text: 'RegistryPackage %s is classified neither as SubmissionSet nor as Folder' },
  UNKNOWN_OBJECT_TYPE: { code: 'XDSRegistryMetadataError', text: 'ExtrinsicObject %s has objectType %s, which is neither a stable nor an on-demand DocumentEntry' },
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
  // --- affinity-domain profile rules (docs/metadata-profiles.md): rule id, attribute, object kind, id, detail
  PROFILE_RULE: { code: 'XDSRegistryMetadataError', text: '[%s] %s of %s %s: %s' },
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
  SOURCE_NOT_SUBMITTED_DOCUMENT: { code: 'XDSRegistryMetadataError', text: '%s association %s has the source %s, which is not a DocumentEntry of this submission' },
  REPLACED_IN_SAME_SUBMISSION: { code: 'XDSRegistryMetadataError', text: '%s association %s replaces %s, which is submitted in the same message' },
  REGISTRY_CONFLICT: { code: 'XDSRegistryMetadataError', text: 'Another submission registered %s at the same time; nothing of this submission was stored' },
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
  // --- cross-community access (ITI TF-2 3.38, 3.39; ihe-requirements.md §9)
  MISSING_HOME_COMMUNITY_ID: { code: 'XDSMissingHomeCommunityId', text: 'Stored query %s is not about a patient and needs AdhocQuery/@home naming the community asked' },
  MISSING_HOME_IN_DOCUMENT_REQUEST: { code: 'XDSMissingHomeCommunityId', text: 'The DocumentRequest for document %s has no HomeCommunityId' },
  UNKNOWN_COMMUNITY: { code: 'XDSUnknownCommunity', text: 'Community %s is not known to this gateway (%s)' },
  COMMUNITY_UNAVAILABLE: { code: 'XDSUnavailableCommunity', text: 'Community %s could not be reached: %s' },
  // --- access policy (docs/access-policy.md; house-style A8 "access denied by policy")
  POLICY_REFUSED: { code: 'XDSRegistryError', text: 'Access refused by the access policy: %s' },
  POLICY_REFUSED_RETRIEVE: { code: 'XDSRepositoryError', text: 'Access refused by the access policy: %s' },
  DOCUMENT_BLOCKED: { code: 'XDSRepositoryError', text: 'Document %s is blocked for this caller by the access policy: %s' },
  // --- request structure, transport and internal
  MALFORMED_REQUEST: { code: 'XDSRegistryError', text: 'The request body is not a valid %s: %s' },
  MALFORMED_REPOSITORY_REQUEST: { code: 'XDSRepositoryError', text: 'The request body is not a valid %s: %s' },
  MALFORMED_RESPONSE: { code: 'XDSRegistryError', text: 'The response is not a valid %s: %s' },
  REGISTRY_INTERNAL: { code: 'XDSRegistryError', text: 'The registry could not process the request (correlation id %s)' },
  REPOSITORY_INTERNAL: { code: 'XDSRepositoryError', text: 'The repository could not process the request (correlation id %s)' },
  REGISTRY_UNAVAILABLE: { code: 'XDSRegistryNotAvailable', text: 'The registry store is not reachable' },
  REPOSITORY_UNAVAILABLE: { code: 'XDSRepositoryError', text: 'The document store is not reachable' },
  REGISTRY_BUSY: { code: 'XDSRegistryBusy', text: 'Object %s is being changed by another submission; try again' },
} as const satisfies Record<string, CatalogueEntry>;

export type MessageId = keyof typeof MESSAGES;

/** A SOAP 1.2 fault the transport can return. See SOAP 1.2 Part 1 5.4, WS-Addressing 1.0 SOAP Binding 6. */
export interface FaultEntry {
  /** env:Code value. */
  readonly code: 'Sender' | 'Receiver' | 'VersionMismatch' | 'MustUnderstand';
  /** env:Subcode value as prefix:local, prefix one of wsa, wsse. */
  readonly subcode?: string;
  /** HTTP status of the response carrying the fault. */
  readonly http: number;
  readonly text: string;
}

/** The catalogue of SOAP faults and transport refusals; texts take %s placeholders, filled in order. */
export const SOAP_FAULTS = {
  NOT_WELL_FORMED: { code: 'Sender', http: 400, text: 'The SOAP envelope is not acceptable XML: %s' },
  SOAP11_ENVELOPE: { code: 'VersionMismatch', http: 500, text: 'The message is a SOAP 1.1 envelope; this endpoint accepts SOAP 1.2 (http://www.w3.org/2003/05/soap-envelope) only' },
  NOT_AN_ENVELOPE: { code: 'VersionMismatch', http: 500, text: 'The root element {%s}%s is not a SOAP 1.2 Envelope' },
  ENVELOPE_STRUCTURE: { code: 'Sender', http: 400, text: 'The SOAP Envelope must hold an optional Header followed by exactly one Body and nothing else; found %s' },
  BODY_CHILD_COUNT: { code: 'Sender', http: 400, text: 'The SOAP Body must hold exactly one element; it holds %s' },
  ACTION_MISSING: { code: 'Sender', subcode: 'wsa:MessageAddressingHeaderRequired', http: 400, text: 'The WS-Addressing 1.0 header wsa:Action (http://www.w3.org/2005/08/addressing) is required' },
  ACTION_NOT_SUPPORTED: { code: 'Sender', subcode: 'wsa:ActionNotSupported', http: 400, text: 'The action %s is not served by the endpoint /services/%s' },
  ADDRESSING_CARDINALITY: { code: 'Sender', subcode: 'wsa:InvalidAddressingHeader', http: 400, text: 'The WS-Addressing header wsa:%s appears more than once' },
  ONLY_ANONYMOUS: { code: 'Sender', subcode: 'wsa:OnlyAnonymousAddressSupported', http: 400, text: 'wsa:ReplyTo is %s; this endpoint answers synchronously and supports only the anonymous address' },
  // Asynchronous Web Services Exchange (ITI TF-2 Appendix V.5): refused before the 202 is given
  REPLY_ADDRESS_REFUSED: { code: 'Sender', subcode: 'wsa:InvalidAddressingHeader', http: 400, text: 'wsa:%s %s is not an address this gateway sends replies to: %s' },
  MESSAGE_ID_REQUIRED: { code: 'Sender', subcode: 'wsa:MessageAddressingHeaderRequired', http: 400, text: 'wsa:MessageID is required when wsa:ReplyTo is not anonymous: the reply names it in wsa:RelatesTo' },
  ASYNC_BUSY: { code: 'Receiver', http: 503, text: 'Too many asynchronous replies are pending; try again later or use the anonymous wsa:ReplyTo' },
  NOT_UNDERSTOOD: { code: 'MustUnderstand', http: 500, text: 'The header %s is marked mustUnderstand but this endpoint does not process it' },
  XOP_PART_MISSING: { code: 'Sender', http: 400, text: 'xop:Include refers to %s, which is not a part of the MTOM package' },
  XOP_BAD_HREF: { code: 'Sender', http: 400, text: 'xop:Include has an href that is not a cid: URL: %s' },
  UNSUPPORTED_MEDIA_TYPE: { code: 'Sender', http: 415, text: 'Content-Type %s is not accepted; send application/soap+xml or multipart/related (MTOM/XOP)' },
  UNSUPPORTED_CHARSET: { code: 'Sender', http: 415, text: 'charset %s is not supported; send UTF-8' },
  INVALID_UTF8: { code: 'Sender', http: 400, text: 'The SOAP envelope is not valid UTF-8: a malformed byte sequence starts at byte %s' },
  REQUEST_TOO_LARGE: { code: 'Sender', http: 413, text: 'The request is larger than the limit of %s bytes' },
  ENVELOPE_TOO_LARGE: { code: 'Sender', http: 413, text: 'The SOAP envelope is larger than the limit of %s bytes' },
  REQUEST_TIMEOUT: { code: 'Sender', http: 408, text: 'The request body stalled: no data for %s ms' },
  EMPTY_BODY: { code: 'Sender', http: 400, text: 'The request body is empty' },
  MULTIPART_NO_BOUNDARY: { code: 'Sender', http: 400, text: 'Content-Type multipart/related has no usable boundary parameter' },
  MULTIPART_NO_START: { code: 'Sender', http: 400, text: 'The multipart body has no line with the boundary %s' },
  MULTIPART_NO_CLOSE: { code: 'Sender', http: 400, text: 'The multipart body ends without its closing boundary' },
  MULTIPART_NO_PARTS: { code: 'Sender', http: 400, text: 'The multipart body has no parts' },
  MULTIPART_HEADERS_TOO_LARGE: { code: 'Sender', http: 400, text: 'The headers of MIME part %s are longer than %s bytes' },
  MULTIPART_TOO_MANY_PARTS: { code: 'Sender', http: 400, text: 'The multipart body has more than %s parts' },
  MULTIPART_ENCODING: { code: 'Sender', http: 400, text: 'MIME part %s uses Content-Transfer-Encoding %s; MTOM parts must be binary' },
  MULTIPART_DUPLICATE_ID: { code: 'Sender', http: 400, text: 'More than one MIME part has the Content-ID %s' },
  ROOT_PART_MISSING: { code: 'Sender', http: 400, text: 'The MTOM package has no root part with Content-ID %s' },
  UNKNOWN_ENDPOINT: { code: 'Sender', http: 404, text: 'There is no SOAP endpoint /services/%s' },
  // WS-Security faults for the XUA check (OASIS WSS 1.0 12; ITI TF-2 3.40.4.1.1)
  WSSE_TOKEN_UNAVAILABLE: { code: 'Sender', subcode: 'wsse:SecurityTokenUnavailable', http: 400, text: 'A security token is required: %s' },
  WSSE_INVALID_TOKEN: { code: 'Sender', subcode: 'wsse:InvalidSecurityToken', http: 400, text: 'The security token is invalid: %s' },
  WSSE_FAILED_AUTHENTICATION: { code: 'Sender', subcode: 'wsse:FailedAuthentication', http: 400, text: 'The security token could not be authenticated: %s' },
  SOAP_METHOD_NOT_ALLOWED: { code: 'Sender', http: 405, text: 'Send SOAP requests with POST; GET /services/%s?wsdl gives the WSDL' },
  NOT_FOUND: { code: 'Sender', http: 404, text: 'Nothing is served at %s' },
  TRANSPORT_INTERNAL: { code: 'Receiver', http: 500, text: 'The gateway could not process the request (correlation id %s)' },
  // An unrecorded request must not succeed (ihe-requirements.md §12; docs/access-policy.md §4)
  AUDIT_UNAVAILABLE: { code: 'Receiver', http: 500, text: 'The audit record could not be stored, so the request is refused (correlation id %s)' },
} as const satisfies Record<string, FaultEntry>;

export type SoapFaultId = keyof typeof SOAP_FAULTS;
