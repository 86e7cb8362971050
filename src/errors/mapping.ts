/**
 * The one mapping from the catalogue to each wire: every catalogue code (errors/messages.ts)
 * to its ebRS RegistryError code, its SOAP 1.2 fault code and subcode, and its FHIR
 * OperationOutcome issue type and HTTP status. House style A8; the HTTP statuses of MHD marked
 * "proposed" there follow ihe-requirements.md §10.
 */
import type { XdsErrorCode } from './codes.js';
import { MESSAGES, SOAP_FAULTS, type MessageId, type SoapFaultId } from './messages.js';

/** The FHIR issue types the gateway answers with (http://hl7.org/fhir/R4/valueset-issue-type.html). */
export type FhirIssueType =
  | 'structure' | 'required' | 'value' | 'invalid' | 'login' | 'forbidden' | 'conflict' | 'not-found'
  | 'not-supported' | 'too-costly' | 'transient' | 'exception';

/** How an error reads in FHIR: issue type and HTTP status. */
export interface FhirErrorMapping {
  readonly type: FhirIssueType;
  readonly http: number;
}

/** What one catalogue entry is on each wire. */
export interface ErrorMapping {
  /** ebRS RegistryError/@errorCode; absent for transport-only faults. */
  readonly registryError?: XdsErrorCode;
  /** SOAP 1.2 fault Code and Subcode; absent for errors answered inside a response body. */
  readonly soapFault?: { readonly code: string; readonly subcode?: string };
  readonly fhir: FhirErrorMapping;
}

const fhir = (type: FhirIssueType, http: number): FhirErrorMapping => ({ type, http });
const INVALID = fhir('invalid', 400);
const CONFLICT = fhir('conflict', 409);
const NOT_FOUND = fhir('not-found', 404);
const TRANSIENT = fhir('transient', 503);
const EXCEPTION = fhir('exception', 500);

/** Each RegistryError code as FHIR. House style A8, one row per category. */
const FHIR_BY_XDS_CODE: Readonly<Record<XdsErrorCode, FhirErrorMapping>> = {
  // schema or metadata invalid; patient unknown or inconsistent; stored-query parameters
  XDSMissingDocument: INVALID, XDSMissingDocumentMetadata: INVALID,
  XDSRegistryMetadataError: INVALID, XDSRepositoryMetadataError: INVALID,
  XDSRegistryDuplicateUniqueIdInMessage: INVALID, XDSRepositoryDuplicateUniqueIdInMessage: INVALID,
  XDSUnknownPatientId: INVALID, XDSPatientIdDoesNotMatch: INVALID,
  XDSExtraMetadataNotSaved: INVALID, XDSUnknownStoredQuery: INVALID, XDSStoredQueryMissingParam: INVALID,
  XDSStoredQueryParamNumber: INVALID, XDSResultNotSinglePatient: INVALID, XDSTooManyResults: fhir('too-costly', 400),
  XDSMissingHomeCommunityId: INVALID, XDSUnknownCommunity: INVALID,
  XDSMetadataUpdateError: INVALID, XDSMetadataUpdateOperationError: INVALID, XDSMetadataIdentifierError: INVALID,
  XDSPatientIDReconciliationError: INVALID, UnmodifiableMetadataError: INVALID, UnresolvedReferenceException: INVALID,
  ReferencesExistException: CONFLICT, XDSUnreferencedObjectException: INVALID, XDSRemoveDocumentsError: INVALID,
  // duplicate / non-identical
  XDSDuplicateUniqueIdInRegistry: CONFLICT, XDSNonIdenticalHash: CONFLICT, XDSNonIdenticalSize: CONFLICT,
  XDSMetadataVersionError: CONFLICT, XDSRegistryDeprecatedDocumentError: CONFLICT,
  // document / repository not found
  XDSUnknownRepositoryId: NOT_FOUND, XDSDocumentUniqueIdError: NOT_FOUND,
  // community unreachable, busy, out of resources, internal
  XDSUnavailableCommunity: TRANSIENT, XDSRegistryBusy: TRANSIENT, XDSRepositoryBusy: TRANSIENT,
  XDSRegistryOutOfResources: TRANSIENT, XDSRepositoryOutOfResources: TRANSIENT, XDSRegistryNotAvailable: TRANSIENT,
  XDSRegistryError: EXCEPTION, XDSRepositoryError: EXCEPTION,
  // optional feature not supported: a warning
  PartialFolderContentNotProcessed: fhir('not-supported', 200), PartialAppendContentNotProcessed: fhir('not-supported', 200),
  PartialReplaceContentNotProcessed: fhir('not-supported', 200), PartialTransformContentNotProcessed: fhir('not-supported', 200),
  PartialTransformReplaceContentNotProcessed: fhir('not-supported', 200), PartialRelationshipContentNotProcessed: fhir('not-supported', 200),
};

/**
 * Catalogue entries whose RegistryError code is too general to say what FHIR should answer:
 * a policy refusal is 403 forbidden, a malformed parameter or request 400 invalid.
 */
const FHIR_BY_MESSAGE: Partial<Record<MessageId, FhirErrorMapping>> = {
  POLICY_REFUSED: fhir('forbidden', 403), POLICY_REFUSED_RETRIEVE: fhir('forbidden', 403), DOCUMENT_BLOCKED: fhir('forbidden', 403),
  BAD_PARAM_VALUE: INVALID, UNKNOWN_PARAM: INVALID, BAD_RETURN_TYPE: INVALID,
  MALFORMED_REQUEST: fhir('structure', 400), MALFORMED_REPOSITORY_REQUEST: fhir('structure', 400),
  DOCUMENT_TOO_LARGE: fhir('too-costly', 413),
};

/** A SOAP fault as FHIR: security refusals are 401 login, other Sender faults 400 structure. */
function fhirOfFault(id: SoapFaultId): FhirErrorMapping {
  const f = SOAP_FAULTS[id];
  if ('subcode' in f && f.subcode.startsWith('wsse:')) return fhir('login', 401);
  if (f.code === 'Receiver') return f.http === 503 ? TRANSIENT : EXCEPTION;
  return fhir(f.http === 413 ? 'too-costly' : 'structure', f.http);
}

/**
 * @param id - a catalogue entry: a message (answered in a response body) or a SOAP fault
 * @returns what it is on each wire
 */
export function errorMapping(id: MessageId | SoapFaultId): ErrorMapping {
  if (id in MESSAGES) {
    const code = MESSAGES[id as MessageId].code;
    return { registryError: code, fhir: FHIR_BY_MESSAGE[id as MessageId] ?? FHIR_BY_XDS_CODE[code] };
  }
  const f = SOAP_FAULTS[id as SoapFaultId];
  return { soapFault: { code: f.code, ...('subcode' in f ? { subcode: f.subcode } : {}) }, fhir: fhirOfFault(id as SoapFaultId) };
}
