/**
 * The express application without a listener: operations endpoints, the SOAP endpoints of the
 * transaction table (XUA check and audit record on each request), GET /fhir/AuditEvent, the
 * request log, the edge audit (a record for every request no transaction records), and the
 * last-resort error handler (which never sends a stack trace).
 * house-style A2 (app.ts), A6; interface.md.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AuditStore } from './audit/ports.js';
import { createAuditRecorder, MemoryAuditStore } from './audit/recorder.js';
import type { Config } from './config/schema.js';
import type { Logger } from './logging/logger.js';
import type { Services } from './services/services.js';
import type { Storage } from './storage/ports.js';
import { SOAP_TRANSACTIONS } from './transactions/table.js';
import type { SoapTransaction } from './transactions/types.js';
import { Metrics } from './transport/http/metrics.js';
import { opsRouter } from './transport/http/ops-routes.js';
import { edgeAudit } from './transport/http/edge-audit.js';
import { auditEventRouter } from './transport/http/fhir-audit-routes.js';
import { patientFeedRouter } from './transport/http/fhir-patient-routes.js';
import { correlationIdOf, requestLog } from './transport/http/request-log.js';
import { soapRouter } from './transport/http/soap-routes.js';
import { WsdlCatalogue } from './transport/http/wsdl.js';
import { AsyncReplies } from './transport/soap/async-reply.js';
import { indexEndpoints, type SoapAuditor, type SoapSecurityCheck } from './transport/soap/dispatch.js';
import { SoapFault } from './transport/soap/fault.js';
import { writeFault } from './transport/soap/response-writer.js';
import { refusalReason, soapAuditor } from './transport/soap/soap-audit.js';
import { jwtSettingsFromConfig, type JwtSettings } from './transport/security/jwt.js';
import { xuaSecurityCheck } from './transport/security/soap-security.js';
import { xuaSettingsFromConfig, type XuaSettings } from './transport/security/xua-settings.js';

export interface AppDeps {
  readonly services: Services;
  readonly storage: Storage;
  readonly log: Logger;
  /** The SOAP transaction table; SOAP_TRANSACTIONS unless a test brings its own rows. */
  readonly transactions?: readonly SoapTransaction[];
  /** Who is asking on SOAP; the XUA check of `xua` when not given. */
  readonly soapSecurity?: SoapSecurityCheck;
  /** XUA settings (XUA_MODE, pinned certificates, caches); read from the config when not given. */
  readonly xua?: XuaSettings;
  /** HelseID JWT settings for the FHIR side; read from the config when not given. */
  readonly jwt?: JwtSettings;
  /** Where audit records go; the storage's audit store unless a test brings its own. */
  readonly auditStore?: AuditStore;
  /** Shared metrics registry (a fresh one when not given). */
  readonly metrics?: Metrics;
  /** Set to draining when the gateway stops: /readyz then answers 503. */
  readonly lifecycle?: { readonly draining: boolean };
  /** Runs asynchronous exchanges (ITI TF-2 Appendix V.5); the owner drains it on shutdown. A fresh one when not given. */
  readonly asyncReplies?: AsyncReplies;
}

/**
 * Builds the gateway's HTTP application.
 * @param config - validated settings
 * @param deps - services, storage, logger, and optional overrides
 * @returns the express app (call listen yourself, or use startGateway)
 */
export function buildApp(config: Config, deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const metrics = deps.metrics ?? new Metrics();
  // One XUA settings object for SOAP and FHIR, so both share the verification and replay caches.
  const xua = deps.xua ?? xuaSettingsFromConfig(config);
  // openStorage always supplies an audit store; a hand-made Storage (tests) may not.
  const auditStore = deps.auditStore ?? deps.storage.audit ?? new MemoryAuditStore();
  const recorder = createAuditRecorder(auditStore, deps.log);
  const jwt = deps.jwt ?? jwtSettingsFromConfig(config);
  app.use(requestLog(deps.log, metrics));
  const edge = edgeAudit(recorder, deps.log);
  app.use(edge.middleware);
  // The HTTP server installs it (gateway.ts): node's parser refusals never reach express.
  app.locals.onClientError = edge.onClientError;
  app.use(opsRouter(deps.storage, metrics, deps.log, deps.lifecycle));
  app.use(auditEventRouter({
    store: auditStore, recorder, xua, jwt, auditScopes: config.AUDIT_READ_SCOPES, log: deps.log,
    onRefused: (reason) => metrics.recordXuaRefusal(reason),
  }));
  if (deps.storage.patients) {
    app.use(patientFeedRouter({ patients: deps.storage.patients, xua, jwt, config, log: deps.log }));
  }
  app.use(soapRouter({
    config, services: deps.services, log: deps.log,
    security: deps.soapSecurity ?? xuaSecurityCheck(xua),
    audit: counted(soapAuditor(recorder, deps.log), metrics),
    endpoints: indexEndpoints(deps.transactions ?? SOAP_TRANSACTIONS),
    wsdl: new WsdlCatalogue(),
    asyncReplies: deps.asyncReplies ?? new AsyncReplies(config, deps.log),
  }));
  app.use(notFound);
  app.use(lastResort(deps.log));
  return app;
}

/** The auditor, counting refusals by reason and audit records that could not be stored. */
function counted(audit: SoapAuditor, metrics: Metrics): SoapAuditor {
  return async (outcome, request) => {
    const reason = refusalReason(outcome);
    if (reason) metrics.recordXuaRefusal(reason);
    const sent = await audit(outcome, request);
    if (sent.kind === 'fault' && sent.fault.id === 'AUDIT_UNAVAILABLE') metrics.recordAuditWriteFailure();
    return sent;
  };
}

function notFound(req: Request, res: Response): void {
  res.status(404).type('text/plain; charset=utf-8').send(new SoapFault('NOT_FOUND', [req.path]).reason);
}

/** Express error handler: logs the stack, answers with a fault or plain text naming the correlation id. */
function lastResort(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const correlationId = correlationIdOf(res);
    log.error('unhandled error', { correlationId, path: req.path, error: err instanceof Error ? err.stack : String(err) });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const fault = new SoapFault('TRANSPORT_INTERNAL', [correlationId]);
    if (req.path.startsWith('/services/')) writeFault(res, fault, undefined, !req.complete);
    else res.status(500).type('text/plain; charset=utf-8').send(fault.reason);
  };
}
