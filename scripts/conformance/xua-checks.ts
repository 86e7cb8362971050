/**
 * The XUA variant's negative checks: a handful per collection, not per test. Each re-sends a
 * step that got data back under XUA (xua-sender.ts samples) in two ways:
 *   - without a ticket: the gateway must answer the SOAP 1.2 fault wsse:SecurityTokenUnavailable
 *     (XUA_MODE=required, docs/access-policy.md §1);
 *   - with a valid ticket for another patient: a query naming its patient must be refused as a
 *     whole (Failure, XDSRegistryError "Access refused by the access policy"); a retrieve must
 *     release nothing and answer as for an unknown document (Failure, XDSDocumentUniqueIdError),
 *     so the refusal does not reveal that the document exists (docs/access-policy.md §3).
 * Each check is reported as a test of its own ("xua:ITI-18/no-ticket").
 */
import { exchange, type Endpoint, type Exchange } from './exchange.js';
import type { TransactionKind } from './plan.js';
import type { TestResult, Verdict } from './results.js';
import { descendants } from './xml-node.js';
import type { Sample } from './xua-sender.js';
import { securityHeader, type TicketBook } from './xua-tickets.js';

/** The collection id under which the checks are reported. */
export const XUA_CHECKS = 'xua:checks';

interface CheckTarget {
  /** The runner's collection whose transaction this is (the check runs when it ran). */
  readonly collection: string;
  /** The collection whose steps give the sample, when another (the check needs it to have run too). */
  readonly source?: string;
  readonly label: string;
  readonly kind: TransactionKind;
  readonly endpoint?: Endpoint;
}

/** One target per read transaction the collections send, and the initiating gateway's ITI-18. */
export const CHECK_TARGETS: readonly CheckTarget[] = [
  { collection: 'registry', label: 'ITI-18', kind: 'StoredQuery' },
  { collection: 'repository', label: 'ITI-43', kind: 'Retrieve' },
  { collection: 'responding-gateway', label: 'ITI-38', kind: 'XCQ' },
  { collection: 'responding-gateway', label: 'ITI-39', kind: 'XCR' },
  { collection: 'initiating-gateway', source: 'registry', label: 'ITI-18-IG', kind: 'StoredQuery', endpoint: 'ig' },
];

type Way = 'no-ticket' | 'other-patient';

const WAYS: Readonly<Record<Way, string>> = {
  'no-ticket': 'without a ticket: SOAP fault wsse:SecurityTokenUnavailable',
  'other-patient': 'with a ticket for another patient: refused',
};

/**
 * What was wrong with the answer to a request sent without a ticket.
 * @param x - the answer
 * @returns the problems (none when it was the expected fault)
 */
export function noTicketProblems(x: Exchange): string[] {
  if (x.status !== 'Fault') return [`expected a SOAP fault, got ${x.status}`];
  return x.fault?.code === 'SecurityTokenUnavailable' ? [] : [`expected fault wsse:SecurityTokenUnavailable, got ${x.fault?.code ?? '?'}: ${x.fault?.reason ?? ''}`];
}

/**
 * What was wrong with the answer to a request sent with another patient's ticket.
 * @param kind - the transaction (query or retrieve)
 * @param x - the answer
 * @returns the problems (none when it was refused as docs/access-policy.md says)
 */
export function otherPatientProblems(kind: TransactionKind, x: Exchange): string[] {
  const problems: string[] = [];
  if (x.status !== 'Failure') problems.push(`expected Failure, got ${x.status}${x.fault ? ` (${x.fault.code}: ${x.fault.reason})` : ''}`);
  const query = kind === 'StoredQuery' || kind === 'XCQ';
  const code = query ? 'XDSRegistryError' : 'XDSDocumentUniqueIdError';
  const refused = x.errors.some((e) => e.code === code && (!query || /access policy/i.test(e.context)));
  if (!refused) problems.push(`expected ${code}${query ? ' naming the access policy' : ''}, got ${x.errors.map((e) => e.code).join(', ') || 'no error'}`);
  const leaked = query ? (x.body ? descendants(x.body).filter((n) => n.local === 'ExtrinsicObject').length : 0) : x.documents.length;
  if (leaked) problems.push(`${leaked} ${query ? 'entries' : 'documents'} of the sample's patient came back`);
  return problems;
}

function result(id: string, title: string, verdict: Verdict, reason: string, started: number): TestResult {
  return { test: id, title, collection: XUA_CHECKS, verdict, reason, sections: [], durationMs: Date.now() - started };
}

export interface CheckOptions {
  readonly baseUrl: string;
  readonly samples: ReadonlyMap<TransactionKind, Sample>;
  readonly book: TicketBook;
  /** The runner's collections that ran under XUA: only their checks run. */
  readonly collections: ReadonlySet<string>;
  /**
   * Only some tests ran (--test): a check without a sample is left out rather than reported
   * not applicable, which would count as a regression of a listed check.
   */
  readonly partial: boolean;
  /** Makes up a patient other than every sample's. */
  readonly otherPatient: () => string;
}

async function runOne(t: CheckTarget, way: Way, sample: Sample | undefined, o: CheckOptions): Promise<TestResult | undefined> {
  const started = Date.now();
  const id = `xua:${t.label}/${way}`;
  if (!sample && o.partial) return undefined;
  if (!sample) return result(id, `${t.label} ${WAYS[way]}`, 'na', `no ${t.label} step got data back under XUA, so there is none to send again`, started);
  const title = `${t.label} as in ${sample.where}, ${WAYS[way]}`;
  const headers = way === 'no-ticket' ? undefined : securityHeader(o.book.ticketFor(o.otherPatient()));
  const x = await exchange(o.baseUrl, sample.kind, sample.body, sample.attachments, {
    ...(headers ? { headers } : {}), ...(t.endpoint ? { endpoint: t.endpoint } : {}),
  });
  const problems = way === 'no-ticket' ? noTicketProblems(x) : otherPatientProblems(sample.kind, x);
  return result(id, title, problems.length ? 'fail' : 'pass', problems.join('; '), started);
}

/**
 * Runs the negative checks of the collections that ran.
 * @param o - the gateway, the samples, the tickets and which collections ran
 * @returns one result per check, in CHECK_TARGETS order
 */
export async function runXuaChecks(o: CheckOptions): Promise<TestResult[]> {
  const out: TestResult[] = [];
  const ran = (t: CheckTarget): boolean => o.collections.has(t.collection) && o.collections.has(t.source ?? t.collection);
  for (const t of CHECK_TARGETS.filter(ran)) {
    for (const way of Object.keys(WAYS) as Way[]) {
      const r = await runOne(t, way, o.samples.get(t.kind), o);
      if (r) out.push(r);
    }
  }
  return out;
}
