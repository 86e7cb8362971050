/**
 * XCA test set-up: whole gateways on loopback (startGateway, in-memory store), each its own
 * community with its own HOME_COMMUNITY_ID and REPOSITORY_UNIQUE_ID, loaded through ITI-41;
 * an initiating gateway in front, configured by an XCA_COMMUNITIES file; and a small HTTP
 * relay that can delay, count and record what passes to a community.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../src/logging/logger.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { callSoap, errorCodes, type SoapResult } from '../../support/soap-client.js';
import { freshOid, provideAndRegisterRequest, submitObjectsRequest } from '../../support/xds-messages.js';
import { ACTION } from '../../support/soap-actions.js';
import { testConfig } from '../../support/test-config.js';

export { ACTION };

const LOG = createLogger('silent');

export interface Community {
  readonly home: string;
  readonly repository: string;
  readonly gateway: RunningGateway;
  /** Documents stored here: uniqueId → bytes. */
  readonly documents: Map<string, Buffer>;
}

/** Starts a gateway as community `n` (homeCommunityId urn:oid:2.999.77.n). */
export async function startCommunity(n: number, settings: Record<string, string> = {}): Promise<Community> {
  const home = `urn:oid:2.999.77.${n}`;
  const repository = `2.999.77.${n}.1`;
  const config = testConfig({ HOME_COMMUNITY_ID: home, REPOSITORY_UNIQUE_ID: repository, ...settings });
  const gateway = await startGateway(config, LOG);
  return { home, repository, gateway, documents: new Map() };
}

/** Provides one document for the patient through ITI-41; returns its uniqueId. */
export async function provide(c: Community, text: string, patientId = '13116900216'): Promise<string> {
  const { xml, documentUniqueId } = submitObjectsRequest({ patientId, mimeType: 'text/plain' });
  const bytes = Buffer.from(text, 'utf8');
  const res = await callSoap(`${c.gateway.url}/services/repository`, ACTION.pnr, provideAndRegisterRequest(xml, { inline: bytes }));
  if (!res.envelope.includes('ResponseStatusType:Success')) throw new Error(`ITI-41 failed: ${errorCodes(res.envelope).join(', ')}`);
  c.documents.set(documentUniqueId, bytes);
  return documentUniqueId;
}

export interface CommunityEntry {
  readonly homeCommunityId: string;
  readonly url: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly retryBackoffMs?: number;
  readonly maxDocumentsPerRetrieve?: number;
}

/** Writes an XCA_COMMUNITIES file; returns its path. */
export function communitiesFile(entries: readonly CommunityEntry[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xca-communities-'));
  const file = path.join(dir, 'communities.json');
  writeFileSync(file, JSON.stringify({ communities: entries }));
  return file;
}

/** Starts an initiating gateway (itself community 100) in front of the given communities. */
export async function startInitiatingGateway(entries: readonly CommunityEntry[]): Promise<Community> {
  return startCommunity(100, { XCA_COMMUNITIES: communitiesFile(entries) });
}

/** A relay in front of a community: delays each request, counts and keeps what it forwards. */
export interface Relay {
  readonly url: string;
  readonly received: string[];
  delayMs: number;
  close(): Promise<void>;
}

/**
 * Starts a relay to `target`. The delay stands for a slow network or peer; it is a real HTTP
 * hop, so the initiating gateway's timeout is exercised exactly as against a slow community.
 */
export async function startRelay(target: string, delayMs = 0): Promise<Relay> {
  const received: string[] = [];
  const relay: Relay = { url: '', received, delayMs, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push(body.toString('utf8'));
      setTimeout(() => forward(target, req, body, res), relay.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(relay, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
  return relay;
}

function forward(target: string, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  if (res.destroyed) return;
  const out = http.request(`${target}${req.url ?? ''}`, {
    method: req.method, headers: { 'content-type': req.headers['content-type'] ?? '', 'content-length': body.length },
  }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? '' });
    answer.pipe(res);
  });
  out.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  out.end(body);
}

/** `home` attributes of every ExtrinsicObject in a response, by document uniqueId. */
export function homesByUniqueId(envelope: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of envelope.matchAll(/<(?:\w+:)?ExtrinsicObject\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?ExtrinsicObject>/g)) {
    const home = /\shome="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '';
    const uid = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab"[^>]*\svalue="([^"]*)"|\svalue="([^"]*)"[^>]*identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab"/.exec(m[2] ?? '');
    out.set(uid?.[1] ?? uid?.[2] ?? '?', home);
  }
  return out;
}

/** A RegistryError's attributes, for each one in a response. */
export function registryErrors(envelope: string): { code: string; location: string; severity: string }[] {
  return [...envelope.matchAll(/<(?:\w+:)?RegistryError\b([^>]*)\/?>/g)].map((m) => ({
    code: /errorCode="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '',
    location: /location="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '',
    severity: /severity="[^"]*:(\w+)"/.exec(m[1] ?? '')?.[1] ?? '',
  }));
}

/** The status keyword of a response (Success, PartialSuccess, Failure). */
export function statusOf(res: SoapResult): string {
  return /status="[^"]*:(Success|PartialSuccess|Failure)"/.exec(res.envelope)?.[1] ?? '?';
}

export { freshOid };
