/**
 * The SOAP endpoints: POST /services/{endpoint} (receive → dispatch → respond, or for an
 * asynchronous exchange receive → admit → 202 → reply to wsa:ReplyTo) and
 * GET /services/{endpoint}?wsdl. Endpoints are the actor names and the itiNN aliases of the
 * transaction table. interface.md "SOAP endpoints", house-style A3, A6.
 */
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import type { AsyncReplies } from '../soap/async-reply.js';
import { admitSoap, runAdmitted, type AdmittedSoap, type DispatchDeps, type SoapEndpoint, type SoapOutcome } from '../soap/dispatch.js';
import { FairShare } from '../soap/fair-share.js';
import { SoapFault } from '../soap/fault.js';
import type { AsyncReplyRoute } from '../soap/reply-route.js';
import { writeFault, writeOutcome } from '../soap/response-writer.js';
import { ClientGoneError } from './body.js';
import { receiveSoap, type ReceivedRequest } from './receive.js';
import { claimAudit } from './edge-audit.js';
import { correlationIdOf, type SoapLogInfo } from './request-log.js';
import { addressHost, WsdlCatalogue } from './wsdl.js';

export interface SoapRoutesDeps extends DispatchDeps {
  readonly endpoints: ReadonlyMap<string, SoapEndpoint>;
  readonly wsdl: WsdlCatalogue;
  /** Runs accepted asynchronous requests (non-anonymous wsa:ReplyTo) and sends their replies. */
  readonly asyncReplies: AsyncReplies;
}

/**
 * @param deps - endpoints, WSDLs and what dispatch needs
 * @returns the router for /services
 */
export function soapRouter(routeDeps: SoapRoutesDeps): Router {
  const router = Router();
  const fairShare = routeDeps.fairShare ?? new FairShare();
  const deps = { ...routeDeps, fairShare };
  router.post('/services/:endpoint', async (req: Request, res: Response) => {
    const leave = fairShare.enter();
    res.once('close', leave);
    try {
      await handleSoapPost(deps, req, res);
    } finally {
      leave();
    }
  });
  router.get('/services/:endpoint', (req: Request, res: Response) => handleGet(deps, req, res));
  return router;
}

async function handleGet(deps: SoapRoutesDeps, req: Request, res: Response): Promise<void> {
  const name = String(req.params.endpoint);
  res.locals.route = 'wsdl';
  if (!('wsdl' in (req.query as object)) && !('WSDL' in (req.query as object))) {
    writeFault(res, new SoapFault('SOAP_METHOD_NOT_ALLOWED', [name]));
    return;
  }
  const host = addressHost(req.headers.host, `${deps.config.HOST}:${deps.config.PORT}`);
  const text = await deps.wsdl.render(name, deps.endpoints, host);
  if (text === undefined) {
    writeFault(res, new SoapFault('UNKNOWN_ENDPOINT', [name]));
    return;
  }
  res.type('text/xml; charset=utf-8').send(text);
}

async function handleSoapPost(deps: SoapRoutesDeps, req: Request, res: Response): Promise<void> {
  res.locals.route = 'soap';
  const info: SoapLogInfo = {};
  res.locals.soap = info;
  const name = String(req.params.endpoint);
  const endpoint = deps.endpoints.get(name);
  if (!endpoint) {
    refuse(res, req, new SoapFault('UNKNOWN_ENDPOINT', [name]), info);
    return;
  }
  let received: ReceivedRequest;
  try {
    received = await receiveSoap(req, deps.config, (n) => { info.bytesIn = (info.bytesIn ?? 0) + n; });
  } catch (e) {
    if (e instanceof ClientGoneError) {
      info.outcome = 'client-gone';
      res.destroy();
      return;
    }
    if (!(e instanceof SoapFault)) throw e;
    refuse(res, req, e, info);
    return;
  }
  let handedOver = false;
  try {
    // From here the dispatch records the request; when the edge already did (the client is gone), stop.
    if (!claimAudit(res)) return;
    const correlationId = correlationIdOf(res);
    const admitted = await admitSoap(endpoint, received, deps, correlationId);
    if (admitted.kind === 'admitted') info.caller = admitted.ctx.security.kind;
    if (admitted.kind === 'admitted' && admitted.asyncRoute) {
      handedOver = await acceptAsync(deps, admitted, admitted.asyncRoute, received, res, info);
      return;
    }
    const outcome = admitted.kind === 'admitted' ? await runAdmitted(admitted, deps.log) : admitted;
    describe(outcome, info);
    // ITI-39 answers as MTOM whatever the request was (row flag alwaysMtom).
    const mtom = received.mtom || (outcome.kind === 'response' && outcome.transaction.alwaysMtom === true);
    await send(res, outcome, mtom, deps.log, correlationId);
  } finally {
    // an accepted asynchronous request keeps its temp files until its reply is out
    if (!handedOver) await received.cleanup();
  }
}

