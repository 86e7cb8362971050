/**
 * GET /fhir/AuditEvent?patient=… : the access log of one patient (interface.md; the citizen's
 * "innsynslogg", norway-profile.md §7). Returns a FHIR searchset Bundle, or an
 * OperationOutcome for a bad parameter or a caller who may not read that log.
 */
import { cxKey, type Cx } from '../../domain/datatypes.js';
import { nationalIdCx } from '../../domain/norwegian-identifiers.js';
import { isIsoOid } from '../../domain/oid.js';
import type { SecurityContext } from '../../domain/security-context.js';
import { operationOutcome, type OperationOutcome } from '../../formats/fhir/operation-outcome.js';
import type { AuditEvent } from '../../formats/fhir/audit-event.js';
import { InvalidCursorError, type AuditStore } from '../../audit/ports.js';

export interface SearchBundle {
  readonly resourceType: 'Bundle';
  readonly type: 'searchset';
  /** Given when the whole log fits in this page; a paged log has a `next` link instead. */
  readonly total?: number;
  readonly link?: readonly { readonly relation: 'self' | 'next'; readonly url: string }[];
  readonly entry: readonly { readonly fullUrl: string; readonly resource: AuditEvent; readonly search: { readonly mode: 'match' } }[];
}

export type AuditSearchResult =
  | { readonly status: 200; readonly body: SearchBundle }
  | { readonly status: 400 | 403; readonly body: OperationOutcome };

/** Records per page when `_count` is not given, and the most a page may hold. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/**
 * Reads the patient parameter: a token `urn:oid:<OID>|<id>`, a CX `id^^^&OID&ISO`, or a bare
 * 11-digit national identity number (D-number when its first digit is 4–7).
 * @param value - the parameter as received
 * @returns the patient, or undefined when it is none of these
 */
export function parsePatientParam(value: string): Cx | undefined {
  const v = value.trim();
  const token = /^urn:oid:([^|]+)\|(.+)$/.exec(v);
  if (token && isIsoOid(token[1] as string)) return { id: token[2] as string, assigningAuthority: token[1] as string };
  const cx = /^([^^&]+)\^\^\^&([^&]+)&ISO$/.exec(v);
  if (cx && isIsoOid(cx[2] as string)) return { id: cx[1] as string, assigningAuthority: cx[2] as string };
  return nationalIdCx(v);
}

/**
 * Who may read a patient's access log: everyone when no caller is established (XUA off or
 * optional without a ticket); the citizen about themself or as parent / representative
 * (ACP .1–.3); a system token with one of `auditScopes`. Health personnel may not.
 * @returns undefined when allowed, else the reason
 */
function auditLogRefusal(ctx: SecurityContext, patient: Cx, auditScopes: readonly string[] = []): string | undefined {
  if (ctx.kind === 'anonymous') return undefined;
  if (ctx.kind === 'citizen') {
    const represents = (ctx.acpCodes ?? []).some((a) => /^2\.16\.578\.1\.12\.4\.1\.7\.2\.1\.[123]$/.test(a));
    const own = ctx.subjectId === patient.id;
    const viaTicket = represents && ctx.patientId !== undefined && cxKey(ctx.patientId) === cxKey(patient);
    return own || viaTicket ? undefined : 'a citizen may read only their own access log or that of someone they represent';
  }
  if (ctx.kind === 'system' && auditScopes.some((s) => ctx.scopes?.includes(s))) return undefined;
  return 'this caller may not read patients\' access logs';
}

const outcome = (status: 400 | 403, code: 'invalid' | 'forbidden' | 'required', diagnostics: string): AuditSearchResult =>
  ({ status, body: operationOutcome(code, diagnostics) });

/**
 * @param store - the audit store
 * @param params - the query parameters: `patient` (or `patient.identifier`); `_count` (1–1000,
 *   default 100) and `_page` (the cursor of a `next` link) for paging
 * @param ctx - the caller
 * @param options - auditScopes: scopes that let a system token read access logs;
 *   baseUrl: the FHIR base (e.g. https://host/fhir) for entry fullUrls and links
 * @returns a searchset Bundle, newest first, with a `next` link when older records remain,
 *   or an OperationOutcome with 400 / 403
 */
export async function searchAuditEvents(store: AuditStore, params: Readonly<Record<string, string | undefined>>,
  ctx: SecurityContext, options: { auditScopes?: readonly string[]; baseUrl?: string } = {}): Promise<AuditSearchResult> {
  const raw = params.patient ?? params['patient.identifier'];
  if (!raw) return outcome(400, 'required', 'the search needs patient=<system>|<id>');
  const patient = parsePatientParam(raw);
  if (!patient) return outcome(400, 'invalid', 'patient must be urn:oid:<OID>|<id>, a CX, or an 11-digit national identity number');
  const count = params._count === undefined ? DEFAULT_PAGE_SIZE : Number(params._count);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PAGE_SIZE) return outcome(400, 'invalid', `_count must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  const refusal = auditLogRefusal(ctx, patient, options.auditScopes);
  if (refusal) return outcome(403, 'forbidden', refusal);
  let page;
  try {
    page = await store.pageByPatient(cxKey(patient), { limit: count, ...(params._page ? { cursor: params._page } : {}) });
  } catch (e) {
    if (e instanceof InvalidCursorError) return outcome(400, 'invalid', e.message);
    throw e;
  }
  const base = options.baseUrl ?? '';
  const search = (extra: string): string => `${base}/AuditEvent?patient=${encodeURIComponent(raw)}&_count=${count}${extra}`;
  const link = [
    { relation: 'self' as const, url: search(params._page ? `&_page=${encodeURIComponent(params._page)}` : '') },
    ...(page.next ? [{ relation: 'next' as const, url: search(`&_page=${encodeURIComponent(page.next)}`) }] : []),
  ];
  return {
    status: 200,
    body: {
      resourceType: 'Bundle', type: 'searchset',
      ...(page.next || params._page ? {} : { total: page.events.length }),
      link,
      entry: page.events.map((e) => ({ fullUrl: `${base}/AuditEvent/${e.id}`, resource: e, search: { mode: 'match' as const } })),
    },
  };
}
