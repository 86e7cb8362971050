/**
 * Operations endpoints: GET /healthz (the process answers), GET /readyz (both stores answer
 * their ping, and the gateway is not stopping), GET /metrics (Prometheus text). interface.md "Operations".
 */
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import type { Storage } from '../../storage/ports.js';
import type { Metrics } from './metrics.js';

/** How long /readyz waits for a store before calling it unreachable. */
const PING_TIMEOUT_MS = 2_000;

/**
 * @param storage - the stores to ping
 * @param metrics - the metrics registry
 * @param log - logger for ping failures (whose messages may name hosts, so they stay in the log)
 * @param lifecycle - draining once a stop has begun
 */
export function opsRouter(storage: Storage, metrics: Metrics, log: Logger, lifecycle: { readonly draining: boolean } = { draining: false }): Router {
  const router = Router();
  router.get('/healthz', (_req: Request, res: Response) => {
    res.locals.route = 'healthz';
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req: Request, res: Response) => {
    res.locals.route = 'readyz';
    if (lifecycle.draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const checks = await Promise.all([
      ping('metadata', () => storage.metadata.ping(), log),
      ping('documents', () => storage.documents.ping(), log),
    ]);
    const failing = checks.filter((c) => c !== undefined);
    res.status(failing.length ? 503 : 200).json(failing.length ? { status: 'unavailable', failing } : { status: 'ready' });
  });
  router.get('/metrics', async (_req: Request, res: Response) => {
    res.locals.route = 'metrics';
    res.type(metrics.contentType).send(await metrics.render());
  });
  return router;
}

/** Resolves to the store's name when it fails or does not answer in time, undefined when it is fine. */
async function ping(name: string, fn: () => Promise<void>, log: Logger): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS); }),
    ]);
    return undefined;
  } catch (e) {
    log.warn('store not ready', { store: name, error: e instanceof Error ? e.message : String(e) });
    return name;
  } finally {
    clearTimeout(timer);
  }
}
