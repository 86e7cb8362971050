/**
 * SOAP dispatch: envelope → mustUnderstand → WS-Addressing → transaction by (endpoint,
 * wsa:Action) → reply route → security → handler. THE one place where errors of SOAP
 * transactions are caught: XdsError becomes the transaction's failure response (HTTP 200),
 * anything else is logged with its stack and answered with the actor's internal-error code;
 * envelope and addressing problems become SOAP faults. Admission (everything up to the
 * handler) and running are separate steps, so that an asynchronous request is checked in full
 * before its HTTP 202. See ITI TF-2 Appendix V, house-style A3, A8.
 */
import type { OutcomeFacts } from '../../audit/outcome-fields.js';
import type { Config } from '../../config/schema.js';
import type { DocumentContent } from '../../domain/submission.js';
import { ANONYMOUS, type SecurityContext } from '../../domain/security-context.js';
import { atCommunity, issue, touchedBy, UnexpectedError, XdsError, type Issue } from '../../errors/issue.js';
import type { ResponseStatus } from '../../formats/ebrim/registry-response.js';
import type { Logger } from '../../logging/logger.js';
import type { Services } from '../../services/services.js';
import type { OutgoingAttachment, RequestContext, SoapRequest, SoapTransaction } from '../../transactions/types.js';
import { forwardableAssertion } from '../security/forward-assertion.js';
import { checkMustUnderstand, readAddressing } from './addressing.js';
import { bodyAsReceived, readEnvelope, soapXmlLimits, type InboundSoapMessage } from './envelope.js';
import type { FairShare } from './fair-share.js';
import { SoapFault } from './fault.js';
import { replyRoute, type AsyncReplyRoute } from './reply-route.js';
import { NS } from '../../formats/xml/tree.js';

/** One SOAP endpoint (/services/{name}) and the transactions it serves by wsa:Action. */
export interface SoapEndpoint {
  readonly name: string;
  readonly byAction: ReadonlyMap<string, SoapTransaction>;
  /** The actor whose WSDL describes this endpoint (registry, repository, xca, ig). */
  readonly wsdl: string;
}

/**
 * Establishes who is asking (XUA / SAML in transport/security). Throws SoapFault to refuse.
 */
export type SoapSecurityCheck = (message: InboundSoapMessage, transaction: SoapTransaction, config: Config) => Promise<SecurityContext>;

export interface DispatchDeps {
  readonly config: Config;
  readonly services: Services;
  readonly log: Logger;
  readonly security: SoapSecurityCheck;
  /** Records every outcome before it is sent (soap-audit.ts); nothing is recorded when absent. */
  readonly audit?: SoapAuditor;
  /** Shares the event loop between large messages and other requests (fair-share.ts). */
  readonly fairShare?: FairShare;
}

/** What the auditor knows of the request besides its outcome. */
export interface AuditedRequest {
  /** The endpoint name, e.g. "registry" (recorded as /services/registry). */
  readonly endpoint: string;
  readonly correlationId: string;
  /** The caller established by the security check (anonymous before it, or when it refused). */
  readonly caller: SecurityContext;
}

/**
 * Records an outcome (soap-audit.ts soapAuditor); resolves to the outcome to send (a Receiver
 * fault if it could not be recorded). Never rejects.
 */
export type SoapAuditor = (outcome: SoapOutcome, request: AuditedRequest) => Promise<SoapOutcome>;

/** The most characters of a query the audit record keeps. */
const MAX_QUERY_CHARS = 64 * 1024;

/** The request as received from the wire, before the envelope is read. */
export interface ReceivedSoap {
  readonly rootXml: string;
  readonly parts: ReadonlyMap<string, DocumentContent>;
  readonly mtom: boolean;
}

/** What to send back; `label` is the outcome for logs and metrics. */
export type SoapOutcome = (
  | { readonly kind: 'response'; readonly label: 'success' | 'failure' | 'error'; readonly transaction: SoapTransaction;
      readonly action: string; readonly relatesTo: string | undefined; readonly status: ResponseStatus; readonly body: string;
      readonly attachments: readonly OutgoingAttachment[]; readonly issues: readonly Issue[] }
  | { readonly kind: 'fault'; readonly label: 'fault'; readonly fault: SoapFault; readonly relatesTo: string | undefined;
      readonly transaction: SoapTransaction | undefined }
) & {
  /** The request's wsa:Action, once read. */
  readonly requestAction?: string;
  /** What the transaction touched and, for a query, the query as sent: the handler's outcome, or what its error carried. */
  readonly facts: OutcomeFacts;
};

