/**
 * One conformance run: choose the tests (by collection or by id), add the tests they depend on,
 * order them so loaders run first, and run each against the gateway.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { collectionOf, COLLECTIONS, NOT_APPLICABLE, testsOf } from './collections.js';
import { runTest, type RunContext, type Sender } from './engine.js';
import { ReportStore } from './reports.js';
import type { TestResult } from './results.js';
import { loadTest, withDependencies, type TestDef } from './testkit.js';
import { XUA_CHECKS } from './xua-checks.js';

/** Assigning authority of the patient ids the runner makes up. */
export const PATIENT_DOMAIN = '1.3.6.1.4.1.21367.13.20.1000';

/** The collection id of tests that run only because others depend on them (loaders, feeds). */
export const SUPPORT = 'support';

export interface RunOptions {
  readonly baseUrl: string;
  readonly testsDir: string;
  /** Collection ids; all when empty. */
  readonly collections: readonly string[];
  /** Test ids; when given, these run (with their dependencies) instead of whole collections. */
  readonly tests: readonly string[];
  readonly homeCommunityId: string;
  readonly repositoryUniqueId: string;
  /** Called with each finished test, for callers that print their own way. */
  readonly onResult?: (r: TestResult) => void;
  /** Put before every test and collection id of this run ("xua:"), so a variant's results count separately. */
  readonly prefix?: string;
  /** How requests are sent (the XUA variant adds tickets); plainly unless given. */
  readonly send?: Sender;
  /** Further tests not applicable in this run, with the reason (NOT_APPLICABLE_UNDER_XUA). */
  readonly notApplicable?: Readonly<Record<string, string>>;
}

/** Every test folder of the testkit. */
export function allTestIds(testsDir: string): string[] {
  return readdirSync(testsDir).filter((d) => statSync(path.join(testsDir, d)).isDirectory());
}

/**
 * Collection id → title, in print order: the plain collections (support last), then the same
 * under XUA ("xua:" ids) and the XUA negative checks.
 */
export function collectionTitles(): Map<string, string> {
  const plain = [...COLLECTIONS.map((c) => [c.id, c.title] as const), [SUPPORT, 'Test data and feeds (dependencies)'] as const];
  return new Map([
    ...plain,
    ...plain.map(([id, title]) => [`xua:${id}`, `${title} under XUA`] as const),
    [XUA_CHECKS, 'XUA negative checks'] as const,
  ]);
}

function today(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

function notApplicable(t: TestDef, collection: string, reason: string): TestResult {
  return { test: t.id, title: t.title, collection, verdict: 'na', reason, sections: [], durationMs: 0 };
}

/**
 * Runs the chosen tests.
 * @param opts - what to run and against which gateway
 * @returns one result per test run, dependencies included, in run order
 */
export async function runConformance(opts: RunOptions): Promise<TestResult[]> {
  const wanted = opts.tests.length ? [...opts.tests] : testsOf(allTestIds(opts.testsDir).map((id) => loadTest(opts.testsDir, id)), opts.collections);
  const ctx: RunContext = {
    baseUrl: opts.baseUrl,
    testsDir: opts.testsDir,
    store: new ReportStore(),
    globals: new Map([
      ['$home$', opts.homeCommunityId], ['$testdata_home$', opts.homeCommunityId],
      ['$testdata_repid$', opts.repositoryUniqueId], ['$DATE$', today()],
    ]),
    submitted: new Map(),
    required: new Set(['ITI-18', 'ITI-41', 'ITI-42', 'ITI-43']),
    patientDomain: PATIENT_DOMAIN,
    ...(opts.send ? { send: opts.send } : {}),
  };
  const prefix = opts.prefix ?? '';
  const results: TestResult[] = [];
  for (const t of withDependencies(opts.testsDir, wanted)) {
    const collection = wanted.includes(t.id) ? (collectionOf(t)?.id ?? SUPPORT) : SUPPORT;
    const reason = NOT_APPLICABLE[t.id] ?? opts.notApplicable?.[t.id];
    const plain = reason ? notApplicable(t, collection, reason) : await runTest(t, ctx, collection);
    const r = prefix ? { ...plain, test: `${prefix}${plain.test}`, collection: `${prefix}${plain.collection}` } : plain;
    results.push(r);
    opts.onResult?.(r);
  }
  return results;
}
