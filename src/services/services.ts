import type { DocumentRequest, RetrievedDocument } from '../domain/retrieve.js';
import type { StoredQueryRequest, StoredQueryResult } from '../domain/stored-query.js';
import type { RegistryObjectList, SubmittedDocument } from '../domain/submission.js';
import type { Issue } from '../errors/issue.js';
import type { SecurityContext } from '../domain/security-context.js';
import type { AccessRecord } from '../domain/access-record.js';
import type { GatewayQueryOutcome, GatewayRetrieveOutcome } from './initiating-gateway-merge.js';

/** Who asks and under which correlation id: what services need to know of a request. */
export interface CallContext {
  readonly security: SecurityContext;
  readonly correlationId: string;
}

/** A submission's warnings (and per-item errors), and what it touched. */
export interface SubmissionOutcome {
  readonly issues: readonly Issue[];
  readonly touched: AccessRecord;
}

/** A stored query's result, its warnings, and what it touched (patient, documents with their access decisions). */
export interface StoredQueryOutcome {
  readonly result: StoredQueryResult;
  readonly issues: readonly Issue[];
  readonly touched: AccessRecord;
}

/** The documents retrieved, an issue per document not returned, and what the retrieve touched. */
export interface RetrieveOutcome {
  readonly documents: readonly RetrievedDocument[];
  readonly issues: readonly Issue[];
  readonly touched: AccessRecord;
}

/**
 * The Document Registry actor. Methods throw XdsError when the request fails as a whole
 * (carrying what the request touched), and return warnings (and per-item errors) otherwise.
 */
export interface RegistryService {
  /** ITI-42 Register Document Set-b. ITI TF-2 3.42 */
  registerDocumentSet(objects: RegistryObjectList, call: CallContext): Promise<SubmissionOutcome>;
  /** ITI-18 Registry Stored Query. ITI TF-2 3.18 */
  storedQuery(request: StoredQueryRequest, call: CallContext): Promise<StoredQueryOutcome>;
}

/** The Document Repository actor. */
export interface RepositoryService {
  /** ITI-41 Provide and Register Document Set-b. ITI TF-2 3.41 */
  provideAndRegister(objects: RegistryObjectList, documents: readonly SubmittedDocument[], call: CallContext): Promise<SubmissionOutcome>;
  /** ITI-43 Retrieve Document Set; unknown documents become per-document issues. ITI TF-2 3.43 */
  retrieve(requests: readonly DocumentRequest[], call: CallContext): Promise<RetrieveOutcome>;
}

/** A call that leaves the gateway: the caller, plus their ticket to pass on (XUA, ITI TF-2 3.40). */
export interface OutboundCall extends CallContext {
  /** The caller's SAML assertion as received, forwarded unchanged so its signature holds. */
  readonly samlAssertion?: string | undefined;
}

/**
 * The XCA Initiating Gateway: ITI-18 and ITI-43 from local consumers, fanned out in parallel
 * as ITI-38 / ITI-39. See ITI TF-2 3.38.4.1.3, 3.39.4.1.3 and ihe-requirements.md §9.2.
 */
export interface InitiatingGatewayService {
  /** ITI-18 for local consumers, fanned out. Throws XdsError only for a request no one can answer. */
  query(request: StoredQueryRequest, call: OutboundCall): Promise<GatewayQueryOutcome & { readonly touched: AccessRecord }>;
  /** ITI-43 for local consumers: each DocumentRequest goes to the community that holds it. */
  retrieve(requests: readonly DocumentRequest[], call: OutboundCall): Promise<GatewayRetrieveOutcome & { readonly touched: AccessRecord }>;
}

/**
 * The XCA Responding Gateway: ITI-38 and ITI-39 answered from this community's own registry
 * and repository. Queries and retrieves go through the same registry and repository calls as
 * ITI-18 and ITI-43, so the ticket and access policy apply exactly as there.
 * See ITI TF-2 3.38.4.1.3, 3.39.4.1.3; ihe-requirements.md §9.1.
 */
export interface RespondingGatewayService {
  /** ITI-38 Cross Gateway Query. Throws XdsError when the request fails as a whole. */
  crossGatewayQuery(request: StoredQueryRequest, call: CallContext): Promise<StoredQueryOutcome>;
  /** ITI-39 Cross Gateway Retrieve; requests for other communities become per-document issues. */
  crossGatewayRetrieve(requests: readonly DocumentRequest[], call: CallContext): Promise<RetrieveOutcome>;
}

export interface Services {
  readonly registry: RegistryService;
  readonly repository: RepositoryService;
  /** XCA Responding Gateway (ITI-38, ITI-39) over the registry and repository. */
  readonly respondingGateway: RespondingGatewayService;
  /** XCA Initiating Gateway (ITI-18, ITI-43 fanned out as ITI-38, ITI-39). */
  readonly initiatingGateway: InitiatingGatewayService;
}
