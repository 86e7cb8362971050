/**
 * Starting and stopping the whole gateway: storage, services, the app and its HTTP server.
 * Used by main.ts and by integration tests and benchmarks. house-style A2 (main.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppDeps } from './app.js';
import type { Config } from './config/schema.js';
import type { Logger } from './logging/logger.js';
import { createServices } from './services/create-services.js';
import { openStorage } from './storage/open-storage.js';
import { createXcaOutbound } from './transport/client/xca-outbound.js';
import type { EdgeAudit } from './transport/http/edge-audit.js';
import { AsyncReplies } from './transport/soap/async-reply.js';
import { sweepOrphanParts } from './transport/soap/part-sink.js';
import { jwtSettingsFromConfig, type JwtSettings } from './transport/security/jwt.js';
import { xuaSettingsFromConfig, type XuaSettings } from './transport/security/xua-settings.js';
import type { Storage } from './storage/ports.js';
import { timedStore } from './storage/timed.js';
import { Metrics } from './transport/http/metrics.js';

const HEADERS_TIMEOUT_MS = 60_000;

export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly server: http.Server;
  /** Stops accepting, drains requests in flight, closes the stores. */
  close(): Promise<void>;
}

/**
 * Opens the storage named by STORAGE_URL, builds the services and app, and listens on HOST:PORT.
 * @param config - validated settings (PORT 0 picks a free port)
 * @param log - the process logger
 * @param overrides - test hooks passed on to buildApp (transaction rows, security check, audit store)
 * @returns the running gateway
 * @throws Error with a clear message for a bad XUA / HelseID setting or XCA_COMMUNITIES file
 */
export async function startGateway(config: Config, log: Logger,
  overrides: Pick<AppDeps, 'transactions' | 'soapSecurity' | 'auditStore'> = {}): Promise<RunningGateway> {
  const metrics = new Metrics();
  // Trust anchors, keys and the XCA_COMMUNITIES file are checked before storage opens: a bad one stops the start.
  const { xua, jwt } = securitySettings(config);
  const xca = createXcaOutbound(config, log, metrics);
  const swept = await sweepOrphanParts();
  if (swept) log.info('removed temp files of MTOM parts left by a stopped process', { files: swept });
  const storage = timedStorage(await openStorage(config.STORAGE_URL, {
    log, audit: { segmentBytes: config.AUDIT_SEGMENT_MB * 1024 * 1024, retentionDays: config.AUDIT_RETENTION_DAYS },
  }), metrics);
  try {
    const services = await createServices(config, storage, log, xca);
    const asyncReplies = new AsyncReplies(config, log.child({ component: 'async-reply' }));
    const lifecycle = { draining: false };
    const app = buildApp(config, { services, storage, log, asyncReplies, xua, jwt, metrics, lifecycle, ...overrides });
    const server = http.createServer(app);
    server.on('clientError', app.locals.onClientError as EdgeAudit['onClientError']);
    server.requestTimeout = config.REQUEST_TIMEOUT_MS;
    server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_MS);
    await listen(server, config.PORT, config.HOST);
    const { port } = server.address() as AddressInfo;
    const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
    const close = (): Promise<void> => {
      lifecycle.draining = true;
      return stop(server, storage, log, asyncReplies, config).finally(() => xca.close());
    };
    return { url: `http://${host}:${port}`, server, close };
  } catch (e) {
    xca.close();
    await closeStorage(storage, log);
    throw e;
  }
}

/** XUA (SAML) and HelseID (JWT) settings, their certificate and key files read now. */
function securitySettings(config: Config): { xua: XuaSettings; jwt: JwtSettings } {
  let xua: XuaSettings;
  try {
    xua = xuaSettingsFromConfig(config);
  } catch (e) {
    throw new Error(`invalid XUA settings: ${(e as Error).message}`);
  }
  try {
    return { xua, jwt: jwtSettingsFromConfig(config) };
  } catch (e) {
    throw new Error(`invalid HelseID settings (HELSEID_JWKS_FILE, HELSEID_KEYS_DIR): ${(e as Error).message}`);
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The stores, each call timed for the store latency metric. */
function timedStorage(storage: Storage, metrics: Metrics): Storage {
  const timer = (store: string) => (operation: string, seconds: number, failed: boolean) => metrics.recordStore(store, operation, seconds, failed);
  return {
    ...storage,
    metadata: timedStore(storage.metadata, timer('metadata')),
    documents: timedStore(storage.documents, timer('documents')),
    ...(storage.audit ? { audit: timedStore(storage.audit, timer('audit')) } : {}),
  };
}

/**
 * Stops: /readyz already answers 503 (draining); requests are still served for DRAIN_DELAY_MS so
 * that a load balancer sees it and sends no more, then the listener closes and requests in flight
 * get up to DRAIN_TIMEOUT_MS before their connections are closed.
 */
async function stop(server: http.Server, storage: Storage, log: Logger, asyncReplies: AsyncReplies, config: Config): Promise<void> {
  const drainMs = config.DRAIN_TIMEOUT_MS;
  if (config.DRAIN_DELAY_MS > 0) await new Promise((resolve) => setTimeout(resolve, config.DRAIN_DELAY_MS));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), drainMs); });
  if (await Promise.race([closed, deadline]) === 'late') {
    log.warn('requests still in flight after the drain period; closing their connections', { drainMs });
    server.closeAllConnections();
    await closed;
  }
  clearTimeout(timer);
  // accepted asynchronous requests still read the stores while their replies go out
  await asyncReplies.drain(drainMs);
  await closeStorage(storage, log);
}

async function closeStorage(storage: Storage, log: Logger): Promise<void> {
  const results = await Promise.allSettled([storage.metadata.close(), storage.documents.close(), storage.audit?.close?.(), storage.patients?.close?.()]);
  for (const r of results) {
    if (r.status === 'rejected') log.warn('closing a store failed', { error: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  }
}
