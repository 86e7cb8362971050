import { readFileSync } from 'node:fs';
import { ConfigSchema, type Config } from './schema.js';

const SECRET = /SECRET|PASSWORD|TOKEN|KEY/i;

/** A configuration problem, one line per bad setting, safe to print. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the settings: the file named by GATEWAY_CONFIG (JSON object of settings) first,
 * then the environment, which wins.
 * @param env - the environment, normally process.env
 * @returns the validated configuration
 * @throws ConfigError naming every bad value at once
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  let fileValues: Record<string, unknown> = {};
  const file = env.GATEWAY_CONFIG;
  if (file) {
    try {
      fileValues = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError([`GATEWAY_CONFIG: cannot read ${file} as JSON: ${(e as Error).message}`]);
    }
  }
  const known = Object.keys(ConfigSchema.shape);
  const input: Record<string, unknown> = { ...fileValues };
  for (const k of known) if (env[k] !== undefined && env[k] !== '') input[k] = env[k];
  const r = ConfigSchema.safeParse(input);
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => {
    const name = String(i.path[0] ?? '?');
    const raw = input[name];
    const shown = raw === undefined ? 'nothing' : SECRET.test(name) ? '***' : JSON.stringify(raw);
    return `${name}: got ${shown}, expected ${i.message}`;
  }));
}
