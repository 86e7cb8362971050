import type { DocumentRequest, RetrievedDocument } from '../domain/retrieve.js';
import type { StoredQueryRequest, StoredQueryResult } from '../domain/stored-query.js';
import type { RegistryObjectList, SubmittedDocument } from '../domain/submission.js';
import type { Issue } from '../errors/issue.js';
import type { SecurityContext } from '../domain/security-context.js';
import type { AuditNotes } from '../audit/audit-notes.js';
import type { InitiatingGatewayService } from './initiating-gateway.js';
import type { RespondingGatewayService } from './responding-gateway.js';

/** Who asks and under which correlation id: what services need to know of a request. */
export interface CallContext {
  readonly security: SecurityContext;
  readonly correlationId: string;
  /** The request's audit notebook: services note the patient, documents and policy decisions. */
  readonly audit?: AuditNotes;
}

/**
 * The Document Registry actor. Methods throw XdsError when the request fails as a whole,
 * and return warnings (and per-item errors) otherwise.
 */
export interface RegistryService {
  /** ITI-42 Register Document Set-b. ITI TF-2 3.42 */
  registerDocumentSet(objects: RegistryObjectList, call: CallContext): Promise<readonly Issue[]>;
  /** ITI-18 Registry Stored Query. ITI TF-2 3.18 */
  storedQuery(request: StoredQueryRequest, call: CallContext): Promise<{ result: StoredQueryResult; issues: readonly Issue[] }>;
}

/** The Document Repository actor. */
export interface RepositoryService {
  /** ITI-41 Provide and Register Document Set-b. ITI TF-2 3.41 */
  provideAndRegister(objects: RegistryObjectList, documents: readonly SubmittedDocument[], call: CallContext): Promise<readonly Issue[]>;
  /** ITI-43 Retrieve Document Set; unknown documents become per-document issues. ITI TF-2 3.43 */
  retrieve(requests: readonly DocumentRequest[], call: CallContext): Promise<{ documents: readonly RetrievedDocument[]; issues: readonly Issue[] }>;
}

export interface Services {
  readonly registry: RegistryService;
  readonly repository: RepositoryService;
  /** XCA Responding Gateway (ITI-38, ITI-39) over the registry and repository. */
  readonly respondingGateway: RespondingGatewayService;
  /** XCA Initiating Gateway (ITI-18, ITI-43 fanned out as ITI-38, ITI-39). */
  readonly initiatingGateway: InitiatingGatewayService;
}
