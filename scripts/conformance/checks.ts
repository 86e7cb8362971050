/**
 * The expectations a step states, checked against what the gateway answered: ExpectedStatus,
 * ExpectedErrorCode, ExpectedErrorMessage, ExpectedContents, Assertions and, for retrieves,
 * ExpectedMimeType, ReferenceDocument and ReferenceMetadata. Each returns failure lines; an
 * empty list means the expectation held.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkContents } from './contents.js';
import type { Exchange } from './exchange.js';
import type { AssertSpec, PlanStep, TransactionSpec } from './plan.js';
import type { SubmittedDocuments } from './requests.js';
import { substitute, type StepScope } from './symbols.js';
import { kid, kids, parseNode, textOf } from './xml-node.js';
import { assertHolds } from './xpath-eval.js';

export interface CheckOutcome {
  readonly failures: readonly string[];
  readonly unsupported: readonly string[];
  readonly notes: readonly string[];
}

const describe = (x: Exchange): string => {
  if (x.fault) return `a SOAP fault (${x.fault.code}: ${x.fault.reason})`;
  // The first errors with their context say why; the rest only by code, to keep lines short.
  const shown = x.errors.slice(0, 3).map((e) => `${e.code}: ${e.context.slice(0, 160)}`);
  const more = x.errors.slice(3).map((e) => e.code);
  const all = [...shown, ...more];
  return `${x.status}${all.length ? ` (${all.join('; ')})` : ''}`;
};

/**
 * ExpectedStatus, ExpectedErrorCode and ExpectedErrorMessage.
 * @param step - the plan step
 * @param x - the answer
 * @returns failure lines
 */
export function checkStatus(step: PlanStep, x: Exchange): string[] {
  const out: string[] = [];
  if (step.expectedStatus.length && !step.expectedStatus.includes(x.status)) {
    out.push(`expected ${step.expectedStatus.join(' or ')}, got ${describe(x)}`);
    return out;
  }
  for (const code of step.expectedErrorCodes) {
    if (!x.errors.some((e) => e.code === code)) out.push(`expected error code ${code}, got ${describe(x)}`);
  }
  for (const msg of step.expectedErrorMessages) {
    if (!x.errors.some((e) => e.code.includes(msg) || e.context.includes(msg))) out.push(`expected an error naming ${msg}, got ${describe(x)}`);
  }
  return out;
}

/**
 * Evaluates the step's Assert expressions over the section log.
 * @param asserts - the assertions
 * @param symbols - the step's symbols (assertions name them too)
 * @param log - the section log, this step included
 * @returns failure lines
 */
