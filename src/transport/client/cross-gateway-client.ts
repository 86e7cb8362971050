/**
 * The outbound side of the XCA Initiating Gateway: ITI-38 and ITI-39 to one Responding Gateway
 * with that community's timeout, retries with back-off and TLS settings, the caller's SAML
 * assertion passed on. A community costs at most its timeout, all attempts included.
 * See ITI TF-2 3.38, 3.39; ihe-requirements.md §9.2; house-style A6 (outbound).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Community } from '../../config/communities.js';
import type { RetrievedDocument } from '../../domain/retrieve.js';
import type { DocumentContent } from '../../domain/submission.js';
import { SOAP_ACTION } from '../../domain/vocabulary.js';
import { adhocQueryRequestToEbrim, adhocQueryResponseFromEbrim } from '../../formats/ebrim/adhoc-query.js';
import { retrieveDocumentSetRequestToEbrim, retrieveDocumentSetResponseFromEbrim } from '../../formats/ebrim/retrieve-document-set.js';
import type { XmlElement } from '../../formats/xml/tree.js';
import type { Logger } from '../../logging/logger.js';
import type { CrossGatewayPort, OutboundCall, RemoteQueryAnswer, RemoteRetrieveAnswer } from '../../services/initiating-gateway.js';
import { newMessageId } from '../soap/addressing.js';
import { CommunityAgents } from './agents.js';
import { outboundEnvelope } from './outbound-envelope.js';
import { RemoteCallError, soapExchange, type ExchangeLimits, type ExchangeReply } from './soap-exchange.js';

export interface CrossGatewayClientOptions {
  readonly communities: readonly Community[];
  readonly limits: ExchangeLimits;
  readonly log: Logger;
  /**
   * Temp files of retrieved documents are removed once each document has been read; this is
   * the backstop for documents never sent on (the consumer went away).
   */
  readonly releaseAfterMs: number;
  /** Told of every exchange with a community: its time, all attempts included, and whether it failed (metrics). */
  readonly observe?: (community: string, transaction: 'ITI-38' | 'ITI-39', seconds: number, failed: boolean) => void;
}

export interface CrossGatewayClient extends CrossGatewayPort {
  /** Closes kept-alive connections. */
  close(): void;
}

/**
 * Runs attempts until one succeeds, the community's retries are used up, or its deadline
 * passes. Only failures where nothing was processed are retried (no connection, bare
 * 502/503/504); the back-off doubles each time and never runs past the deadline.
 */
