/**
 * GET /fhir/AuditEvent?patient=… : the access log of one patient (interface.md, MHD section;
 * the citizen's "innsynslogg", norway-profile.md §7). Who is asking comes from
 * `Authorization: Bearer|DPoP <JWT>` (HelseID) or `Authorization: SAML <base64>`, per XUA_MODE
 * (authenticateHttp); who may read which log is audit/audit-search.ts's rule
 * (docs/access-policy.md §4). Every error is an OperationOutcome. This router is the one place
 * where errors of this FHIR route are caught (house-style A8).
 */
import { Router, type Request, type Response } from 'express';
import { AUDIT_CODING } from '../../audit/audit-codes.js';
import { buildAuditEvent } from '../../audit/audit-event.js';
import { parsePatientParam, searchAuditEvents, type AuditSearchResult } from './audit-search.js';
import type { AuditRecorder, AuditStore } from '../../audit/ports.js';
import type { SecurityContext } from '../../domain/security-context.js';
import type { Logger } from '../../logging/logger.js';
import { operationOutcome } from '../../formats/fhir/operation-outcome.js';
import { authenticateHttp } from '../security/http-auth.js';
import type { JwtSettings } from '../security/jwt.js';
import type { XuaSettings } from '../security/xua-settings.js';
import { claimAudit } from './edge-audit.js';
import { correlationIdOf } from './request-log.js';

export interface AuditRoutesDeps {
  readonly store: AuditStore;
  /** Records the reading of a log (ITI-81) with the caller and the patient. */
  readonly recorder: AuditRecorder;
  readonly xua: XuaSettings;
  readonly jwt: JwtSettings;
  /** Scopes that let a system token (a client without a user) read patients' access logs. */
  readonly auditScopes: readonly string[];
  readonly log: Logger;
  readonly clock?: () => Date;
  /** Told of each request refused for its token (reason: fhir-unauthorized, fhir-forbidden, fhir-no-token), for the metrics. */
  readonly onRefused?: (reason: string) => void;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * @param deps - the audit store, the XUA and HelseID settings, the reading scopes and the logger
 * @returns the router for GET /fhir/AuditEvent
 */
export function auditEventRouter(deps: AuditRoutesDeps): Router {
  const router = Router();
  router.get('/fhir/AuditEvent', (req: Request, res: Response) => handleSearch(deps, req, res));
  return router;
}

async function handleSearch(deps: AuditRoutesDeps, req: Request, res: Response): Promise<void> {
  res.locals.route = 'fhir-audit-event';
  const now = (deps.clock ?? (() => new Date()))();
  const auth = authenticateHttp({
    authorization: req.headers.authorization,
    dpop: typeof req.headers.dpop === 'string' ? req.headers.dpop : undefined,
    method: req.method,
    url: `${req.protocol}://${req.get('host') ?? ''}${req.originalUrl}`,
  }, { xua: deps.xua, jwt: deps.jwt }, now);
  if (!auth.ok) {
    res.setHeader('WWW-Authenticate', auth.wwwAuthenticate);
    deps.onRefused?.(auth.status === 401 ? 'fhir-unauthorized' : 'fhir-forbidden');
    sendOutcome(res, auth.status, auth.status === 401 ? 'login' : 'forbidden', auth.reason);
    return;
  }
  if (auth.context.kind === 'anonymous' && deps.xua.mode !== 'off') {
    // Who looked at a patient's record is itself sensitive (norway-profile.md §7): with XUA
    // optional, SOAP callers may go without a ticket, but the access log is never anonymous.
    res.setHeader('WWW-Authenticate', 'Bearer, SAML');
    deps.onRefused?.('fhir-no-token');
    sendOutcome(res, 401, 'login', 'the access log of a patient is shown only to an authenticated caller');
    return;
  }
  try {
    const base = `${req.protocol}://${req.get('host') ?? ''}/fhir`;
    const params = queryParams(req);
    const r = await searchAuditEvents(deps.store, params, auth.context, { auditScopes: deps.auditScopes, baseUrl: base });
    // Who read a patient's access log is recorded there too, before the answer (ihe-requirements.md §12).
    if (!claimAudit(res)) return;
    await deps.recorder.record(buildAuditEvent(readOutcome(r, params, auth.context, correlationIdOf(res), now)));
    res.status(r.status).type(FHIR_JSON).send(JSON.stringify(r.body));
  } catch (e) {
    const correlationId = correlationIdOf(res);
    deps.log.error('reading the audit trail failed', { correlationId, error: e instanceof Error ? e.stack : String(e) });
    sendOutcome(res, 500, 'exception', `the access log could not be read (correlation id ${correlationId})`);
  }
}

function readOutcome(r: AuditSearchResult, params: Record<string, string | undefined>, security: SecurityContext,
  correlationId: string, recorded: Date): Parameters<typeof buildAuditEvent>[0] {
  const patient = parsePatientParam(params.patient ?? params['patient.identifier'] ?? '');
  return {
    transaction: 'ITI-81',
    coding: AUDIT_CODING.rest('Retrieve ATNA Audit Event', 'search'),
    outcome: r.status === 200 ? 'success' : r.status === 403 ? 'refused' : 'failure',
    ...(r.status === 200 ? {} : { outcomeDescription: r.body.issue.map((i) => i.diagnostics).join('; ') }),
    recorded, security, correlationId,
    server: { endpoint: '/fhir/AuditEvent' },
    ...(patient ? { patient } : {}),
  };
}

/** The query parameters as single strings (a repeated parameter counts with its first value). */
function queryParams(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

function sendOutcome(res: Response, status: number, code: 'login' | 'forbidden' | 'exception', diagnostics: string): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(operationOutcome(code, diagnostics)));
}