/**
 * The Asynchronous Web Services Exchange: HTTP 202 with an empty body now (WS-Addressing 1.0
 * SOAP Binding 5.2.2: the response is not on this connection), the response later to the
 * ReplyTo address. ITI TF-2 Appendix V.5.
 * @returns true when the request was handed to the background (which then cleans up)
 */
async function acceptAsync(deps: SoapRoutesDeps, admitted: AdmittedSoap, route: AsyncReplyRoute, received: ReceivedRequest,
  res: Response, info: SoapLogInfo): Promise<boolean> {
  info.action = admitted.requestAction;
  if (admitted.relatesTo) info.messageId = admitted.relatesTo;
  info.transaction = admitted.transaction.id;
  if (deps.asyncReplies.full) {
    const { queryText } = admitted.request;
    const busy: SoapOutcome = { kind: 'fault', label: 'fault', fault: new SoapFault('ASYNC_BUSY'), relatesTo: admitted.relatesTo,
      transaction: admitted.transaction, requestAction: admitted.requestAction, facts: queryText === undefined ? {} : { queryText } };
    const outcome = await admitted.record(busy);
    describe(outcome, info);
    await writeOutcome(res, outcome, false);
    return false;
  }
  info.outcome = 'accepted';
  res.statusCode = 202;
  res.setHeader('Content-Length', 0);
  res.end();
  deps.asyncReplies.submit({ admitted, route, requestMtom: received.mtom, cleanup: () => received.cleanup() });
  return true;
}

/** A fault before dispatch; the connection closes when the body was not read to its end. */
function refuse(res: Response, req: Request, fault: SoapFault, info: SoapLogInfo): void {
  info.outcome = 'fault';
  info.errors = [fault.id];
  writeFault(res, fault, undefined, !req.complete);
}

function describe(outcome: SoapOutcome, info: SoapLogInfo): void {
  info.outcome = outcome.label;
  if (outcome.requestAction) info.action = outcome.requestAction;
  if (outcome.transaction) info.transaction = outcome.transaction.id;
  if (outcome.relatesTo) info.messageId = outcome.relatesTo;
  if (outcome.kind === 'fault') info.errors = [outcome.fault.id];
  else if (outcome.issues.length) info.errors = [...new Set(outcome.issues.map(problemId))];
}

/** A problem's id for the log: a profile rule by its own id (from "[rule.id] …"), others by their catalogue id. */
function problemId(i: { readonly messageId: string; readonly codeContext: string }): string {
  return (i.messageId === 'PROFILE_RULE' ? /^\[([\w.*-]+)\]/.exec(i.codeContext)?.[1] : undefined) ?? i.messageId;
}

async function send(res: Response, outcome: SoapOutcome, mtom: boolean, log: Logger, correlationId: string): Promise<void> {
  try {
    await writeOutcome(res, outcome, mtom);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
      log.warn('the client went away during the response', { correlationId });
      return;
    }
    log.error('writing the SOAP response failed', { correlationId, error: e instanceof Error ? e.stack : String(e) });
    if (!res.headersSent) writeFault(res, new SoapFault('TRANSPORT_INTERNAL', [correlationId]));
    else res.destroy();
  }
}

