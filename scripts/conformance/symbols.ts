/**
 * Placeholder substitution as the NIST toolkit does it: a step's UseId and UseReport
 * instructions bind symbols ("$uuid$", "orig_uuid") to values left by earlier steps, and the
 * symbols are replaced in the metadata file and in the assertions before the step runs. Run-wide
 * symbols ($patientid$, $home$, $DATE$, …) are bound first; the toolkit takes those from its
 * session configuration, the runner from the gateway it started.
 */
import { escapeText } from '../../src/formats/xml/write.js';
import type { TransactionSpec, UseId, UseReport } from './plan.js';
import type { AssignedSection, ReportStore } from './reports.js';
import { resolveTestdir } from './testkit.js';

/** A symbol that could not be bound; `verdict` says whether that fails the step or makes it not applicable. */
export class Unresolved extends Error {
  constructor(message: string, readonly verdict: 'fail' | 'na') {
    super(message);
    this.name = 'Unresolved';
  }
}

/** Where a step sits, for resolving relative references. */
export interface StepScope {
  readonly testsDir: string;
  readonly test: string;
  readonly section: string;
  readonly sectionDir: string;
  readonly step: string;
}

const ASSIGNED = new Set(['AssignedUids', 'AssignedUuids', 'AssignedPatientId']);

/**
 * Replaces every symbol in a text, longest symbol first, in one pass (a value is never
 * substituted again).
 * @param text - the template
 * @param symbols - symbol → value
 * @param xml - true when the text is XML, so values are escaped as character data
 * @returns the text with symbols replaced
 */
export function substitute(text: string, symbols: ReadonlyMap<string, string>, xml = false): string {
  const keys = [...symbols.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
  if (!keys.length) return text;
  const re = new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(re, (m) => {
    const v = symbols.get(m) ?? m;
    // escapeText leaves quotes alone; values also land in attributes, so escape those too.
    return xml ? escapeText(v).replace(/"/g, '&quot;') : v;
  });
}

function missing(store: ReportStore, testExists: (id: string) => boolean, test: string, section: string, step: string, what: string): Unresolved {
  const where = `${test}/${section || '-'}/${step}`;
  if (!testExists(test)) return new Unresolved(`${what} comes from test ${test}, which is not in the testkit`, 'na');
  if (!store.hasRun(test, section, step)) return new Unresolved(`${what} comes from step ${where}, which has not run`, 'fail');
  return new Unresolved(`${what} was not produced by step ${where}`, 'fail');
}

function useIdValue(u: UseId, scope: StepScope, store: ReportStore, testExists: (id: string) => boolean): string {
  const ref = u.testdir ? resolveTestdir(scope.testsDir, scope.sectionDir, u.testdir) : { test: scope.test, section: scope.section };
  const value = ASSIGNED.has(u.section)
    ? store.assigned(ref.test, ref.section, u.step, u.section as AssignedSection, u.id)
    : store.get(ref.test, ref.section, u.step, u.id);
  if (value === undefined) throw missing(store, testExists, ref.test, ref.section, u.step, `${u.section} ${u.id}`);
  return value;
}

function useReportValue(r: UseReport, scope: StepScope, store: ReportStore, globals: ReadonlyMap<string, string>,
  testExists: (id: string) => boolean): string {
  const test = r.test ?? scope.test;
  const section = r.section === 'THIS' ? scope.section : r.section;
  const value = store.get(test, section, r.step, r.reportName) ?? globals.get(r.reportName);
  if (value === undefined) throw missing(store, testExists, test, section, r.step, `report ${r.reportName}`);
  return value;
}

/**
 * Binds the symbols a step uses: run-wide ones first, then its UseId and UseReport values.
 * @param tx - the step's transaction
 * @param scope - where the step sits
 * @param store - reports of the steps run so far
 * @param globals - run-wide symbols
 * @param testExists - whether the testkit holds a test
 * @returns symbol → value
 * @throws Unresolved when a referenced value is missing
 */
export function bindSymbols(tx: TransactionSpec, scope: StepScope, store: ReportStore, globals: ReadonlyMap<string, string>,
  testExists: (id: string) => boolean): Map<string, string> {
  const symbols = new Map(globals);
  // Some plans bind a symbol twice (a UseId with a wrong testdir, then a UseReport that works):
  // a symbol fails only when no instruction binds it.
  const failed = new Map<string, Unresolved>();
  const bind = (symbol: string, value: () => string): void => {
    try {
      symbols.set(symbol, value());
      failed.delete(symbol);
    } catch (e) {
      if (!(e instanceof Unresolved)) throw e;
      if (!symbols.has(symbol) || globals.has(symbol)) failed.set(symbol, e);
    }
  };
  for (const u of tx.useIds) bind(u.symbol, () => useIdValue(u, scope, store, testExists));
  for (const r of tx.useReports) bind(r.useAs, () => useReportValue(r, scope, store, globals, testExists));
  const first = [...failed.values()].sort((a, b) => (a.verdict === 'na' ? 1 : 0) - (b.verdict === 'na' ? 1 : 0))[0];
  if (first) throw first;
  return symbols;
}
