import { combineRecords, type AccessRecord } from '../domain/access-record.js';
import type { Severity, XdsErrorCode } from './codes.js';
import { MESSAGES, type CatalogueEntry, type MessageId } from './messages.js';

/**
 * One finding about a request: what the ebRS RegistryError carries, plus the catalogue
 * id it came from so that every log line leads back to one catalogue entry.
 */
export interface Issue {
  readonly messageId: MessageId;
  readonly code: XdsErrorCode;
  readonly severity: Severity;
  readonly codeContext: string;
  /** The object or parameter at fault: an entryUUID, uniqueId, parameter name or community. */
  readonly location?: string;
}

/**
 * Builds an issue from a catalogue entry, filling its %s placeholders in order.
 * @param id - catalogue entry
 * @param args - values for the placeholders
 * @returns the issue, with the entry's default severity unless `opts` overrides it
 */
export function issue(
  id: MessageId,
  args: readonly (string | number | undefined)[] = [],
  opts: { location?: string | undefined; severity?: Severity; code?: XdsErrorCode } = {},
): Issue {
  const entry: CatalogueEntry = MESSAGES[id];
  let i = 0;
  const codeContext = entry.text.replace(/%s/g, () => String(args[i++] ?? ''));
  return {
    messageId: id,
    code: opts.code ?? entry.code,
    severity: opts.severity ?? entry.severity ?? 'Error',
    codeContext,
    ...(opts.location !== undefined ? { location: opts.location } : {}),
  };
}

/**
 * An error as a responding community reports it: `location` is the community's homeCommunityId
 * (ITI TF-2 3.38.4.1.3, 3.39.4.1.3); a more precise location it had is kept in codeContext.
 * @param i - the issue
 * @param home - the community's homeCommunityId (urn:oid:…)
 * @returns the issue with that location
 */
export function atCommunity<T extends { readonly codeContext: string; readonly location?: string }>(i: T, home: string): T {
  const at = i.location && i.location !== home ? ` (at ${i.location})` : '';
  return { ...i, codeContext: `${i.codeContext}${at}`, location: home };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'Error');
}

/**
 * Raised to stop a transaction with the issues collected so far. Caught in exactly one place
 * per transport and turned into a RegistryResponse, SOAP fault or OperationOutcome.
 */
export class XdsError extends Error {
  readonly issues: readonly Issue[];
  /** What the request had touched when it was stopped, for its audit record. */
  readonly touched: AccessRecord;
  constructor(issues: readonly Issue[], touched: AccessRecord = {}) {
    super(issues.map((i) => `${i.code}: ${i.codeContext}`).join('; '));
    this.name = 'XdsError';
    this.issues = issues;
    this.touched = touched;
  }
  static of(id: MessageId, args: readonly (string | number | undefined)[] = [], opts: Parameters<typeof issue>[2] = {}): XdsError {
    return new XdsError([issue(id, args, opts)]);
  }
}

/**
 * An unexpected error that stopped a request, with what the request had touched by then: the
 * audit record of a failed request still names its patient. The dispatch logs the cause.
 */
export class UnexpectedError extends Error {
  readonly touched: AccessRecord;
  constructor(readonly reason: unknown, touched: AccessRecord) {
    super(reason instanceof Error ? reason.message : String(reason), { cause: reason });
    this.name = 'UnexpectedError';
    this.touched = touched;
  }
}

/**
 * @param e - an error on its way up from a service
 * @param touched - what the service had touched before it (earlier than what the error carries)
 * @returns the error carrying both: an XdsError stays one; anything else becomes an UnexpectedError
 */
export function withTouched(e: unknown, touched: AccessRecord): XdsError | UnexpectedError {
  if (e instanceof XdsError) return new XdsError(e.issues, combineRecords(touched, e.touched));
  if (e instanceof UnexpectedError) return new UnexpectedError(e.reason, combineRecords(touched, e.touched));
  return new UnexpectedError(e, touched);
}

/** What a thrown error says the request had touched (nothing for errors that do not say). */
export function touchedBy(e: unknown): AccessRecord {
  return e instanceof XdsError || e instanceof UnexpectedError ? e.touched : {};
}
