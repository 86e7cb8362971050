/**
 * Builds the request body of one step from its metadata file: symbols substituted, submissions
 * prepared (patient id, uniqueIds, uuids, ebRIM 2.1 → 3.0), Provide and Register documents
 * attached. What was assigned is recorded in the report store as the toolkit's log would hold it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Attachment } from '../../test/support/soap-client.js';
import { provideAndRegisterBody, type OutgoingDocument } from './exchange.js';
import type { PlanStep, TransactionSpec } from './plan.js';
import { prepareSubmission, registryObjects, type PreparedSubmission } from './prepare.js';
import type { ReportStore } from './reports.js';
import { substitute, Unresolved, type StepScope } from './symbols.js';
import { parseNode, type XNode } from './xml-node.js';

/** Documents the runner submitted, by document uniqueId, so retrieves can be compared with them. */
export type SubmittedDocuments = Map<string, { readonly content: Buffer; readonly mimeType: string }>;

export interface BuiltRequest {
  readonly body: XNode;
  readonly attachments: readonly Attachment[];
  /** Notes for the step's report (e.g. a substitute document). */
  readonly notes: readonly string[];
}

const SUBMISSIONS = new Set(['Register', 'ProvideAndRegister', 'Mu']);

function metadataText(tx: TransactionSpec, scope: StepScope): string {
  if (!tx.metadataFile) throw new Unresolved(`${tx.kind}Transaction has no MetadataFile`, 'na');
  const file = path.join(scope.sectionDir, tx.metadataFile);
  if (!existsSync(file)) throw new Unresolved(`metadata file ${tx.metadataFile} is not in the testkit`, 'na');
  return readFileSync(file, 'utf8');
}

function recordAssignments(p: PreparedSubmission, scope: StepScope, store: ReportStore): void {
  const at = [scope.test, scope.section, scope.step] as const;
  for (const [sym, uid] of p.uids) { store.assign(...at, 'AssignedUids', sym, uid); store.set(...at, `${sym}_uid`, uid); }
  for (const [sym, uuid] of p.uuids) { store.assign(...at, 'AssignedUuids', sym, uuid); store.set(...at, `${sym}_uuid`, uuid); }
  for (const [sym, pid] of p.patientIds) store.assign(...at, 'AssignedPatientId', sym, pid);
}

/** The patient id a submission step writes, or undefined for NoPatientId. */
function patientFor(step: PlanStep, tx: TransactionSpec, symbols: ReadonlyMap<string, string>): string | undefined {
  if (tx.noPatientId) return undefined;
  return step.altPatientId ? symbols.get('$altpatientid$') : symbols.get('$patientid$');
}

/** A document's bytes: the plan's file, or a small text stand-in when the testkit left the file out (PDFs). */
function documentContent(file: string, scope: StepScope): { content: Buffer; note?: string } {
  const at = path.join(scope.sectionDir, file);
  if (existsSync(at)) return { content: readFileSync(at) };
  return { content: Buffer.from(`Stand-in for ${file}, which the testkit copy leaves out.\n`), note: `document ${file} is not in the testkit: a text stand-in was sent` };
}

function outgoingDocuments(tx: TransactionSpec, p: PreparedSubmission, scope: StepScope, submitted: SubmittedDocuments): { docs: OutgoingDocument[]; notes: string[] } {
  const mimeTypes = new Map(registryObjects(p.body).filter((o) => o.local === 'ExtrinsicObject').map((o) => [o.attrs['id'] ?? '', o.attrs['mimeType'] ?? 'application/octet-stream']));
  const notes: string[] = [];
  const docs = tx.documents.map((d) => {
    const { content, note } = documentContent(d.file, scope);
    if (note) notes.push(note);
    const id = p.uuids.get(d.id) ?? d.id;
    const mimeType = mimeTypes.get(id) ?? 'application/octet-stream';
    const uid = p.uids.get(d.id);
    if (uid) submitted.set(uid, { content, mimeType });
    return { id, mimeType, content };
  });
  return { docs, notes };
}

/**
 * Builds the request of a step that talks to the gateway.
 * @param step - the plan step
 * @param scope - where it sits
 * @param symbols - its bound symbols
 * @param store - where assigned ids are recorded
 * @param submitted - where submitted documents are recorded
 * @returns the body (and MTOM parts)
 * @throws Unresolved when the metadata file is missing
 */
export function buildRequest(step: PlanStep, scope: StepScope, symbols: ReadonlyMap<string, string>, store: ReportStore,
  submitted: SubmittedDocuments): BuiltRequest {
  const tx = step.transaction;
  if (!tx) throw new Unresolved('no transaction', 'na');
  const root = parseNode(substitute(metadataText(tx, scope), symbols, true));
  if (!SUBMISSIONS.has(tx.kind)) return { body: root, attachments: [], notes: [] };
  const patientId = patientFor(step, tx, symbols);
  const prepared = prepareSubmission(root, {
    ...(patientId !== undefined ? { patientId } : {}), assignUuids: tx.assignUuids, noAssignUids: tx.noAssignUids,
  });
  recordAssignments(prepared, scope, store);
  if (tx.kind !== 'ProvideAndRegister') return { body: prepared.body, attachments: [], notes: [] };
  const { docs, notes } = outgoingDocuments(tx, prepared, scope, submitted);
  const { body, attachments } = provideAndRegisterBody(prepared.body, docs);
  return { body, attachments, notes };
}