export function checkAsserts(asserts: readonly AssertSpec[], symbols: ReadonlyMap<string, string>, log: string): string[] {
  const out: string[] = [];
  asserts.forEach((a, i) => {
    const r = assertHolds(substitute(a.xpath, symbols), log);
    if (!r.holds) out.push(`assertion ${a.id || `#${i + 1}`} does not hold${r.error ? ` (${r.error})` : ''}`);
  });
  return out;
}

function referenceContent(file: string, scope: StepScope): Buffer | undefined {
  const candidates = [path.join(scope.sectionDir, file), path.join(scope.testsDir, scope.test, file)];
  const found = candidates.find((f) => existsSync(f));
  return found ? readFileSync(found) : undefined;
}

function checkReferenceDocuments(tx: TransactionSpec, x: Exchange, symbols: ReadonlyMap<string, string>, scope: StepScope,
  submitted: SubmittedDocuments): { failures: string[]; notes: string[] } {
  const failures: string[] = [];
  const notes: string[] = [];
  for (const ref of tx.referenceDocuments) {
    const uid = substitute(ref.uid, symbols);
    const doc = x.documents.find((d) => d.documentUniqueId === uid);
    if (!doc) { failures.push(`document ${uid} was not returned`); continue; }
    // What the runner itself submitted under this uid is the better reference: the testkit
    // copy lacks some reference files, and some plans name a file other than the one sent.
    const expected = submitted.get(uid)?.content ?? referenceContent(ref.file, scope);
    if (!expected) notes.push(`no reference content for ${uid}: content not compared`);
    else if (!expected.equals(doc.content)) failures.push(`document ${uid}: content differs from what was submitted (${doc.content.length} bytes, expected ${expected.length})`);
  }
  return { failures, notes };
}

/**
 * Each retrieved document must carry the mimeType it was submitted with. Where the runner did
 * not submit it, the plan's ExpectedMimeType applies. Some plans state one ExpectedMimeType for
 * documents submitted with different types (12313: text/plain for a text/xml document of 12318);
 * the submission wins and the disagreement is noted.
 */
function checkMimeTypes(expected: string | undefined, x: Exchange, submitted: SubmittedDocuments): { failures: string[]; notes: string[] } {
  const failures: string[] = [];
  const notes: string[] = [];
  for (const d of x.documents) {
    const sent = submitted.get(d.documentUniqueId)?.mimeType;
    const want = sent ?? expected;
    if (want && d.mimeType !== want) failures.push(`document ${d.documentUniqueId}: mimeType ${d.mimeType}, expected ${want}`);
    if (sent && expected && sent !== expected) notes.push(`the plan expects ${expected} for ${d.documentUniqueId}, submitted as ${sent}: checked against the submission`);
  }
  return { failures, notes };
}

function checkReferenceMetadata(x: Exchange, referenceXml: string | undefined): string[] {
  if (!referenceXml) return [];
  const entries = kids(kid(parseNode(referenceXml), 'RegistryObjectList') ?? parseNode('<x/>'), 'ExtrinsicObject');
  const out: string[] = [];
  for (const d of x.documents) {
    const entry = entries.find((e) => kids(e, 'ExternalIdentifier').some((ei) => ei.attrs['value'] === d.documentUniqueId));
    if (!entry) continue;
    if (entry.attrs['mimeType'] && entry.attrs['mimeType'] !== d.mimeType) out.push(`document ${d.documentUniqueId}: mimeType ${d.mimeType}, metadata says ${entry.attrs['mimeType']}`);
    const slot = (name: string): string | undefined => {
      const s = kids(entry, 'Slot').find((sl) => sl.attrs['name'] === name);
      return s ? textOf(kid(kid(s, 'ValueList') ?? s, 'Value')) : undefined;
    };
    const size = slot('size');
    if (size && Number(size) !== d.content.length) out.push(`document ${d.documentUniqueId}: ${d.content.length} bytes, metadata size says ${size}`);
  }
  return out;
}

/**
 * Every expectation of a step that exchanged messages with the gateway.
 * @param step - the plan step
 * @param x - the answer
 * @param ctx - symbols, scope, the section log, what was submitted, and the ReferenceMetadata response
 * @returns failures, unsupported expectations and notes
 */
export function checkStep(step: PlanStep, x: Exchange, ctx: {
  symbols: ReadonlyMap<string, string>; scope: StepScope; log: string; submitted: SubmittedDocuments; referenceXml?: string;
}): CheckOutcome {
  const tx = step.transaction;
  if (!tx) return { failures: [], unsupported: ['no transaction'], notes: [] };
  const failures = checkStatus(step, x);
  const unsupported: string[] = [];
  const notes: string[] = [];
  const isRetrieve = tx.kind === 'Retrieve' || tx.kind === 'XCR';
  if (tx.expectedContents && tx.expectedContents.children.length) {
    if (isRetrieve) unsupported.push('ExpectedContents on a retrieve');
    else {
      const c = checkContents(tx.expectedContents, x.body);
      failures.push(...c.failures);
      unsupported.push(...c.unsupported);
    }
  }
  failures.push(...checkAsserts(tx.asserts, ctx.symbols, ctx.log));
  if (isRetrieve && x.status !== 'Failure') {
    const mime = checkMimeTypes(tx.expectedMimeType, x, ctx.submitted);
    failures.push(...mime.failures);
    notes.push(...mime.notes);
    const refs = checkReferenceDocuments(tx, x, ctx.symbols, ctx.scope, ctx.submitted);
    failures.push(...refs.failures, ...checkReferenceMetadata(x, ctx.referenceXml));
    notes.push(...refs.notes);
  }
  return { failures, unsupported, notes };
}
