import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { withDatabase } from '../../src/storage/mongodb/url.js';

/**
 * The STORAGE_URL tests run against: `memory:` unless TEST_STORAGE_URL names another store;
 * a mongodb:// one gets a fresh database on every call, so each test's store starts empty.
 * @param env - the environment
 * @returns a STORAGE_URL
 */
export function testStorageUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.TEST_STORAGE_URL;
  if (!url) return 'memory:';
  return /^mongodb(\+srv)?:\/\//.test(url) ? withDatabase(url, `test_${randomUUID().slice(0, 12)}`) : url;
}

/**
 * The configuration used by tests: in-memory store (or TEST_STORAGE_URL, to run them on
 * MongoDB), ephemeral port, XUA off, quiet logs.
 * @param overrides - settings to change, by name
 * @returns the validated configuration
 */
export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  return loadConfig({ PORT: '0', STORAGE_URL: testStorageUrl(), XUA_MODE: 'off', LOG_LEVEL: 'silent', ...overrides });
}
