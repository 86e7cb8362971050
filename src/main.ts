/**
 * The gateway process: load config → open storage → build app → listen; SIGTERM/SIGINT stop
 * accepting, drain, close storage and exit 0. A bad setting, or a bad file a setting names,
 * prints every problem at once and exits 1. The listening line carries the effective settings.
 * house-style A2 (main.ts), A9; interface.md "Start". Tests and benchmarks import startGateway
 * from gateway.ts (importing this file would start a server).
 */
import { ConfigError } from './config/load.js';
import type { Config } from './config/schema.js';
import { startGateway } from './gateway.js';
import { createLogger } from './logging/logger.js';
import { effectiveSettings, loadCheckedConfig } from './startup-checks.js';

function readConfig(): Config {
  try {
    return loadCheckedConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.LOG_LEVEL, { service: 'gateway' });
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection', { error: reason instanceof Error ? reason.stack : String(reason) });
  });
  let gateway;
  try {
    gateway = await startGateway(config, log);
  } catch (e) {
    log.error('the gateway could not start', { error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    gateway.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error('stopping failed', { error: e instanceof Error ? e.message : String(e) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  const settings = effectiveSettings(config);
  if (settings.testOids.length) {
    log.warn('test OIDs (under 2.999) in use: set your own for a real installation', { settings: settings.testOids });
  }
  // only now: whoever waits for this line may signal at once
  log.info('listening', { url: gateway.url, ...settings });
}

await main();
