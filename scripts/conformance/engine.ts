/**
 * Runs NIST test plans against a gateway: section by section, step by step, as the NIST test
 * engine does, with the runner standing in for the toolkit's own services (patient identity
 * feed, id assignment, logs). One step: bind symbols → build request → exchange → check →
 * record reports and the log.
 */
import { randomBytes } from 'node:crypto';
import type { Attachment } from '../../test/support/soap-client.js';
import { checkAsserts, checkStep } from './checks.js';
import { exchange, forLog, notServed, ROUTES, type Exchange } from './exchange.js';
import type { PlanStep, TransactionKind } from './plan.js';
import type { ReportStore } from './reports.js';
import { buildRequest, type SubmittedDocuments } from './requests.js';
import { firstReason, sectionResult, testVerdict, type SectionResult, type StepResult, type TestResult } from './results.js';
import { bindSymbols, Unresolved, type StepScope } from './symbols.js';
import { resolveTestdir, testExists, type Section, type TestDef } from './testkit.js';
import { reportValue, sectionLog, type LoggedStep } from './xpath-eval.js';
import type { XNode } from './xml-node.js';

/** One step's request as the engine hands it to a Sender. */
export interface OutgoingStep {
  readonly baseUrl: string;
  readonly kind: TransactionKind;
  readonly body: XNode;
  readonly attachments: readonly Attachment[];
  /** The step's bound symbols ($patientid$ …). */
  readonly symbols: ReadonlyMap<string, string>;
  /** test/section/step, for reports. */
  readonly where: string;
}

/** Sends a step's request; the XUA variant's sender adds a ticket (xua-sender.ts). */
export type Sender = (step: OutgoingStep) => Promise<Exchange>;

export interface RunContext {
  readonly baseUrl: string;
  readonly testsDir: string;
  readonly store: ReportStore;
  /** Run-wide symbols: $home$, $testdata_home$, $testdata_repid$, $DATE$. */
  readonly globals: ReadonlyMap<string, string>;
  readonly submitted: SubmittedDocuments;
  /** Transactions whose absence is a failure rather than "not applicable" (the gateway's core). */
  readonly required: ReadonlySet<string>;
  /** Assigning authority of the patient ids the runner makes up. */
  readonly patientDomain: string;
  /** How requests are sent; plainly (exchange) unless given. */
  readonly send?: Sender;
}

/** Patient identity feeds whose patient a test takes over (the toolkit's session patient ids). */
const FEEDS = new Set(['15817', '15817b', '15818', '15823']);
/** Tests whose readme says each section uses its own patient (the toolkit's orchestration sets them). */
const PATIENT_PER_SECTION = new Set(['15807']);

/** A made-up, well-formed patient id (CX) in the run's assigning authority. */
export function freshPatientId(domain: string): string {
  return `${randomBytes(6).toString('hex').toUpperCase()}^^^&${domain}&ISO`;
}

/** The patient a test's submissions use: that of the feed it names, else one of its own. */
function testPatient(test: TestDef, ctx: RunContext): string {
  for (const s of test.sections) {
    for (const step of s.plan?.steps ?? []) {
      const ref = step.transaction?.useReports.find((r) => r.reportName === '$patientid$' && r.test && FEEDS.has(r.test));
      const pid = ref?.test ? ctx.store.get(ref.test, ref.section, ref.step, '$patientid$') : undefined;
      if (pid) return pid;
    }
  }
  return freshPatientId(ctx.patientDomain);
}

function verdictOf(failures: readonly string[], unsupported: readonly string[]): StepResult['verdict'] {
  if (failures.length) return 'fail';
  return unsupported.length ? 'na' : 'pass';
}

function recordReports(step: PlanStep, scope: StepScope, ctx: RunContext, input: string, result: string): string[] {
  const notes: string[] = [];
  for (const r of step.transaction?.reports ?? []) {
    const value = reportValue(r.xpath, r.section === 'InputMetadata' ? input : result);
    if (value === undefined) notes.push(`report ${r.name} found nothing`);
    else ctx.store.set(scope.test, scope.section, scope.step, r.name, value);
  }
  return notes;
}

function referenceXml(step: PlanStep, scope: StepScope, ctx: RunContext): string | undefined {
  const ref = step.transaction?.referenceMetadata;
  if (!ref) return undefined;
  const at = ref.testdir ? resolveTestdir(scope.testsDir, scope.sectionDir, ref.testdir) : { test: scope.test, section: scope.section };
  return ctx.store.recordOf(at.test, at.section, ref.step)?.result;
}

function absent(x: Exchange, step: PlanStep, ctx: RunContext): StepResult | undefined {
  const route = step.transaction ? ROUTES[step.transaction.kind] : undefined;
  if (!route || !notServed(x)) return undefined;
  const what = `the gateway does not serve ${route.iti} (${route.action} at /services/${route.endpoint})`;
  return { step: step.id, verdict: ctx.required.has(route.iti) ? 'fail' : 'na', reasons: [what] };
}

