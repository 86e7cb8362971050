/**
 * `npm run conformance`: runs the NIST XDS Toolkit test plans against the gateway, without the
 * toolkit, in two variants: plain (XUA off) and XUA (XUA_MODE=required, every ITI-18/43/38/39
 * step with a signed ticket, then negative checks). Starts a gateway per variant (embedded
 * in-memory store, ihe-generic profile) unless --url names a running one, runs the chosen
 * collections, prints one line per test and section, a summary per collection and, last,
 * "N passed, M failed" over everything that ran, writes a JSON report, and exits non-zero when
 * a test listed in conformance/expected-passes.json no longer passes.
 *
 * Usage: npm run conformance -- [--collection registry,repository,responding-gateway,initiating-gateway]
 *          [--test 11966 ...] [--xua | --plain] [--url http://127.0.0.1:8080] [--testkit DIR]
 *          [--json FILE] [--expected FILE] [--update-expected] [--quiet]
 * Both variants run by default; with --url only the plain one (a running gateway has one XUA
 * mode), unless --xua says otherwise.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compare, readExpected, updateExpected } from './conformance/expected.js';
import { finalLine, summaryTable, testLines, writeJsonReport } from './conformance/report.js';
import type { TestResult } from './conformance/results.js';
import { collectionTitles } from './conformance/run.js';
import { runPlain, runXua, variantsOf, type VariantOptions } from './conformance/variants.js';
import { PROJECT_ROOT, sharedPath } from '../test/support/shared.js';

const ROOT = PROJECT_ROOT;
const DEFAULT_TESTKIT = sharedPath('conformance', 'samples', 'nist-toolkit', 'testkit', 'tests');

function options() {
  const { values } = parseArgs({
    options: {
      collection: { type: 'string', multiple: true, default: [] },
      test: { type: 'string', multiple: true, default: [] },
      xua: { type: 'boolean', default: false },
      plain: { type: 'boolean', default: false },
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
  const print = (l: string): void => { if (!opts.quiet) console.log(l); };
  const vopts: VariantOptions = {
    root: ROOT, testsDir: opts.testkit, collections: opts.collection, tests: opts.test, print,
    onResult: (r) => testLines(r).forEach(print), ...(opts.url ? { url: opts.url } : {}),
  };
  const results: TestResult[] = [];
  const gateways: string[] = [];
  for (const v of variantsOf(opts)) {
    const run = await (v === 'xua' ? runXua : runPlain)(vopts);
    results.push(...run.results);
    gateways.push(run.gateway);
  }
  const expected = readExpected(opts.expected);
  const { regressions, newlyPassing } = compare(expected, results);
  console.log('');
  summaryTable(results, collectionTitles()).forEach((l) => console.log(l));
  if (regressions.length) console.log(`Regressions (listed in ${path.relative(ROOT, opts.expected)}, not passing now): ${regressions.join(', ')}`);
  if (newlyPassing.length && !opts['update-expected']) console.log(`Newly passing (add with --update-expected): ${newlyPassing.join(', ')}`);
  if (opts['update-expected']) console.log(`Expected passes written: ${updateExpected(opts.expected, expected, results).length} tests`);
  writeJsonReport(opts.json, {
    startedAt, gateway: gateways.join(' '), testkit: opts.testkit, regressions, newlyPassing, tests: results,
    summary: {
      passed: results.filter((r) => r.verdict === 'pass').length, failed: results.filter((r) => r.verdict === 'fail').length,
      notApplicable: results.filter((r) => r.verdict === 'na').length,
    },
  });
  console.log(`JSON report: ${path.relative(process.cwd(), opts.json)}`);
  console.log(finalLine(results));
  return regressions.length && !opts['update-expected'] ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`conformance runner failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 2;
});
