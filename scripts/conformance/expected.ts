/**
 * The list of tests known to pass, kept in the project (conformance/expected-passes.json). A run
 * in which a listed test does not pass is a regression and fails CI; a test that passes and is
 * not listed is reported so the list can grow (--update-expected writes it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { TestResult } from './results.js';

export interface ExpectedPasses {
  readonly tests: readonly string[];
}

/** Reads the list; a missing file is an empty list. */
export function readExpected(file: string): ExpectedPasses {
  if (!existsSync(file)) return { tests: [] };
  const data = JSON.parse(readFileSync(file, 'utf8')) as { tests?: unknown };
  const tests = Array.isArray(data.tests) ? data.tests.filter((t): t is string => typeof t === 'string') : [];
  return { tests };
}

export interface Comparison {
  /** Listed tests that ran and did not pass. */
  readonly regressions: readonly string[];
  /** Tests that passed and are not listed. */
  readonly newlyPassing: readonly string[];
}

/**
 * Compares a run with the list. Listed tests that did not run (another collection) are ignored.
 * @param expected - the list
 * @param results - the run
 * @returns regressions and new passes
 */
export function compare(expected: ExpectedPasses, results: readonly TestResult[]): Comparison {
  const listed = new Set(expected.tests);
  return {
    regressions: results.filter((r) => listed.has(r.test) && r.verdict !== 'pass').map((r) => r.test),
    newlyPassing: results.filter((r) => !listed.has(r.test) && r.verdict === 'pass').map((r) => r.test),
  };
}

/** Natural order for test ids ("11897" < "11998a" < "12004" < "PnrXop"). */
function byId(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Writes the list as this run found it: the tests that passed, plus listed tests that did not run.
 * @param file - the list's path
 * @param expected - the current list
 * @param results - the run
 * @returns the tests written
 */
export function updateExpected(file: string, expected: ExpectedPasses, results: readonly TestResult[]): string[] {
  const ran = new Set(results.map((r) => r.test));
  const tests = [...new Set([
    ...expected.tests.filter((t) => !ran.has(t)),
    ...results.filter((r) => r.verdict === 'pass').map((r) => r.test),
  ])].sort(byId);
  const note = 'NIST XDS Toolkit tests that pass against the gateway (npm run conformance); "xua:" ids pass with XUA required (the XUA variant and its negative checks). CI fails when one of them stops passing; grow it with npm run conformance -- --update-expected.';
  writeFileSync(file, `${JSON.stringify({ description: note, tests }, null, 2)}\n`);
  return tests;
}
