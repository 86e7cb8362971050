/**
 * `npm run conformance`: runs the NIST XDS Toolkit test plans against the gateway, without the
 * toolkit. Starts the gateway (embedded in-memory store, ihe-generic profile, XUA off) unless
 * --url names a running one, runs the chosen collections, prints one line per test and section,
 * a summary per collection and "N passed, M failed", writes a JSON report, and exits non-zero
 * when a test listed in conformance/expected-passes.json no longer passes.
 *
 * Usage: npm run conformance -- [--collection registry,repository,responding-gateway,initiating-gateway]
 *          [--test 11966 ...] [--url http://127.0.0.1:8080] [--testkit DIR] [--json FILE]
 *          [--expected FILE] [--update-expected] [--quiet]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TEST_HOME_COMMUNITY_ID, TEST_REPOSITORY_UNIQUE_ID } from '../src/config/schema.js';
import { startGatewayProcess, type GatewayProcess } from '../test/support/gateway-process.js';
import { compare, readExpected, updateExpected } from './conformance/expected.js';
import { finalLine, summaryTable, testLines, writeJsonReport } from './conformance/report.js';
import { collectionTitles, runConformance } from './conformance/run.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_TESTKIT = path.resolve(ROOT, '..', 'shared', 'conformance', 'samples', 'nist-toolkit', 'testkit', 'tests');

function options() {
  const { values } = parseArgs({
    options: {
      collection: { type: 'string', multiple: true, default: [] },
      test: { type: 'string', multiple: true, default: [] },
      url: { type: 'string' },
      testkit: { type: 'string', default: DEFAULT_TESTKIT },
      json: { type: 'string', default: path.join(ROOT, '.tmp', 'conformance', 'report.json') },
      expected: { type: 'string', default: path.join(ROOT, 'conformance', 'expected-passes.json') },
      'update-expected': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const list = (v: string[]): string[] => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return { ...values, collection: list(values.collection), test: list(values.test) };
}

/** The gateway to test: the one named by --url, or a fresh in-memory one started here. */
async function gateway(url: string | undefined): Promise<{ url: string; stop: () => Promise<void> }> {
  if (url) return { url: url.replace(/\/$/, ''), stop: async () => {} };
  const g: GatewayProcess = await startGatewayProcess({
    STORAGE_URL: 'memory:', METADATA_PROFILE: 'ihe-generic', XUA_MODE: 'off', LOG_LEVEL: 'error',
    HOME_COMMUNITY_ID: TEST_HOME_COMMUNITY_ID, REPOSITORY_UNIQUE_ID: TEST_REPOSITORY_UNIQUE_ID,
  });
  return { url: g.url, stop: () => g.stop() };
}

async function main(): Promise<number> {
  const opts = options();
  if (!existsSync(opts.testkit)) {
    // As the test suite does: not run (and said so) on a fresh clone, a failure where CI requires it.
    const required = process.env['REQUIRE_SHARED'] === '1';
    console.error(`The NIST testkit is missing; expected it at ${opts.testkit} (the shared folder, a sibling of the project). `
      + (required ? 'REQUIRE_SHARED=1: failing.' : 'Conformance tests not run.'));
    return required ? 2 : 0;
  }
  const startedAt = new Date().toISOString();
  const gw = await gateway(opts.url);
  const print = (l: string): void => { if (!opts.quiet) console.log(l); };
  print(`Gateway ${gw.url}; testkit ${opts.testkit}`);
  try {
    const results = await runConformance({
      baseUrl: gw.url, testsDir: opts.testkit, collections: opts.collection, tests: opts.test,
      homeCommunityId: TEST_HOME_COMMUNITY_ID, repositoryUniqueId: TEST_REPOSITORY_UNIQUE_ID,
      onResult: (r) => testLines(r).forEach(print),
    });
    const expected = readExpected(opts.expected);
    const { regressions, newlyPassing } = compare(expected, results);
    console.log('');
    summaryTable(results, collectionTitles()).forEach((l) => console.log(l));
    if (regressions.length) console.log(`Regressions (listed in ${path.relative(ROOT, opts.expected)}, not passing now): ${regressions.join(', ')}`);
    if (newlyPassing.length && !opts['update-expected']) console.log(`Newly passing (add with --update-expected): ${newlyPassing.join(', ')}`);
    if (opts['update-expected']) console.log(`Expected passes written: ${updateExpected(opts.expected, expected, results).length} tests`);
    writeJsonReport(opts.json, {
      startedAt, gateway: gw.url, testkit: opts.testkit, regressions, newlyPassing, tests: results,
      summary: {
        passed: results.filter((r) => r.verdict === 'pass').length, failed: results.filter((r) => r.verdict === 'fail').length,
        notApplicable: results.filter((r) => r.verdict === 'na').length,
      },
    });
    console.log(`JSON report: ${path.relative(process.cwd(), opts.json)}`);
    console.log(finalLine(results));
    return regressions.length && !opts['update-expected'] ? 1 : 0;
  } finally {
    await gw.stop();
  }
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`conformance runner failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 2;
});
