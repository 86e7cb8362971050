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
  constructor(issues: readonly Issue[]) {
    super(issues.map((i) => `${i.code}: ${i.codeContext}`).join('; '));
    this.name = 'XdsError';
    this.issues = issues;
  }
  static of(id: MessageId, args: readonly (string | number | undefined)[] = [], opts: Parameters<typeof issue>[2] = {}): XdsError {
    return new XdsError([issue(id, args, opts)]);
  }
}