/**
 * Endpoints from the transaction table: each actor endpoint of a row, plus the alias
 * "iti" + the digits of its id (/services/iti41). When two rows share an alias, the first wins.
 * @param rows - the transaction table
 */
export function indexEndpoints(rows: readonly SoapTransaction[]): ReadonlyMap<string, SoapEndpoint> {
  const byName = new Map<string, { byAction: Map<string, SoapTransaction>; wsdl: string }>();
  const add = (name: string, wsdl: string, row: SoapTransaction): void => {
    const ep = byName.get(name) ?? { byAction: new Map<string, SoapTransaction>(), wsdl };
    byName.set(name, ep);
    if (!ep.byAction.has(row.action)) ep.byAction.set(row.action, row);
  };
  for (const row of rows) for (const ep of row.endpoints) add(ep, ep, row);
  for (const row of rows) {
    const alias = `iti${row.id.replace(/\D/g, '')}`;
    const existing = byName.get(alias);
    if (existing && ![...existing.byAction.values()].some((r) => r.id === row.id)) continue;
    add(alias, row.endpoints[0] ?? alias, row);
  }
  return new Map([...byName].map(([name, v]) => [name, { name, byAction: v.byAction, wsdl: v.wsdl }]));
}

/**
 * A request whose envelope, addressing, transaction and security have been checked: what is
 * left may run now (synchronous) or after an HTTP 202 (asynchronous exchange).
 */
export interface AdmittedSoap {
  readonly kind: 'admitted';
  readonly transaction: SoapTransaction;
  readonly request: SoapRequest;
  readonly ctx: RequestContext;
  readonly relatesTo: string | undefined;
  readonly requestAction: string;
  /** Set when the response goes to the wsa:ReplyTo address (ITI TF-2 Appendix V.5). */
  readonly asyncRoute: AsyncReplyRoute | undefined;
  /** Records the outcome in the audit trail; resolves to what to send. */
  readonly record: (outcome: SoapOutcome) => Promise<SoapOutcome>;
}

/**
 * Everything that must hold before a request is taken on, the security check included, so an
 * asynchronous request is refused (synchronously, with a fault) rather than accepted with 202
 * when it fails. A fault here is recorded in the audit trail before it is returned. Never throws.
 * @param endpoint - the endpoint the message was posted to
 * @param received - envelope text and MIME parts
 * @param deps - config, services, logger and security check
 * @param correlationId - the request's correlation id
 * @returns the admitted request, or the fault to send
 */
export async function admitSoap(endpoint: SoapEndpoint, received: ReceivedSoap, deps: DispatchDeps, correlationId: string): Promise<AdmittedSoap | SoapOutcome> {
  let relatesTo: string | undefined;
  let transaction: SoapTransaction | undefined;
  let requestAction: string | undefined;
  let message: InboundSoapMessage | undefined;
  let caller: SecurityContext = ANONYMOUS;
  // One audit record per request, whatever its outcome: faults here, responses in runAdmitted.
  const record = (o: SoapOutcome): Promise<SoapOutcome> => (deps.audit
    ? deps.audit(o, { endpoint: endpoint.name, correlationId, caller }) : Promise.resolve(o));
  try {
    const limits = soapXmlLimits(deps.config);
    message = await readEnvelope(received.rootXml, received.parts, received.mtom,
      deps.fairShare ? { ...limits, giveWay: deps.fairShare.giveWay } : limits);
    relatesTo = message.headerBlocks.find((h) => h.ns === NS.wsa && h.local === 'MessageID')?.text.trim() || undefined;
    checkMustUnderstand(message.headerBlocks);
    const addressing = readAddressing(message.headerBlocks);
    requestAction = addressing.action;
    transaction = endpoint.byAction.get(addressing.action);
    if (!transaction) throw new SoapFault('ACTION_NOT_SUPPORTED', [addressing.action, endpoint.name]);
    const asyncRoute = replyRoute(addressing, transaction, deps.config.XCA_ASYNC_REPLY_HOSTS);
    const security = await deps.security(message, transaction, deps.config);
    caller = security;
    const log = deps.log.child({ correlationId, transaction: transaction.id });
    const ctx: RequestContext = { config: deps.config, services: deps.services, security, log, correlationId };
    const samlAssertion = transaction.forwardsTicket ? forwardableAssertion(message) : undefined;
    const queryText = transaction.query ? bodyAsReceived(message, MAX_QUERY_CHARS) : undefined;
    const request: SoapRequest = {
      action: addressing.action,
      ...(addressing.messageId ? { messageId: addressing.messageId } : {}),
      body: message.body,
      mtom: received.mtom,
      ...(samlAssertion ? { samlAssertion } : {}),
      ...(queryText !== undefined ? { queryText } : {}),
    };
    return { kind: 'admitted', transaction, request, ctx, relatesTo, requestAction, asyncRoute, record };
  } catch (e) {
    // Refused before the handler ran: a query's record still shows the query as sent.
    const queryText = message && transaction?.query ? bodyAsReceived(message, MAX_QUERY_CHARS) : undefined;
    return record(faultOutcome(e, deps.log, correlationId, { relatesTo, transaction, requestAction }, queryText === undefined ? {} : { queryText }));
  }
}