async function exchangeStep(step: PlanStep, scope: StepScope, symbols: ReadonlyMap<string, string>, ctx: RunContext,
  log: LoggedStep[]): Promise<StepResult> {
  const tx = step.transaction;
  if (!tx) return { step: step.id, verdict: 'na', reasons: ['no transaction'] };
  const req = buildRequest(step, scope, symbols, ctx.store, ctx.submitted);
  const out: OutgoingStep = {
    baseUrl: ctx.baseUrl, kind: tx.kind, body: req.body, attachments: req.attachments, symbols,
    where: `${scope.test}/${scope.section || '-'}/${scope.step}`,
  };
  const x = ctx.send ? await ctx.send(out) : await exchange(out.baseUrl, out.kind, out.body, out.attachments);
  const input = forLog(x.input);
  const result = forLog(x.body);
  const element = `${tx.kind}Transaction`;
  ctx.store.record(scope.test, scope.section, scope.step, { element, status: x.status, input, result });
  log.push({ id: step.id, element, input, result, ...(step.expectedStatus[0] ? { expectedStatus: step.expectedStatus[0] } : {}) });
  const reportNotes = recordReports(step, scope, ctx, input, result);
  const missing = absent(x, step, ctx);
  if (missing) return missing;
  const refXml = referenceXml(step, scope, ctx);
  const c = checkStep(step, x, { symbols, scope, log: sectionLog(log), submitted: ctx.submitted, ...(refXml ? { referenceXml: refXml } : {}) });
  const verdict = verdictOf(c.failures, c.unsupported);
  const reasons = verdict === 'fail' ? [...c.failures] : verdict === 'na' ? c.unsupported.map((u) => `${u} is not supported by the runner`) : [...req.notes, ...c.notes, ...reportNotes];
  return { step: step.id, verdict, reasons };
}

/** DTM (YYYYMMDDhhmmss, UTC) of a moment. */
function dtm(d: Date): string {
  return d.toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * Time symbols the toolkit fills in when a step runs. XDS time ranges exclude their upper bound,
 * so $now$ is the next second: what was registered a moment ago is inside [$lastyear$, $now$).
 */
function timeSymbols(globals: ReadonlyMap<string, string>): Map<string, string> {
  const now = new Date(Date.now() + 1000);
  const lastYear = new Date(now);
  lastYear.setUTCFullYear(now.getUTCFullYear() - 1);
  return new Map([...globals, ['$now$', dtm(now)], ['$lastyear$', dtm(lastYear)]]);
}

async function runStep(step: PlanStep, scope: StepScope, ctx: RunContext, globals: Map<string, string>,
  log: LoggedStep[]): Promise<StepResult> {
  const tx = step.transaction;
  if (step.newPatientId && !tx) {
    globals.set('$patientid$', freshPatientId(ctx.patientDomain));
    return { step: step.id, verdict: 'local', reasons: ['the test continues with a new patient id'] };
  }
  if (!tx) return { step: step.id, verdict: 'na', reasons: [step.unsupported ?? 'no transaction'] };
  if (tx.unsupported.length) return { step: step.id, verdict: 'na', reasons: [`instructions not supported by the runner: ${tx.unsupported.join(', ')}`] };
  if (tx.waitBeforeMs > 0) await new Promise((r) => setTimeout(r, Math.min(tx.waitBeforeMs, 5000)));
  try {
    const symbols = bindSymbols(tx, scope, ctx.store, timeSymbols(globals), (id) => testExists(ctx.testsDir, id));
    if (tx.kind === 'PatientIdentityFeed') {
      ctx.store.set(scope.test, scope.section, scope.step, '$patientid$', freshPatientId(ctx.patientDomain));
      return { step: step.id, verdict: 'local', reasons: ['no feed sent: the gateway accepts any well-formed patient id'] };
    }
    if (tx.kind === 'Null') {
      log.push({ id: step.id, element: 'NullTransaction' });
      const failures = checkAsserts(tx.asserts, symbols, sectionLog(log));
      return { step: step.id, verdict: failures.length ? 'fail' : tx.asserts.length ? 'pass' : 'local', reasons: failures };
    }
    return await exchangeStep(step, scope, symbols, ctx, log);
  } catch (e) {
    if (e instanceof Unresolved) return { step: step.id, verdict: e.verdict, reasons: [e.message] };
    return { step: step.id, verdict: 'fail', reasons: [`runner error: ${(e as Error).message}`] };
  } finally {
    ctx.store.markRun(scope.test, scope.section, scope.step);
  }
}

/**
 * Runs a section's steps in order. A step that is not applicable ends the section (and the
 * test): what follows it relies on what it would have done, so later failures would mislead.
 */
async function runSection(test: TestDef, section: Section, ctx: RunContext, globals: Map<string, string>): Promise<SectionResult> {
  if (!section.plan) return sectionResult(section.name, [{ step: '-', verdict: 'na', reasons: [section.error ?? 'no plan'] }]);
  const log: LoggedStep[] = [];
  const steps: StepResult[] = [];
  for (const step of section.plan.steps) {
    const scope: StepScope = { testsDir: ctx.testsDir, test: test.id, section: section.name, sectionDir: section.dir, step: step.id };
    const r = await runStep(step, scope, ctx, globals, log);
    steps.push(r);
    if (r.verdict === 'na') break;
  }
  return sectionResult(section.name, steps);
}

/**
 * Runs one test, every section in order.
 * @param test - the loaded test
 * @param ctx - the run's context
 * @param collection - the collection it is reported under
 * @returns its result
 */
export async function runTest(test: TestDef, ctx: RunContext, collection: string): Promise<TestResult> {
  const started = Date.now();
  const globals = new Map(ctx.globals);
  globals.set('$patientid$', testPatient(test, ctx));
  globals.set('$altpatientid$', freshPatientId(ctx.patientDomain));
  const sections: SectionResult[] = [];
  for (const s of test.sections) {
    if (PATIENT_PER_SECTION.has(test.id)) globals.set('$patientid$', freshPatientId(ctx.patientDomain));
    const r = await runSection(test, s, ctx, globals);
    sections.push(r);
    if (r.verdict === 'na' && r.steps.some((st) => st.verdict === 'na')) break;
  }
  const verdict = testVerdict(sections);
  return {
    test: test.id, title: test.title, collection, verdict, reason: verdict === 'pass' ? '' : firstReason(sections, verdict),
    sections, durationMs: Date.now() - started,
  };
}
