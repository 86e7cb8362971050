/**
 * The Asynchronous Web Services Exchange after the HTTP 202: runs the admitted request, then
 * sends its response as a new SOAP request to the wsa:ReplyTo address (a fault to wsa:FaultTo,
 * else ReplyTo), with wsa:RelatesTo = the request's MessageID, wsa:To = the address and the
 * EPR's reference parameters echoed. ITI TF-2 Appendix V.5, 3.38.1, 3.39.1; WS-Addressing 1.0
 * SOAP Binding 2.3, 5.2.2.
 *
 * Nothing the consumer does can crash the gateway here: an unreachable reply endpoint is
 * retried a little, then logged. Pending replies are bounded (new asynchronous requests are
 * refused when full) and drained on shutdown.
 */
import http from 'node:http';
import https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../logging/logger.js';
import { postOneWay, type DeliveryPolicy, type OutboundMessage } from '../client/one-way-post.js';
import { replyAddressing, type EndpointReference } from './addressing.js';
import { runAdmitted, type AdmittedSoap, type SoapOutcome } from './dispatch.js';
import type { AsyncReplyRoute } from './reply-route.js';
import { faultEnvelope, serializeResponse } from './response-writer.js';

/** Replies being worked on at once; beyond this, asynchronous requests get a fault (back-pressure). */
const MAX_PENDING = 64;
/** Retries of a reply whose endpoint could not be reached, and the first back-off. */
const RETRIES = 2;
const BACKOFF_MS = 500;

/** One accepted request: what to run, and what to release once its reply is out. */
export interface AsyncJob {
  readonly admitted: AdmittedSoap;
  readonly route: AsyncReplyRoute;
  /** The request came as MTOM (the response then goes as MTOM too). */
  readonly requestMtom: boolean;
  /** Releases the request's temp files. */
  cleanup(): Promise<void>;
}

/** Runs accepted asynchronous requests and delivers their replies. */
export class AsyncReplies {
  private readonly pending = new Set<Promise<void>>();
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };
  private readonly policy: DeliveryPolicy;

  /**
   * @param config - XCA_ASYNC_REPLY_TIMEOUT_MS
   * @param log - the process logger
   * @param policy - overrides of the delivery timeout and retries (tests)
   */
  constructor(config: Config, private readonly log: Logger, policy: Partial<DeliveryPolicy> = {}) {
    this.policy = { timeoutMs: config.XCA_ASYNC_REPLY_TIMEOUT_MS, retries: RETRIES, backoffMs: BACKOFF_MS, ...policy };
  }

  /** True when no further request can be taken on; check before answering 202. */
  get full(): boolean {
    return this.pending.size >= MAX_PENDING;
  }

  /**
   * Starts a job in the background. Never throws, and the job never rejects.
   * @param job - the accepted request
   */
  submit(job: AsyncJob): void {
    const work = this.process(job)
      .catch((e: unknown) => this.log.error('asynchronous reply failed', { correlationId: job.admitted.ctx.correlationId, error: e instanceof Error ? e.stack : String(e) }))
      .finally(() => { this.pending.delete(work); });
    this.pending.add(work);
  }

  /**
   * Waits for pending replies, at most `ms`; then closes kept-alive connections.
   * @param ms - the longest wait
   */
  async drain(ms: number): Promise<void> {
    if (this.pending.size) {
      const all = Promise.allSettled([...this.pending]).then(() => 'done' as const);
      if (await Promise.race([all, delay(ms, 'late' as const, { ref: false })]) === 'late') {
        this.log.warn('asynchronous replies still pending at shutdown', { pending: this.pending.size });
      }
    }
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async process(job: AsyncJob): Promise<void> {
    try {
      const outcome = await runAdmitted(job.admitted, this.log);
      await this.deliver(job, outcome);
    } finally {
      await job.cleanup();
    }
  }

  private async deliver(job: AsyncJob, outcome: SoapOutcome): Promise<void> {
    const correlationId = job.admitted.ctx.correlationId;
    const fields = { correlationId, transaction: job.admitted.transaction.id, outcome: outcome.label };
    const target = outcome.kind === 'fault' ? job.route.faultTo : job.route.replyTo;
    if (!target) {
      this.log.warn('a fault after the 202 has no FaultTo address to go to', { ...fields, fault: outcome.kind === 'fault' ? outcome.fault.id : undefined });
      return;
    }
    const url = new URL(target.address);
    // the address may carry identifiers in its path or query: log only where it points
    const to = url.origin;
    const message = await replyMessage(outcome, target, job);
    try {
      const agent = url.protocol === 'https:' ? this.agents.https : this.agents.http;
      const done = await postOneWay(url, message, agent, this.policy);
      this.log.info('asynchronous reply delivered', { ...fields, to, status: done.status, attempts: done.attempts });
    } catch (e) {
      this.log.warn('asynchronous reply could not be delivered', { ...fields, to, error: (e as Error).message });
    }
  }
}

/**
 * The reply as a new request to `target`. Small messages are collected, so that they go with
 * a Content-Length; those carrying documents stream.
 */
async function replyMessage(outcome: SoapOutcome, target: EndpointReference, job: AsyncJob): Promise<OutboundMessage> {
  const relatesTo = job.route.relatesTo;
  if (outcome.kind === 'fault') {
    const { contentType, text } = faultEnvelope(outcome.fault, replyAddressing(outcome.fault.action, relatesTo, target));
    return fixed(contentType, Buffer.from(text, 'utf8'));
  }
  const mtom = job.requestMtom || outcome.transaction.alwaysMtom === true;
  const message = serializeResponse(outcome, mtom, replyAddressing(outcome.action, relatesTo, target));
  if (message.streamed) return { contentType: message.contentType, open: () => message.open() };
  const chunks: Buffer[] = [];
  for await (const c of message.open()) chunks.push(c);
  return fixed(message.contentType, Buffer.concat(chunks));
}

function fixed(contentType: string, bytes: Buffer): OutboundMessage {
  return { contentType, length: bytes.length, open: async function* () { yield bytes; } };
}