/**
 * Runs an admitted request's transaction and records its outcome in the audit trail; never throws.
 * @param admitted - the request
 * @param log - the process logger
 * @returns the response or fault
 */
export async function runAdmitted(admitted: AdmittedSoap, log: Logger): Promise<SoapOutcome> {
  const { transaction, request, ctx, relatesTo, requestAction } = admitted;
  let outcome: SoapOutcome;
  try {
    outcome = { ...await runTransaction(transaction, request, ctx, relatesTo), requestAction };
  } catch (e) {
    outcome = faultOutcome(e, log, ctx.correlationId, { relatesTo, transaction, requestAction }, factsOf(e, request));
  }
  return admitted.record(outcome);
}

/** A fault outcome for what was thrown: SoapFaults as they are, anything else logged as internal. */
function faultOutcome(e: unknown, log: Logger, correlationId: string,
  known: { relatesTo: string | undefined; transaction: SoapTransaction | undefined; requestAction: string | undefined }, facts: OutcomeFacts): SoapOutcome {
  const { relatesTo, transaction, requestAction } = known;
  const action = requestAction ? { requestAction } : {};
  if (e instanceof SoapFault) return { kind: 'fault', label: 'fault', fault: e, relatesTo, transaction, ...action, facts };
  log.error('SOAP processing failed', { correlationId, error: stackOf(e) });
  return { kind: 'fault', label: 'fault', fault: new SoapFault('TRANSPORT_INTERNAL', [correlationId]), relatesTo, transaction, ...action, facts };
}

/** What a handler's error says the request touched, with the query as sent. */
function factsOf(e: unknown, request: SoapRequest): OutcomeFacts {
  return { ...touchedBy(e), ...(request.queryText !== undefined ? { queryText: request.queryText } : {}) };
}

async function runTransaction(row: SoapTransaction, request: SoapRequest, ctx: RequestContext, relatesTo: string | undefined): Promise<SoapOutcome> {
  const action = `${row.action}Response`;
  try {
    const res = await row.handle(request, ctx);
    const { status, ...facts } = res.outcome;
    return { kind: 'response', label: 'success', transaction: row, action, relatesTo, status, body: res.body, attachments: res.attachments, issues: [], facts };
  } catch (e) {
    if (e instanceof SoapFault) throw e;
    let issues: readonly Issue[];
    let label: 'failure' | 'error' = 'failure';
    if (e instanceof XdsError) {
      issues = e.issues;
    } else {
      ctx.log.error('transaction failed unexpectedly', { error: stackOf(e instanceof UnexpectedError ? e.reason : e) });
      issues = [issue(row.internalError, [ctx.correlationId])];
      label = 'error';
    }
    if (row.errorsAtCommunity) issues = issues.map((i) => atCommunity(i, ctx.config.HOME_COMMUNITY_ID));
    // a failure response that cannot be built falls through to the Receiver fault of runAdmitted
    const body = row.failureResponse(issues);
    return { kind: 'response', label, transaction: row, action, relatesTo, status: 'Failure', body, attachments: [], issues, facts: factsOf(e, request) };
  }
}

function stackOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
