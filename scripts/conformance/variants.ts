/**
 * The two variants of a conformance run, each against a gateway of its own:
 *   plain  the gateway with XUA off; test ids as the testkit names them ("11897");
 *   xua    the gateway with XUA_MODE=required, pinning test keys made at run time; every
 *          ITI-18/43/38/39 step carries a signed ticket for its patient; ids "xua:11897", then
 *          the negative checks ("xua:ITI-18/no-ticket").
 * See docs/conformance.md "The XUA variant".
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { TEST_HOME_COMMUNITY_ID, TEST_REPOSITORY_UNIQUE_ID } from '../../src/config/schema.js';
import { startGatewayProcess } from '../../test/support/gateway-process.js';
import { NOT_APPLICABLE_UNDER_XUA } from './collections.js';
import { freshPatientId } from './engine.js';
import type { TestResult } from './results.js';
import { PATIENT_DOMAIN, runConformance, type RunOptions } from './run.js';
import { runXuaChecks } from './xua-checks.js';
import { XuaSender } from './xua-sender.js';
import { TicketBook, xuaGatewayEnv, xuaKeys } from './xua-tickets.js';

export type Variant = 'plain' | 'xua';
export const VARIANTS: readonly Variant[] = ['plain', 'xua'];
/** Prefix of the XUA variant's test and collection ids. */
export const XUA_PREFIX = 'xua:';

/**
 * The variants to run: as asked (--xua, --plain); both by default, but only the plain one
 * against a running gateway (--url), which has one XUA mode.
 * @param o - the command line's flags
 * @returns the variants, plain first
 */
export function variantsOf(o: { readonly xua: boolean; readonly plain: boolean; readonly url?: string | undefined }): Variant[] {
  if (o.xua !== o.plain) return [o.xua ? 'xua' : 'plain'];
  if (o.xua) return [...VARIANTS];
  return o.url ? ['plain'] : [...VARIANTS];
}

export interface VariantOptions {
  /** The project root; XUA keys and tickets go to .tmp/conformance/xua under it. */
  readonly root: string;
  /** A running gateway to test instead of starting one. */
  readonly url?: string;
  readonly testsDir: string;
  readonly collections: readonly string[];
  readonly tests: readonly string[];
  readonly onResult?: (r: TestResult) => void;
  /** Prints a note (which gateway, how many tickets). */
  readonly print: (line: string) => void;
}

export interface VariantRun {
  readonly gateway: string;
  readonly results: readonly TestResult[];
}

interface Gateway { readonly url: string; stop(): Promise<void> }

/** The gateway named by --url, or a fresh in-memory one (ihe-generic profile) with these settings. */
async function gateway(url: string | undefined, env: Record<string, string>): Promise<Gateway> {
  if (url) return { url: url.replace(/\/$/, ''), stop: async () => {} };
  const g = await startGatewayProcess({
    STORAGE_URL: 'memory:', METADATA_PROFILE: 'ihe-generic', LOG_LEVEL: 'error',
    HOME_COMMUNITY_ID: TEST_HOME_COMMUNITY_ID, REPOSITORY_UNIQUE_ID: TEST_REPOSITORY_UNIQUE_ID, ...env,
  });
  return { url: g.url, stop: () => g.stop() };
}

function runOptions(o: VariantOptions, baseUrl: string): RunOptions {
  return {
    baseUrl, testsDir: o.testsDir, collections: o.collections, tests: o.tests,
    homeCommunityId: TEST_HOME_COMMUNITY_ID, repositoryUniqueId: TEST_REPOSITORY_UNIQUE_ID,
    ...(o.onResult ? { onResult: o.onResult } : {}),
  };
}

/**
 * The plain variant: XUA off.
 * @param o - what to run
 * @returns the gateway's URL and the results
 */
export async function runPlain(o: VariantOptions): Promise<VariantRun> {
  const gw = await gateway(o.url, { XUA_MODE: 'off' });
  o.print(`Gateway ${gw.url}${o.url ? '' : ' (XUA off)'}; testkit ${o.testsDir}`);
  try {
    return { gateway: gw.url, results: await runConformance(runOptions(o, gw.url)) };
  } finally {
    await gw.stop();
  }
}

/**
 * The XUA variant: XUA required, every read step with a ticket, then the negative checks.
 * @param o - what to run
 * @returns the gateway's URL and the results (the checks last)
 */
export async function runXua(o: VariantOptions): Promise<VariantRun> {
  const dir = path.join(o.root, '.tmp', 'conformance', 'xua');
  const { keys, made } = xuaKeys(path.join(dir, 'keys'));
  const env = xuaGatewayEnv(keys);
  if (o.url) {
    // A running gateway cannot be told which keys to pin: say what it must be started with.
    o.print(`The gateway at ${o.url} must run with ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}${made ? ' (keys made just now)' : ''}`);
  }
  const gw = await gateway(o.url, env);
  o.print(`Gateway ${gw.url} (XUA required, test IdP ${keys.trusted.certPath})`);
  rmSync(path.join(dir, 'tickets'), { recursive: true, force: true });
  const book = new TicketBook(keys.trusted, { dir: path.join(dir, 'tickets') });
  const sender = new XuaSender(book);
  try {
    const results = await runConformance({ ...runOptions(o, gw.url), prefix: XUA_PREFIX, send: sender.send, notApplicable: NOT_APPLICABLE_UNDER_XUA });
    const collections = new Set(results.map((r) => r.collection.slice(XUA_PREFIX.length)));
    const checks = await runXuaChecks({
      baseUrl: gw.url, samples: sender.samples, book, collections, partial: o.tests.length > 0, otherPatient: () => freshPatientId(PATIENT_DOMAIN),
    });
    checks.forEach((r) => o.onResult?.(r));
    const c = sender.chosen;
    o.print(`XUA: ${book.signed} tickets signed (kept in ${path.relative(process.cwd(), path.join(dir, 'tickets'))}); `
      + `ticket patient = the patient the request names ${c.named}×, the owner of the objects it names ${c.objects}×, the test's patient ${c.test}×`);
    return { gateway: gw.url, results: [...results, ...checks] };
  } finally {
    await gw.stop();
  }
}
