/**
 * What a run prints and writes: one line per test and per section (pass, fail with the reason,
 * not applicable with the reason), a summary table per collection, and the JSON report. The last
 * printed line is always "N passed, M failed, K not applicable".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StepVerdict, TestResult } from './results.js';

const LABEL: Readonly<Record<StepVerdict, string>> = { pass: 'PASS', fail: 'FAIL', na: 'N/A ', local: 'LOCAL' };

/**
 * The lines of one test: the test, then each section (and, for failures, each failing step).
 * @param r - the test's result
 * @returns printable lines
 */
export function testLines(r: TestResult): string[] {
  const head = `${LABEL[r.verdict]} ${r.test.padEnd(7)} ${r.title}`.trimEnd();
  const lines = [r.reason ? `${head} — ${r.reason}` : head];
  for (const s of r.sections) {
    const bad = s.steps.filter((st) => st.verdict === s.verdict && st.verdict !== 'pass' && st.verdict !== 'local');
    const why = bad.map((st) => `${st.step}: ${st.reasons.join('; ')}`).join(' | ');
    lines.push(`       ${LABEL[s.verdict].trim().toLowerCase().padEnd(5)} ${r.test}/${s.section || '-'}${why ? ` — ${why}` : ''}`);
  }
  return lines;
}

interface Row { collection: string; pass: number; fail: number; na: number }

/**
 * The summary table: passed, failed and not-applicable counts per collection.
 * @param results - every test result
 * @param titles - collection id → title, in print order
 * @returns printable lines
 */
export function summaryTable(results: readonly TestResult[], titles: ReadonlyMap<string, string>): string[] {
  const rows = new Map<string, Row>();
  for (const id of titles.keys()) rows.set(id, { collection: id, pass: 0, fail: 0, na: 0 });
  for (const r of results) {
    const row = rows.get(r.collection) ?? { collection: r.collection, pass: 0, fail: 0, na: 0 };
    row[r.verdict] += 1;
    rows.set(r.collection, row);
  }
  const used = [...rows.values()].filter((r) => r.pass + r.fail + r.na > 0);
  const width = Math.max(10, ...used.map((r) => (titles.get(r.collection) ?? r.collection).length));
  const line = (a: string, b: string, c: string, d: string, e: string): string =>
    `${a.padEnd(width)}  ${b.padStart(6)}  ${c.padStart(6)}  ${d.padStart(6)}  ${e.padStart(6)}`;
  return [
    line('collection', 'passed', 'failed', 'n/a', 'total'),
    ...used.map((r) => line(titles.get(r.collection) ?? r.collection, String(r.pass), String(r.fail), String(r.na), String(r.pass + r.fail + r.na))),
  ];
}

/** The closing line. */
export function finalLine(results: readonly TestResult[]): string {
  const passed = results.filter((r) => r.verdict === 'pass').length;
  const failed = results.filter((r) => r.verdict === 'fail').length;
  const notApplicable = results.filter((r) => r.verdict === 'na').length;
  return `${passed} passed, ${failed} failed, ${notApplicable} not applicable`;
}

/** The JSON report's content. */
export interface JsonReport {
  readonly startedAt: string;
  readonly gateway: string;
  readonly testkit: string;
  readonly summary: { readonly passed: number; readonly failed: number; readonly notApplicable: number };
  readonly regressions: readonly string[];
  readonly newlyPassing: readonly string[];
  readonly tests: readonly TestResult[];
}

/**
 * Writes the JSON report.
 * @param file - where to write it (folders are created)
 * @param report - the content
 */
export function writeJsonReport(file: string, report: JsonReport): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
