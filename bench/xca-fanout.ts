/**
 * XCA fan-out latency: an ITI-18 FindDocuments sent to the initiating gateway (its own
 * process, as `npm start` runs it) that fans out to 10 communities, each a small local HTTP
 * peer answering ITI-38 with a canned AdhocQueryResponse after 50 ms. Goal: under 80 ms in
 * total (the slowest community plus a small overhead). Then the same with one community
 * dead: refusing connections, and accepting them but never answering (it must cost no more
 * than its timeout).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adhocQueryResponseToEbrim } from '../src/formats/ebrim/adhoc-query.js';
import { aDocumentEntry } from '../test/support/builders.js';
import { freePort, startGatewayProcess } from '../test/support/gateway-process.js';
import { callSoap } from '../test/support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX } from '../test/support/xds-messages.js';
import { median, percentile, round } from './lib/stats.js';
import { SOAP_ACTION } from '../src/domain/vocabulary.js';

const QUERY = SOAP_ACTION.registryStoredQuery;
const PEER_DELAY_MS = Number(process.env.PEER_DELAY_MS ?? 50);
const COMMUNITIES = 10;
const DEAD_TIMEOUT_MS = 200;

export interface FanoutResult {
  /** Median and 90th percentile of the whole ITI-18 round trip, all 10 communities alive. */
  readonly medianMs: number;
  readonly p90Ms: number;
  /** Median with one community refusing connections (fails at once, retries included). */
  readonly refusedMedianMs: number;
  /** Median with one community accepting but never answering, its timeout DEAD_TIMEOUT_MS. */
  readonly hangingMedianMs: number;
  readonly hangingTimeoutMs: number;
  /** Entries merged per answer (2 per community), to show the answers were complete. */
  readonly entries: number;
}

interface Peer { readonly url: string; close(): Promise<void> }

/** A community answering every ITI-38 with the same response after `delayMs` (never, when null). */
async function cannedPeer(n: number, delayMs: number | null): Promise<Peer> {
  const home = `urn:oid:2.999.88.${n}`;
  const objects = { submissionSets: [], documentEntries: [aDocumentEntry(), aDocumentEntry()], folders: [], associations: [] };
  const body = adhocQueryResponseToEbrim({ status: 'Success', issues: [], result: { returnType: 'LeafClass', objects }, homeCommunityId: home });
  const envelope = '<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"'
    + ' xmlns:wsa="http://www.w3.org/2005/08/addressing"><env:Header><wsa:Action>urn:ihe:iti:2007:CrossGatewayQueryResponse</wsa:Action>'
    + `</env:Header><env:Body>${body}</env:Body></env:Envelope>`;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (delayMs === null) return;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/soap+xml; charset=UTF-8' }).end(envelope), delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/xca`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

function communitiesFile(dir: string, name: string, urls: readonly string[], timeoutMs: number): string {
  const file = path.join(dir, `${name}.json`);
  const communities = urls.map((url, i) => ({ homeCommunityId: `urn:oid:2.999.88.${i + 1}`, url, timeoutMs, retries: 1, retryBackoffMs: 20 }));
  writeFileSync(file, JSON.stringify({ communities }));
  return file;
}

/** Round-trip times of `runs` sequential FindDocuments through the gateway's /services/ig. */
async function timeQueries(igUrl: string, runs: number): Promise<{ times: number[]; entries: number }> {
  const body = findDocumentsRequest(NORWEGIAN_PATIENT_CX);
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await callSoap(`${igUrl}/services/ig`, QUERY, body);
    times.push(performance.now() - started);
    entries = (res.envelope.match(/<(?:\w+:)?ExtrinsicObject\b/g) ?? []).length;
  }
  return { times, entries };
}

async function withInitiatingGateway<T>(file: string, fn: (url: string) => Promise<T>): Promise<T> {
  const g = await startGatewayProcess({ STORAGE_URL: 'memory:', XCA_COMMUNITIES: file, HOME_COMMUNITY_ID: 'urn:oid:2.999.88.100' });
  try {
    return await fn(g.url);
  } finally {
    await g.stop();
  }
}

/**
 * Runs the fan-out benchmark.
 * @param opts - runs per case (after 10 warm-up requests) and where to print
 * @returns medians in ms
 */
export async function measureFanout(opts: { runs?: number; log?: (line: string) => void } = {}): Promise<FanoutResult> {
  const runs = opts.runs ?? 40;
  const log = opts.log ?? ((l: string) => console.log(l));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xca-fanout-'));
  const peers = await Promise.all(Array.from({ length: COMMUNITIES }, (_, i) => cannedPeer(i + 1, PEER_DELAY_MS)));
  const hanging = await cannedPeer(99, null);
  try {
    const live = peers.map((p) => p.url);
    const alive = await withInitiatingGateway(communitiesFile(dir, 'alive', live, 1000), async (url) => {
      await timeQueries(url, 10);
      return timeQueries(url, runs);
    });
    const refusedUrl = `http://127.0.0.1:${await freePort()}/services/xca`;
    const refused = await withInitiatingGateway(communitiesFile(dir, 'refused', [...live.slice(1), refusedUrl], 1000), async (url) => {
      await timeQueries(url, 5);
      return timeQueries(url, Math.ceil(runs / 2));
    });
    const stalled = await withInitiatingGateway(communitiesFile(dir, 'hanging', [...live.slice(1), hanging.url], DEAD_TIMEOUT_MS), async (url) => {
      await timeQueries(url, 3);
      return timeQueries(url, Math.ceil(runs / 4));
    });
    const result: FanoutResult = {
      medianMs: round(median(alive.times), 1), p90Ms: round(percentile(alive.times, 90), 1),
      refusedMedianMs: round(median(refused.times), 1), hangingMedianMs: round(median(stalled.times), 1),
      hangingTimeoutMs: DEAD_TIMEOUT_MS, entries: alive.entries,
    };
    log(`xca fan-out to ${COMMUNITIES} communities answering in ${PEER_DELAY_MS} ms: median ${result.medianMs} ms, p90 ${result.p90Ms} ms (goal < 80), ${result.entries} entries merged`);
    log(`  one community refusing connections: median ${result.refusedMedianMs} ms`);
    log(`  one community never answering (timeout ${DEAD_TIMEOUT_MS} ms): median ${result.hangingMedianMs} ms (goal ≈ timeout)`);
    return result;
  } finally {
    await Promise.all([...peers, hanging].map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  measureFanout().catch((e: unknown) => { console.error(e); process.exit(1); });
}
