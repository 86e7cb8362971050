/**
 * The audit record of every HTTP request that no transaction records: refused before dispatch
 * (unknown endpoint or path, 415, empty or broken body, MTOM and size limits, timeouts, a client
 * that went away), WSDL reads, and errors that reach the last-resort handler. One place at the
 * edge, so that a refusal added anywhere in the HTTP or SOAP layer is audited without its own
 * audit code (ihe-requirements.md §12: every request leaves a record).
 *
 * A route that records its own AuditEvent (the SOAP dispatch, which knows the caller, the
 * transaction and the patient) claims the request first with `claimAudit`; whatever is unclaimed
 * when the response is finished, or the connection closed, is recorded here once. Such requests
 * never reached a transaction, so nothing was read or changed: their record is written when the
 * answer has gone out, and a record that cannot be stored is logged rather than failing an
 * answer already sent. The operations probes (GET /healthz, /readyz, /metrics) are not audited:
 * they concern no patient and no caller, and a probe every few seconds would swamp the trail.
 * Requests that node's HTTP parser refuses before express sees them (headers too large, a
 * request line that is not HTTP) are recorded by `onClientError`, installed on the server.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { buildAuditEvent } from '../../audit/audit-event.js';
import type { AuditRecorder, TransactionOutcome } from '../../audit/ports.js';
import { ANONYMOUS } from '../../domain/security-context.js';
import { STATUS_CODES } from 'node:http';
import type { Logger } from '../../logging/logger.js';
import { correlationIdOf, type SoapLogInfo } from './request-log.js';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
const MAX_PATH_CHARS = 256;

/** Who records a request's AuditEvent: a route that claimed it, or the edge. */
type AuditClaim = 'route' | 'edge';

/**
 * Claims the request's audit record for the caller (a route that records it itself).
 * @param res - the response
 * @returns false when the edge has already recorded the request (the connection is gone):
 *   the caller must then not record, nor go on
 */
export function claimAudit(res: Response): boolean {
  if (res.locals.auditClaim === 'edge') return false;
  res.locals.auditClaim = 'route' satisfies AuditClaim;
  return true;
}

/** The edge audit: the middleware, and the server's clientError handler that goes with it. */
export interface EdgeAudit {
  /** Express middleware (after the request log, which sets the correlation id). */
  readonly middleware: (req: Request, res: Response, next: NextFunction) => void;
  /** For the HTTP server's 'clientError' event: answers as node would, and records the refusal. */
  readonly onClientError: (err: NodeJS.ErrnoException, socket: Socket) => void;
}

/**
 * Records each unclaimed request once, when its response finishes or its connection closes, and
 * each request that node's parser refused.
 * @param recorder - stores the records
 * @param log - for a record that could not be stored
 * @param clock - the time source
 */
export function edgeAudit(recorder: AuditRecorder, log: Logger, clock: () => Date = () => new Date()): EdgeAudit {
  // Connections with a request in express: a parser error there ends that request, which is recorded already.
  const busy = new WeakSet<Socket>();
  const store = (outcome: TransactionOutcome): void => {
    recorder.record(buildAuditEvent(outcome)).catch((e: unknown) => {
      log.error('the audit record of a request refused at the edge could not be stored', { correlationId: outcome.correlationId, error: (e as Error).message });
    });
  };
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'GET' && PROBES.has(req.path)) {
      next();
      return;
    }
    const started = clock();
    busy.add(req.socket);
    const done = (): void => {
      busy.delete(req.socket);
      if (res.locals.auditClaim !== undefined) return;
      res.locals.auditClaim = 'edge' satisfies AuditClaim;
      store(edgeOutcome(req, res, started));
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
  const onClientError = (err: NodeJS.ErrnoException, socket: Socket): void => {
    const status = answerAsNode(err, socket);
    if (err.code === 'ECONNRESET' || busy.has(socket)) return;
    store(parserRefusal(err, socket, status, clock()));
  };
  return { middleware, onClientError };
}

/** Answers a parser error as node's default handler does, then closes; returns the status sent. */
function answerAsNode(err: NodeJS.ErrnoException, socket: Socket): number | undefined {
  const status = CLIENT_ERROR_STATUS[err.code ?? ''] ?? 400;
  const answered = socket.writable && socket.bytesWritten === 0;
  if (answered) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
  return answered ? status : undefined;
}

function parserRefusal(err: NodeJS.ErrnoException, socket: Socket, status: number | undefined, recorded: Date): TransactionOutcome {
  return {
    transaction: 'HTTP', outcome: 'failure', recorded, security: ANONYMOUS, correlationId: randomUUID(),
    outcomeDescription: `the request could not be read (${err.code ?? err.message}): HTTP ${status ?? 'no answer'}`,
    ...(socket.remoteAddress ? { client: { address: socket.remoteAddress } } : {}),
    server: { endpoint: '(request not read)' },
  };
}

/** What node answers to its parser's errors (its own default 'clientError' behaviour). */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431, HPE_CHUNK_EXTENSIONS_OVERFLOW: 413, ERR_HTTP_REQUEST_TIMEOUT: 408,
};

function edgeOutcome(req: Request, res: Response, recorded: Date): TransactionOutcome {
  const soap = res.locals.soap as SoapLogInfo | undefined;
  const path = req.path.slice(0, MAX_PATH_CHARS);
  const status = res.statusCode;
  const finished = res.writableFinished;
  const errors = soap?.errors?.length ? ` (${soap.errors.join(', ')})` : '';
  const description = `${req.method} ${path}: HTTP ${status}${errors}${finished ? '' : '; the connection closed before the answer was complete'}`;
  return {
    transaction: soap?.transaction ?? (path.startsWith('/services/') ? 'SOAP' : 'HTTP'),
    outcome: !finished || status >= 400 ? (status === 401 || status === 403 ? 'refused' : 'failure') : 'success',
    outcomeDescription: description,
    recorded,
    security: ANONYMOUS,
    correlationId: correlationIdOf(res),
    ...(req.socket.remoteAddress ? { client: { address: req.socket.remoteAddress } } : {}),
    server: { endpoint: path },
  };
}
