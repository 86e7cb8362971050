/**
 * The NIST test-plan model: what one testplan.xml asks for, read into plain data. Only the
 * instructions the runner understands are typed; every other instruction is kept by name so
 * the step can be reported as not applicable instead of silently passed.
 */
import { kid, kids, textOf, type XNode } from './xml-node.js';

/** The transactions a TestStep may carry, by their element name without "Transaction". */
export type TransactionKind =
  | 'Register' | 'ProvideAndRegister' | 'StoredQuery' | 'Retrieve' | 'XCQ' | 'XCR'
  | 'Mu' | 'RemoveMetadata' | 'Rd' | 'Null' | 'PatientIdentityFeed';

export const SUPPORTED_KINDS: readonly TransactionKind[] = [
  'Register', 'ProvideAndRegister', 'StoredQuery', 'Retrieve', 'XCQ', 'XCR', 'Mu', 'RemoveMetadata', 'Rd', 'Null',
  'PatientIdentityFeed',
];

/** `<UseId testdir= id= symbol= step= section=/>`: a value assigned by an earlier step. */
export interface UseId {
  readonly testdir?: string;
  readonly id: string;
  readonly symbol: string;
  readonly step: string;
  readonly section: string;
}

/** `<UseReport test= section= step= reportName= useAs=/>`: a value reported by an earlier step. */
export interface UseReport {
  readonly test?: string;
  readonly section: string;
  readonly step: string;
  readonly reportName: string;
  readonly useAs: string;
}

/** `<Report name= section="InputMetadata|Result">xpath</Report>`. */
export interface ReportSpec {
  readonly name: string;
  readonly section: string;
  readonly xpath: string;
}

/** One `<Assert id=>xpath</Assert>`. */
export interface AssertSpec {
  readonly id: string;
  readonly xpath: string;
}

export interface TransactionSpec {
  readonly kind: TransactionKind;
  readonly metadataFile?: string;
  readonly assignUuids: boolean;
  readonly noPatientId: boolean;
  /** NoAssignUids: 'all', or the symbolic ids whose uniqueIds are kept (empty: assign every one). */
  readonly noAssignUids: 'all' | readonly string[];
  readonly useIds: readonly UseId[];
  readonly useReports: readonly UseReport[];
  readonly reports: readonly ReportSpec[];
  readonly documents: readonly { readonly id: string; readonly file: string }[];
  /** The ExpectedContents element, when present. */
  readonly expectedContents?: XNode;
  readonly asserts: readonly AssertSpec[];
  readonly referenceDocuments: readonly { readonly uid: string; readonly file: string }[];
  readonly expectedMimeType?: string;
  /** ReferenceMetadata: the query step whose result describes the retrieved documents. */
  readonly referenceMetadata?: { readonly testdir?: string; readonly step: string };
  readonly createNewPatientId: boolean;
  readonly waitBeforeMs: number;
  /** Instructions present in the plan that the runner does not act on. */
  readonly unsupported: readonly string[];
}

export interface PlanStep {
  readonly id: string;
  /** ExpectedStatus values (short names: Success, Failure, PartialSuccess). */
  readonly expectedStatus: readonly string[];
  readonly expectedErrorCodes: readonly string[];
  /** ExpectedErrorMessage: text that must appear in an error's code or context. */
  readonly expectedErrorMessages: readonly string[];
  readonly altPatientId: boolean;
  /** NewPatientId: the test continues with a fresh patient id (no message is sent). */
  readonly newPatientId: boolean;
  readonly transaction?: TransactionSpec;
  /** Why the step cannot be run, when it cannot (an unknown transaction element). */
  readonly unsupported?: string;
}

export interface Plan {
  readonly steps: readonly PlanStep[];
}

/** Instructions acted on, or harmless to ignore (descriptive only, or implied by XDS.b). */
const KNOWN = new Set([
  'XDSb', 'MetadataFile', 'AssignUuids', 'NoPatientId', 'NoAssignUids', 'UseId', 'UseReport', 'Report', 'Document',
  'ExpectedContents', 'Assertions', 'ReferenceDocument', 'ExpectedMimeType', 'CreateNewPatientId', 'NoMetadata',
  'WaitBefore', 'ParseMetadata', 'ReferenceMetadata',
]);

function attr(n: XNode, name: string): string {
  return n.attrs[name] ?? '';
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v ? { [key]: v } : {}) as { [P in K]?: string };
}

