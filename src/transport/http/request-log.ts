/**
 * The request log: one JSON line per request with a correlation id (taken from
 * X-Correlation-ID when it is sane, else the trace id of a W3C traceparent, else generated, and
 * echoed back), the trace and parent span of a traceparent, method, path (never the query
 * string, which may carry patient ids), SOAP action and wsa:MessageID, the caller kind, the
 * failed rule ids, status, duration and bytes (body bytes read, bytes written). Probes
 * (/healthz, /readyz, /metrics) are logged at debug, so they do not drown the log. Feeds the
 * metrics too. house-style A6 (operations), interface.md "Operations".
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from './metrics.js';

const CORRELATION_HEADER = 'X-Correlation-ID';
/** Correlation ids accepted from clients: short, no spaces or control characters (no log injection). */
const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
/** W3C Trace Context `traceparent`, version 00 (and later versions read the same way); §3.2. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const PROBES = new Set(['healthz', 'readyz', 'metrics']);

/**
 * The trace and parent span ids of a traceparent header; undefined when absent or invalid
 * (version ff, all-zero ids, a version-00 header with extra fields: W3C Trace Context §3.2.2).
 */
export function readTraceparent(header: unknown): { traceId: string; parentSpanId: string } | undefined {
  if (typeof header !== 'string') return undefined;
  const m = TRACEPARENT.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, parentSpanId] = m as unknown as [string, string, string, string];
  if (version === 'ff' || (version === '00' && header.trim().length !== 55)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return undefined;
  return { traceId, parentSpanId };
}

/** What the SOAP route tells the log about a request (res.locals.soap). */
export interface SoapLogInfo {
  action?: string;
  /** The request's wsa:MessageID. */
  messageId?: string;
  /** Who asked: anonymous, health-personnel, citizen or system (once the security check has run). */
  caller?: string;
  transaction?: string;
  outcome?: string;
  /** Catalogue ids of the problems, a profile rule by its rule id; each once. */
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
    const trace = readTraceparent(req.headers.traceparent);
    const correlationId = typeof sent === 'string' && SAFE_ID.test(sent) ? sent : trace?.traceId ?? randomUUID();
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
      (PROBES.has(route) ? log.debug : log.info)('request', {
        correlationId, traceId: trace?.traceId, parentSpanId: trace?.parentSpanId, method: req.method, path: req.path,
        action: soap?.action, messageId: soap?.messageId, transaction: soap?.transaction, caller: soap?.caller,
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
