import type { AuditCoding } from '../audit/audit-codes.js';
import type { Config } from '../config/schema.js';
import type { AccessRecord } from '../domain/access-record.js';
import type { SecurityContext } from '../domain/security-context.js';
import type { Issue } from '../errors/issue.js';
import type { ResponseStatus } from '../formats/ebrim/registry-response.js';
import type { XmlElement } from '../formats/xml/tree.js';
import type { Logger } from '../logging/logger.js';
import type { Services } from '../services/services.js';

/** A SOAP request as the transport hands it to a transaction: no HTTP, no envelope. */
export interface SoapRequest {
  readonly action: string;
  readonly messageId?: string;
  /** The single child of soap:Body; xop:Include elements are resolved into `binary`. */
  readonly body: XmlElement;
  /** True when the request came as MTOM/XOP; the response then goes out the same way. */
  readonly mtom: boolean;
  /**
   * The caller's SAML assertion exactly as received (with the namespace declarations it
   * inherits), for an initiating gateway to pass on unchanged. ITI TF-2 3.40 (XUA).
   */
  readonly samlAssertion?: string;
  /**
   * For a query transaction: the content of soap:Body as the sender wrote it, which the
   * handler's outcome gives as the query (the audit record shows the query as sent).
   */
  readonly queryText?: string;
}

/** A binary part of a response. The body refers to it as <xop:Include href="cid:{contentId}"/>. */
export interface OutgoingAttachment {
  readonly contentId: string;
  readonly contentType: string;
  readonly size: number;
  open(): AsyncIterable<Uint8Array>;
}

/**
 * A SOAP response body. For a non-MTOM request the transport replaces each xop:Include
 * with the base64 of its attachment.
 */
export interface SoapResponse {
  readonly outcome: HandlerOutcome;
  readonly body: string;
  readonly attachments: readonly OutgoingAttachment[];
}

/**
 * What a transaction did, as its handler returns it: the ebRS status its response carries and
 * what it touched (patient, documents with their access decisions, SubmissionSet, the stored
 * query taken up, a refusal, break-the-glass), and for a query the query as received. The audit
 * record is built from this alone. A handler that throws carries the same in its error
 * (XdsError.touched).
 */
export interface HandlerOutcome extends AccessRecord {
  readonly status: ResponseStatus;
  readonly queryText?: string;
}

export interface RequestContext {
  readonly config: Config;
  readonly services: Services;
  readonly security: SecurityContext;
  readonly log: Logger;
  readonly correlationId: string;
}

export type SoapHandler = (request: SoapRequest, ctx: RequestContext) => Promise<SoapResponse>;

/**
 * One row of the transaction table: everything the gateway knows of a transaction in one
 * place (action, handler, security, audit, error codes). See transactions/table.ts
 */
export interface SoapTransaction {
  /** Row id, e.g. "ITI-41"; unique in the table (logs and metrics use it). */
  readonly id: string;
  /** The IHE transaction it is, e.g. "ITI-18" for the initiating gateway's row "ITI-18-IG". */
  readonly transaction: string;
  /** wsa:Action of the request (domain/vocabulary.ts SOAP_ACTION). */
  readonly action: string;
  /** Actor endpoints that serve it, e.g. ["repository"]; the alias /services/iti41 is implied. */
  readonly endpoints: readonly string[];
  readonly handle: SoapHandler;
  /** The transaction's own failure response for issues raised anywhere in handling. */
  readonly failureResponse: (issues: readonly Issue[]) => string;
  /** XUA applies: the request must carry a valid SAML ticket when XUA is required. ITI TF-2 3.40 */
  readonly xua: boolean;
  /** A query transaction: its audit record carries the query (ParticipantObject role 24). */
  readonly query: boolean;
  /** How the audit trail codes it (event type, action, name). ihe-requirements.md §12 */
  readonly audit: AuditCoding;
  /** Catalogue entry for unexpected errors: the actor's default code. */
  readonly internalError: 'REGISTRY_INTERNAL' | 'REPOSITORY_INTERNAL';
  /**
   * Answer as MTOM (multipart/related) even when the request was plain SOAP: ITI-39, whose
   * responses Norsk helsenett requires as multipart. ITI TF-2 3.39.5
   */
  readonly alwaysMtom?: boolean;
  /**
   * A Responding Gateway row: every RegistryError of a failure response names this community
   * (HOME_COMMUNITY_ID) as location. ITI TF-2 3.38.4.1.3, 3.39.4.1.3
   */
  readonly errorsAtCommunity?: boolean;
  /** The handler passes the caller's SAML assertion on (initiating gateway): SoapRequest.samlAssertion is set. */
  readonly forwardsTicket?: boolean;
  /**
   * Claims the Asynchronous Web Services Exchange: a non-anonymous wsa:ReplyTo is answered with
   * HTTP 202 and the response is sent to that address. Required of a Responding Gateway for
   * ITI-38 and ITI-39 (ITI TF-2 3.38.1, 3.39.1; Appendix V.5); rows without it refuse such a
   * ReplyTo with wsa:OnlyAnonymousAddressSupported.
   */
  readonly asyncReply?: boolean;
}
