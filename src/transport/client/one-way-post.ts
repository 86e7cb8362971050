/**
 * One-way SOAP delivery: POSTs a message (plain or MTOM, streamed) to an endpoint that answers
 * with an HTTP status only, such as the ReplyTo endpoint of an asynchronous exchange, which
 * acknowledges with 202 Accepted (WS-Addressing 1.0 SOAP Binding 5.2.2; ITI TF-2 Appendix V.5).
 * Each attempt has its own timeout. Failures where nothing can have been processed (no
 * connection, a bare 502/503/504) are retried a few times with a doubling back-off; a timeout
 * is not, because the peer may have taken the message and be slow to say so.
 */
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectionError, RemoteCallError } from './soap-exchange.js';

export interface OutboundMessage {
  readonly contentType: string;
  /** Byte length when known in advance (sent as Content-Length; otherwise chunked). */
  readonly length?: number;
  /** The bytes. Called once per attempt, so a retry reads attachments from their source again. */
  open(): AsyncIterable<Buffer>;
}

export interface DeliveryPolicy {
  /** Longest time one attempt may take, sending and waiting for the status included. */
  readonly timeoutMs: number;
  /** Further attempts after the first, for retryable failures only. */
  readonly retries: number;
  /** Wait before the first retry; doubles for each further one. */
  readonly backoffMs: number;
}

/** A delivered message: the peer's HTTP status (2xx) and how many attempts it took. */
export interface Delivery {
  readonly status: number;
  readonly attempts: number;
}

/**
 * Delivers a message.
 * @param url - the destination (http or https; checked by the caller)
 * @param message - content type and bytes
 * @param agent - the connection pool to use
 * @param policy - timeout and retries
 * @returns the status and attempt count
 * @throws RemoteCallError naming the last failure and the attempts made
 */
export async function postOneWay(url: URL, message: OutboundMessage, agent: http.Agent, policy: DeliveryPolicy): Promise<Delivery> {
  for (let n = 0; ; n++) {
    try {
      return { status: await attempt(url, message, agent, policy.timeoutMs), attempts: n + 1 };
    } catch (e) {
      const retryable = e instanceof RemoteCallError && e.retryable;
      if (!retryable || n >= policy.retries) {
        throw new RemoteCallError(`${(e as Error).message} (${n + 1} attempt${n ? 's' : ''})`, false);
      }
      await sleep(policy.backoffMs * 2 ** n);
    }
  }
}

async function attempt(url: URL, message: OutboundMessage, agent: http.Agent, timeoutMs: number): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const lib = url.protocol === 'https:' ? https : http;
    const headers: http.OutgoingHttpHeaders = { 'content-type': message.contentType };
    if (message.length !== undefined) headers['content-length'] = message.length;
    const req = lib.request(url, { method: 'POST', agent, signal: controller.signal, headers });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.once('error', reject);
    });
    answered.catch(() => undefined); // the pipeline reports the same error first
    await pipeline(Readable.from(message.open(), { objectMode: false }), req);
    const res = await answered;
    drainAcknowledgement(res);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return status;
    throw new RemoteCallError(`HTTP ${status}`, status === 502 || status === 503 || status === 504);
  } catch (e) {
    if (controller.signal.aborted) throw new RemoteCallError(`no answer within ${timeoutMs} ms`, false);
    if (e instanceof RemoteCallError) throw e;
    throw connectionError(e as NodeJS.ErrnoException);
  } finally {
    clearTimeout(timer);
  }
}

/** Most bytes of an acknowledgement's body read before the connection is dropped. */
const MAX_ACK_BYTES = 64 * 1024;

/**
 * The body of an acknowledgement is of no interest: it is drained so the socket can be reused,
 * but a peer that sends more than a short body (or never stops) loses the connection.
 */
function drainAcknowledgement(res: http.IncomingMessage): void {
  let read = 0;
  res.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > MAX_ACK_BYTES) res.destroy();
  });
  res.on('error', () => undefined);
}