function useIdOf(n: XNode): UseId {
  return { ...optional('testdir', n.attrs['testdir']), id: attr(n, 'id'), symbol: attr(n, 'symbol'), step: attr(n, 'step'), section: attr(n, 'section') };
}

function useReportOf(n: XNode): UseReport {
  return {
    ...optional('test', n.attrs['test']), section: attr(n, 'section'), step: attr(n, 'step'),
    reportName: attr(n, 'reportName'), useAs: attr(n, 'useAs'),
  };
}

function noAssignUidsOf(els: readonly XNode[]): 'all' | string[] {
  if (els.some((e) => !e.attrs['id'])) return 'all';
  return els.map((e) => attr(e, 'id'));
}

function referenceMetadataOf(n: XNode | undefined): { referenceMetadata?: { testdir?: string; step: string } } {
  return n ? { referenceMetadata: { ...optional('testdir', n.attrs['testdir']), step: attr(n, 'step') } } : {};
}

function assertsOf(tx: XNode): AssertSpec[] {
  return kids(tx, 'Assertions').flatMap((a) => kids(a, 'Assert')).map((a) => ({ id: attr(a, 'id'), xpath: textOf(a) }));
}

function transactionOf(kind: TransactionKind, tx: XNode): TransactionSpec {
  const contents = kid(tx, 'ExpectedContents');
  const mime = textOf(kid(tx, 'ExpectedMimeType'));
  const file = textOf(kid(tx, 'MetadataFile'));
  return {
    kind,
    ...optional('metadataFile', file),
    assignUuids: kid(tx, 'AssignUuids') !== undefined,
    noPatientId: kid(tx, 'NoPatientId') !== undefined,
    noAssignUids: noAssignUidsOf(kids(tx, 'NoAssignUids')),
    useIds: kids(tx, 'UseId').map(useIdOf),
    useReports: kids(tx, 'UseReport').map(useReportOf),
    reports: kids(tx, 'Report').map((r) => ({ name: attr(r, 'name'), section: attr(r, 'section'), xpath: textOf(r) })),
    documents: kids(tx, 'Document').map((d) => ({ id: attr(d, 'id'), file: textOf(d) })),
    ...(contents ? { expectedContents: contents } : {}),
    asserts: assertsOf(tx),
    referenceDocuments: kids(tx, 'ReferenceDocument').map((d) => ({ uid: attr(d, 'uid'), file: textOf(d) })),
    ...optional('expectedMimeType', mime),
    ...referenceMetadataOf(kid(tx, 'ReferenceMetadata')),
    createNewPatientId: kid(tx, 'CreateNewPatientId') !== undefined,
    waitBeforeMs: Number(textOf(kid(tx, 'WaitBefore')) || 0),
    unsupported: tx.children.map((c) => c.local).filter((l) => !KNOWN.has(l)),
  };
}

function stepOf(n: XNode): PlanStep {
  const txEl = n.children.find((c) => c.local.endsWith('Transaction'));
  const kind = txEl?.local.replace(/Transaction$/, '') as TransactionKind | undefined;
  const base = {
    id: attr(n, 'id'),
    expectedStatus: kids(n, 'ExpectedStatus').map(textOf).map(shortStatus),
    expectedErrorCodes: kids(n, 'ExpectedErrorCode').map(textOf),
    expectedErrorMessages: kids(n, 'ExpectedErrorMessage').map(textOf),
    altPatientId: kid(n, 'AltPatientId') !== undefined,
    newPatientId: kid(n, 'NewPatientId') !== undefined,
  };
  if (!txEl && base.newPatientId) return base;
  if (!txEl || !kind) return { ...base, unsupported: 'the step names no transaction' };
  if (!SUPPORTED_KINDS.includes(kind)) return { ...base, unsupported: `${txEl.local} is not supported by the runner` };
  return { ...base, transaction: transactionOf(kind, txEl) };
}

/** "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success" → "Success". */
export function shortStatus(s: string): string {
  return s.slice(s.lastIndexOf(':') + 1);
}

/**
 * Reads a parsed testplan.xml.
 * @param root - the TestPlan element
 * @returns its steps in order
 */
export function planFrom(root: XNode): Plan {
  if (root.local !== 'TestPlan') throw new Error(`not a TestPlan: <${root.local}>`);
  return { steps: kids(root, 'TestStep').map(stepOf) };
}
