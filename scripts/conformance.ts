/**
 * `npm run conformance`: runs the NIST XDS Toolkit test plans against the gateway, without the
 * toolkit, in two variants: plain (XUA off) and XUA (XUA_MODE=required, every ITI-18/43/38/39
 * step with a signed ticket, then negative checks). Starts a gateway per variant (embedded
 * in-memory store, ihe-generic profile) unless --url names a running one, runs the chosen
 * collections, prints one line per test and section, a summary per collection and, last,
 * "N passed, M failed, K not applicable" over everything that ran, writes a JSON report, and exits non-zero when
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
import { compare, readExpected, updateExpected } from './conformance/expected.js';
import { finalLine, summaryTable, testLines, writeJsonReport } from './conformance/report.js';
import type { TestResult } from './conformance/results.js';
import { COLLECTIONS } from './conformance/collections.js';
import { allTestIds, collectionTitles } from './conformance/run.js';
import { CliError, EXIT, EXIT_CODES_HELP, parseCommand, runWhenMain } from './cli/command.js';
import { runPlain, runXua, variantsOf, type VariantOptions } from './conformance/variants.js';
import { PROJECT_ROOT, sharedPath } from '../test/support/shared.js';

const ROOT = PROJECT_ROOT;
const DEFAULT_TESTKIT = sharedPath('conformance', 'samples', 'nist-toolkit', 'testkit', 'tests');

const HELP = `npm run conformance -- [--collection <id>,…] [--test <id> …] [--xua | --plain] [--url <gateway>] [options]
Runs the NIST XDS Toolkit test plans against the gateway: one it starts itself (in-memory store,
METADATA_PROFILE=ihe-generic), with XUA off and again with XUA required, unless --url names a
running one. The last line is "N passed, M failed, K not applicable".
  --collection       ${COLLECTIONS.map((c) => c.id).join(', ')} (default all); repeatable or comma separated
  --test             test ids of the testkit, run with the tests they depend on; repeatable or comma separated
  --xua, --plain     only the XUA variant / only the plain one
  --url              a running gateway; it must run with METADATA_PROFILE=ihe-generic (the NIST test data uses
                     the NIST codes) and XUA_MODE=off (or XUA_MODE=required with --xua, trusting the runner's
                     test signer); only the plain variant unless --xua is given
  --testkit DIR      the testkit's tests folder (default the shared folder's NIST testkit)
  --json FILE        where the JSON report goes (default .tmp/conformance/report.json)
  --expected FILE    tests that must pass (default conformance/expected-passes.json)
  --update-expected  write the tests passing now to that file
  --quiet            print the summary only
${EXIT_CODES_HELP.replace('1 failures found', '1 a test listed as expected to pass failed')}`;

const SPEC = {
  name: 'conformance', help: HELP,
  options: {
    collection: { type: 'string', multiple: true, default: [] as string[] },
    test: { type: 'string', multiple: true, default: [] as string[] },
    xua: { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
    url: { type: 'string' },
    testkit: { type: 'string', default: DEFAULT_TESTKIT },
    json: { type: 'string', default: path.join(ROOT, '.tmp', 'conformance', 'report.json') },
    expected: { type: 'string', default: path.join(ROOT, 'conformance', 'expected-passes.json') },
    'update-expected': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
} as const;

type Options = { collection: string[]; test: string[]; xua: boolean; plain: boolean; url?: string; testkit: string; json: string;
  expected: string; 'update-expected': boolean; quiet: boolean };

function options(argv: readonly string[]): Options | undefined {
  const parsed = parseCommand(SPEC, argv, (l) => console.log(l));
  if (!parsed) return undefined;
  const values = parsed.values as Options;
  const list = (v: string[]): string[] => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const collection = list(values.collection);
  const unknown = collection.filter((c) => !COLLECTIONS.some((k) => k.id === c));
  if (unknown.length) throw new CliError(`unknown collection ${unknown.join(', ')}; the collections are ${COLLECTIONS.map((c) => c.id).join(', ')}`);
  if (values.xua && values.plain) throw new CliError('--xua and --plain exclude each other');
  if (values.url !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(values.url)) throw new CliError(`--url must be a gateway's base URL such as http://127.0.0.1:8080, got "${values.url}"`);
  return { ...values, collection, test: list(values.test) };
}

/** Refuses test ids the testkit does not have, naming them. */
function checkTests(tests: readonly string[], testkit: string): void {
  const known = new Set(allTestIds(testkit));
  const unknown = tests.filter((t) => !known.has(t));
  if (unknown.length) throw new CliError(`unknown test ${unknown.join(', ')}: not in ${testkit}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const opts = options(argv);
  if (!opts) return EXIT.ok;
  if (!existsSync(opts.testkit)) {
    // As the test suite does: not run (and said so) on a fresh clone, a failure where CI requires it.
    const required = process.env['REQUIRE_SHARED'] === '1';
    console.error(`The NIST testkit is missing; expected it at ${opts.testkit} (the shared folder, a sibling of the project). `
      + (required ? 'REQUIRE_SHARED=1: failing.' : 'Conformance tests not run.'));
    return required ? EXIT.usage : EXIT.ok;
  }
  checkTests(opts.test, opts.testkit);
  if (opts.url) console.log(`against ${opts.url}: it must run with METADATA_PROFILE=ihe-generic and XUA_MODE=${opts.xua ? 'required' : 'off'}`);
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

runWhenMain(import.meta.url, 'conformance', main);