async function withinDeadline<T>(c: Community, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = Date.now() + c.timeoutMs;
  for (let n = 0; ; n++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
    try {
      return await attempt(controller.signal);
    } catch (e) {
      if (controller.signal.aborted) throw new RemoteCallError(`no answer within ${c.timeoutMs} ms`, false);
      const wait = c.retryBackoffMs * 2 ** n;
      if (!(e instanceof RemoteCallError && e.retryable) || n >= c.retries || Date.now() + wait >= deadline) throw e;
      await sleep(wait);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Wraps content so that reading it to the end (or abandoning it) reports it as done. */
function readOnce(content: Pick<DocumentContent, 'size' | 'open'>, done: () => void): Pick<DocumentContent, 'size' | 'open'> {
  let reported = false;
  const finish = (): void => { if (!reported) { reported = true; done(); } };
  return {
    size: content.size,
    open: async function* () {
      try {
        yield* content.open();
      } finally {
        finish();
      }
    },
  };
}

/**
 * Documents whose temp files go when the last of them has been read, or after `backstopMs`.
 * The transport reads each document once, while writing the response to the consumer.
 */
function releasing(documents: readonly RetrievedDocument[], cleanup: () => Promise<void>, backstopMs: number): RetrievedDocument[] {
  if (documents.length === 0) {
    void cleanup();
    return [];
  }
  let pending = documents.length;
  const timer = setTimeout(() => void cleanup(), backstopMs);
  timer.unref();
  const done = (): void => {
    pending -= 1;
    if (pending > 0) return;
    clearTimeout(timer);
    void cleanup();
  };
  return documents.map((d) => ({ ...d, content: readOnce(d.content, done) }));
}

function queryAnswer(body: XmlElement): RemoteQueryAnswer {
  const r = adhocQueryResponseFromEbrim(body);
  return { status: r.status, issues: [...r.issues, ...r.decodeIssues], objects: r.objects, refs: r.refs };
}

function retrieveAnswer(reply: ExchangeReply, backstopMs: number): RemoteRetrieveAnswer {
  const r = retrieveDocumentSetResponseFromEbrim(reply.body);
  const documents: RetrievedDocument[] = [];
  for (const d of r.documents) {
    if (!d.content) continue; // reported among decodeIssues
    documents.push({
      ...(d.homeCommunityId ? { homeCommunityId: d.homeCommunityId } : {}),
      repositoryUniqueId: d.repositoryUniqueId, documentUniqueId: d.documentUniqueId, mimeType: d.mimeType, content: d.content,
    });
  }
  return { status: r.status, issues: [...r.issues, ...r.decodeIssues], documents: releasing(documents, () => reply.cleanup(), backstopMs) };
}

/**
 * @param opts - communities (for their agents), size limits, logger, temp-file backstop
 * @returns the client the Initiating Gateway service calls
 * @throws ConfigError when a community's certificate files cannot be read
 */
export function createCrossGatewayClient(opts: CrossGatewayClientOptions): CrossGatewayClient {
  const agents = new CommunityAgents(opts.communities);

  const exchange = async (c: Community, endpoint: string, action: string, body: string, mtom: boolean, call: OutboundCall): Promise<ExchangeReply> => {
    // ITI-39 documents are relayed as they arrive; the deadline covers the envelope, an idle
    // timeout (the community's timeout) each document after it.
    const parts = mtom ? { stream: true, idleMs: c.timeoutMs } : undefined;
    const url = new URL(endpoint);
    const started = performance.now();
    const log = { correlationId: call.correlationId, community: c.homeCommunityId, action };
    try {
      const reply = await withinDeadline(c, (signal) => soapExchange({
        url, agent: agents.agentFor(c.homeCommunityId, url), action, mtom, signal, limits: opts.limits, ...(parts ? { parts } : {}),
        envelope: outboundEnvelope({ action, to: endpoint, messageId: newMessageId(), body, samlAssertion: call.samlAssertion }),
      }));
      opts.log.debug('community answered', { ...log, ms: Math.round(performance.now() - started) });
      opts.observe?.(c.homeCommunityId, action === SOAP_ACTION.crossGatewayQuery ? 'ITI-38' : 'ITI-39', (performance.now() - started) / 1000, false);
      return reply;
    } catch (e) {
      opts.log.debug('community failed', { ...log, ms: Math.round(performance.now() - started), error: (e as Error).message });
      opts.observe?.(c.homeCommunityId, action === SOAP_ACTION.crossGatewayQuery ? 'ITI-38' : 'ITI-39', (performance.now() - started) / 1000, true);
      throw e;
    }
  };

  return {
    query: async (c, request, call) => {
      const reply = await exchange(c, c.queryUrl, SOAP_ACTION.crossGatewayQuery, adhocQueryRequestToEbrim(request), false, call);
      try {
        return queryAnswer(reply.body);
      } finally {
        await reply.cleanup();
      }
    },
    retrieve: async (c, requests, call) => {
      // ITI-39 goes out as MTOM, as Java responding gateways (and Norsk helsenett) expect.
      const reply = await exchange(c, c.retrieveUrl, SOAP_ACTION.crossGatewayRetrieve, retrieveDocumentSetRequestToEbrim(requests), true, call);
      try {
        return retrieveAnswer(reply, opts.releaseAfterMs);
      } catch (e) {
        await reply.cleanup();
        throw e;
      }
    },
    close: () => agents.destroy(),
  };
}
