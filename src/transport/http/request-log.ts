/**
 * The request log: one JSON line per request with a correlation id (taken from
 * X-Correlation-ID when it is sane, generated otherwise, and echoed back), method, path
 * (never the query string, which may carry patient ids), SOAP action, status, duration and
 * bytes (body bytes read, bytes written). Feeds the metrics too. house-style A6 (operations), interface.md "Operations".
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from './metrics.js';

const CORRELATION_HEADER = 'X-Correlation-ID';
/** Correlation ids accepted from clients: short, no spaces or control characters (no log injection). */
const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** What the SOAP route tells the log about a request (res.locals.soap). */
export interface SoapLogInfo {
  action?: string;
  transaction?: string;
  outcome?: string;
  errors?: readonly string[];
  /** Body bytes read so far. */
  bytesIn?: number;
}

/**
 * The correlation id of a request, as set by the request log.
 * @param res - the response whose locals hold it
 */
export function correlationIdOf(res: Response): string {
  return String(res.locals.correlationId ?? '');
}

/**
 * Middleware: assigns the correlation id and logs the request when it ends.
 * @param log - the process logger
 * @param metrics - the metrics registry
 */
export function requestLog(log: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const sent = req.headers['x-correlation-id'];
    const correlationId = typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
    res.locals.correlationId = correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    const socket = req.socket;
    const written0 = socket.bytesWritten;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const ms = performance.now() - started;
      const soap = res.locals.soap as SoapLogInfo | undefined;
      const route = (res.locals.route as string | undefined) ?? 'other';
      metrics.recordHttp(route, res.statusCode);
      if (soap) metrics.recordSoap(soap.transaction ?? 'none', soap.outcome ?? 'unknown', ms / 1000);
      log.info('request', {
        correlationId, method: req.method, path: req.path, action: soap?.action, transaction: soap?.transaction,
        outcome: soap?.outcome, errors: soap?.errors?.length ? soap.errors : undefined, status: res.statusCode,
        durationMs: Math.round(ms * 10) / 10, bytesIn: soap?.bytesIn ?? (Number(req.headers['content-length']) || 0), bytesOut: socket.bytesWritten - written0,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
