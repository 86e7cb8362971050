/**
 * Everything the gateway reads at start, checked in one pass: the environment (and the
 * GATEWAY_CONFIG file) and the files it names — the XCA_COMMUNITIES file, the XUA_TRUST_DIR
 * certificates, the HelseID JWKS file and key folder. Every problem is reported at once, in the
 * same "SETTING: problem" form, so an operator fixes them all in one round. house-style A9.
 */
import { readFileSync } from 'node:fs';
import { loadCommunities } from './config/communities.js';
import { ConfigError, loadConfig } from './config/load.js';
import { ConfigSchema, TEST_HOME_COMMUNITY_ID, type Config } from './config/schema.js';
import { loadJwks, loadPemKeys } from './transport/security/jose.js';
import { xuaSettingsFromConfig } from './transport/security/xua-settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A problem of a file setting, as "SETTING: problem" (the loaders' messages may start with the setting's name). */
function fileProblem(setting: string, e: unknown): string[] {
  if (e instanceof ConfigError) return [...e.problems];
  const msg = e instanceof Error ? e.message : String(e);
  return [`${setting}: ${msg.startsWith(`${setting} `) ? msg.slice(setting.length + 1) : msg}`];
}

/**
 * The settings each valid on its own (environment first, then the GATEWAY_CONFIG file),
 * defaults for the others: lets the files be checked even when another setting is bad.
 */
function bestEffort(env: Env): Config {
  const shape = ConfigSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  let fromFile: Record<string, unknown> = {};
  try {
    // an unreadable GATEWAY_CONFIG file is already among the problems loadConfig reported
    if (env.GATEWAY_CONFIG) fromFile = JSON.parse(readFileSync(env.GATEWAY_CONFIG, 'utf8')) as Record<string, unknown>;
  } catch { /* reported */ }
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const raw = env[key] === undefined || env[key] === '' ? fromFile[key] : env[key];
    const r = schema.safeParse(raw);
    values[key] = r.success ? r.data : schema.safeParse(undefined).data;
  }
  values.HOME_COMMUNITY_ID ??= TEST_HOME_COMMUNITY_ID;
  return values as Config;
}

/**
 * The problems of the files the settings name.
 * @param config - the settings (valid, or the best effort when some are not)
 * @returns one line per problem, empty when all files are fine
 */
export function fileSettingProblems(config: Config): string[] {
  const problems: string[] = [];
  const check = (setting: string, fn: () => unknown): void => {
    try {
      fn();
    } catch (e) {
      problems.push(...fileProblem(setting, e));
    }
  };
  check('XCA_COMMUNITIES', () => loadCommunities(config.XCA_COMMUNITIES, config.HOME_COMMUNITY_ID));
  check('XUA_TRUST_DIR', () => xuaSettingsFromConfig(config));
  if (config.HELSEID_JWKS_FILE) check('HELSEID_JWKS_FILE', () => loadJwks(config.HELSEID_JWKS_FILE as string));
  if (config.HELSEID_KEYS_DIR) check('HELSEID_KEYS_DIR', () => loadPemKeys(config.HELSEID_KEYS_DIR as string));
  return problems;
}

/**
 * Reads and checks all settings and the files they name.
 * @param env - the environment, normally process.env
 * @returns the validated configuration
 * @throws ConfigError naming every problem, of the environment and of the files, at once
 */
export function loadCheckedConfig(env: Env): Config {
  let config: Config | undefined;
  let problems: string[] = [];
  try {
    config = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems = [...e.problems];
  }
  const fileProblems = fileSettingProblems(config ?? bestEffort(env));
  if (problems.length || fileProblems.length) throw new ConfigError([...problems, ...fileProblems]);
  return config as Config;
}

/** The settings an operator checks first, for the start-up line. */
export interface EffectiveSettings {
  readonly profile: Config['METADATA_PROFILE'];
  readonly xuaMode: Config['XUA_MODE'];
  readonly storage: 'embedded (file)' | 'embedded (memory)' | 'mongodb';
  readonly homeCommunityId: string;
  readonly repositoryUniqueId: string;
  /** homeCommunityIds of the XCA_COMMUNITIES file. */
  readonly communities: readonly string[];
  /** Settings that hold a test OID (under 2.999, the ITU-T example arc). */
  readonly testOids: readonly string[];
}

/** What the start-up line says about the configuration (never a secret: no URLs with credentials, no paths). */
export function effectiveSettings(config: Config): EffectiveSettings {
  const storage = config.STORAGE_URL.startsWith('mongodb') ? 'mongodb' : config.STORAGE_URL.startsWith('memory:') ? 'embedded (memory)' : 'embedded (file)';
  const isTest = (oid: string): boolean => /^(urn:oid:)?2\.999(\.|$)/.test(oid);
  return {
    profile: config.METADATA_PROFILE, xuaMode: config.XUA_MODE, storage,
    homeCommunityId: config.HOME_COMMUNITY_ID, repositoryUniqueId: config.REPOSITORY_UNIQUE_ID,
    communities: loadCommunities(config.XCA_COMMUNITIES, config.HOME_COMMUNITY_ID).map((c) => c.homeCommunityId),
    testOids: (['HOME_COMMUNITY_ID', 'REPOSITORY_UNIQUE_ID'] as const).filter((k) => isTest(config[k])),
  };
}
