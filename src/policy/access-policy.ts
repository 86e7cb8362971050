/**
 * Access decisions for reading documents (ITI-18/38/43/39, MHD ITI-66/67/68): first the
 * request as a whole (is this caller, with this purpose, allowed to ask about this patient?),
 * then each DocumentEntry (allow, mask or deny). Retrieve obeys the same per-document
 * decision as query: only 'allow' releases content. All rules are data in policy-table.ts;
 * docs/access-policy.md explains them. Sources: norway-profile.md §4.5, §4.6, §6.
 */
import { cxKey, type Code, type Cx } from '../domain/datatypes.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { SecurityContext } from '../domain/security-context.js';
import { maskDocumentEntry } from './mask.js';
import { ageOf } from './national-id.js';
import { DEFAULT_POLICY, type AccessPolicyTable, type CitizenRelation, type ConfidentialityRule, type Effect } from './policy-table.js';

export type { Effect } from './policy-table.js';

export interface RequestDecision {
  readonly allowed: boolean;
  readonly reasons: readonly string[];
  /** The caller broke the glass (purpose BTG): the audit record must say so. */
  readonly breakTheGlass: boolean;
}

export interface DocumentDecision {
  readonly effect: Effect;
  readonly reasons: readonly string[];
}

/**
 * The purpose of use as one code of the table (legacy ISO 14265 codes mapped).
 * @param purpose - the principal's purpose
 * @param table - the policy
 * @returns the normalised code, or undefined when there is none
 */
function normalisedPurpose(purpose: Code | undefined, table: AccessPolicyTable = DEFAULT_POLICY): string | undefined {
  if (!purpose) return undefined;
  return table.purposeAliases[`${purpose.codingScheme}|${purpose.code}`] ?? purpose.code;
}

/**
 * Whether a patient id names the ticket's patient: the same CX, one of its other ids in the
 * patient cross-reference (patientAliasKeys), or anyone when matching is off (ACCESS_PATIENT_MATCH).
 * @param ctx - the caller
 * @param id - a queried patient, or a document's, SubmissionSet's or Folder's patient
 * @returns true when the ticket names no patient, or names this one
 */
export function isTicketPatient(ctx: SecurityContext, id: Cx): boolean {
  if (!ctx.patientId || ctx.patientMatchOff) return true;
  const key = cxKey(id);
  return key === cxKey(ctx.patientId) || (ctx.patientAliasKeys?.includes(key) ?? false);
}

/** The citizen's relation to the patient, from the ACP codes. */
function relationOf(ctx: SecurityContext, table: AccessPolicyTable): CitizenRelation {
  for (const acp of ctx.acpCodes ?? []) {
    const r = table.acpRelations[acp];
    if (r) return r;
  }
  return 'self';
}

/**
 * Decides whether a read request may proceed at all.
 * @param ctx - the caller
 * @param request - the patient the request names, when it names one (FindDocuments does;
 *   GetDocuments and retrieve do not, and their entries are checked one by one)
 * @param now - for the citizen age rules
 * @param table - the policy
 * @returns allowed or not, with reasons
 */
export function checkRequest(ctx: SecurityContext, request: { readonly patientId?: Cx | undefined },
  now: Date, table: AccessPolicyTable = DEFAULT_POLICY): RequestDecision {
  const purpose = normalisedPurpose(ctx.purposeOfUse, table);
  const breakTheGlass = purpose !== undefined && table.breakTheGlassPurposes.includes(purpose);
  if (ctx.kind === 'anonymous') return { allowed: true, reasons: ['no caller was established (XUA off, or optional without a ticket): not filtered'], breakTheGlass: false };
  const reasons = ctx.kind === 'health-personnel' ? healthPersonnelProblems(ctx, purpose, table)
    : ctx.kind === 'citizen' ? citizenProblems(ctx, purpose, now, table)
      : ['a system token carries no user, purpose or patient, so it cannot read patient documents'];
  if (ctx.patientId && request.patientId && !isTicketPatient(ctx, request.patientId)) {
    reasons.push(`the ticket is for patient ${cxKey(ctx.patientId)}, not the queried patient ${cxKey(request.patientId)}`);
  }
  return { allowed: reasons.length === 0, reasons, breakTheGlass };
}

function healthPersonnelProblems(ctx: SecurityContext, purpose: string | undefined, table: AccessPolicyTable): string[] {
  const p: string[] = [];
  if (!ctx.subjectId) p.push('the ticket names no user');
  if (!ctx.organizationId) p.push('the ticket names no organisation');
  if (!ctx.patientId) p.push('the ticket names no patient (resource-id)');
  if (!purpose || !table.healthPersonnelPurposes.includes(purpose)) {
    p.push(`purpose of use ${purpose ?? '(none)'} is not allowed for health personnel (allowed: ${table.healthPersonnelPurposes.join(', ')})`);
  }
  const role = ctx.role;
  if (role && (!table.roleSystems.includes(role.codingScheme) || (table.roleCodes && !table.roleCodes.includes(role.code)))) {
    p.push(`role ${role.code} (${role.codingScheme}) is not an accepted health-personnel role`);
  }
  return p;
}

function citizenProblems(ctx: SecurityContext, purpose: string | undefined, now: Date, table: AccessPolicyTable): string[] {
  const p: string[] = [];
  if (!purpose || !table.citizenPurposes.includes(purpose)) p.push(`purpose of use ${purpose ?? '(none)'} is not a citizen purpose`);
  if (!ctx.patientId) return [...p, 'the ticket names no patient (resource-id)'];
  const relation = relationOf(ctx, table);
  const age = ageOf(ctx.patientId.id, now);
  if (relation === 'self') {
    if (ctx.subjectId !== ctx.patientId.id) p.push('the citizen asks about another person without a representation (ACP)');
    else if (age !== undefined && age < table.citizenOwnAccessFromAge) p.push(`citizens below ${table.citizenOwnAccessFromAge} cannot read their own record here`);
  }
  if (relation === 'parent' && (age === undefined || age >= table.parentAccessBelowAge)) {
    p.push(`parents may read a child's record only below age ${table.parentAccessBelowAge}`);
  }
  return p;
}

function ruleMatches(rule: ConfidentialityRule, codes: readonly Code[]): boolean {
  return codes.some((c) => c.codingScheme === rule.system
    && (rule.code.endsWith('*') ? c.code.startsWith(rule.code.slice(0, -1)) : c.code === rule.code));
}

const STRENGTH: Record<Effect, number> = { allow: 0, mask: 1, deny: 2 };

/**
 * Decides one document for a caller whose request was allowed.
 * @param ctx - the caller
 * @param entry - the document's metadata
 * @param now - for the citizen age rules
 * @param table - the policy
 * @returns allow, mask or deny, with the reasons of every rule that applied
 */
export function decideDocument(ctx: SecurityContext, entry: DocumentEntry, now: Date, table: AccessPolicyTable = DEFAULT_POLICY): DocumentDecision {
  if (ctx.kind === 'anonymous') return { effect: 'allow', reasons: [] };
  if (ctx.kind === 'system') return { effect: 'deny', reasons: ['a system token cannot read patient documents'] };
  if (entry.patientId && !isTicketPatient(ctx, entry.patientId)) {
    return { effect: 'deny', reasons: ['the document belongs to another patient than the ticket\'s'] };
  }
  const purpose = normalisedPurpose(ctx.purposeOfUse, table);
  const rules = ctx.kind === 'health-personnel' ? table.healthPersonnel : citizenRulesFor(ctx, now, table);
  let effect: Effect = 'allow';
  const reasons: string[] = [];
  for (const rule of rules) {
    if (!ruleMatches(rule, entry.confidentialityCodes)) continue;
    if (purpose && rule.unlessPurposes?.includes(purpose)) continue;
    reasons.push(rule.reason);
    if (STRENGTH[rule.effect] > STRENGTH[effect]) effect = rule.effect;
  }
  return { effect, reasons };
}

function citizenRulesFor(ctx: SecurityContext, now: Date, table: AccessPolicyTable): ConfidentialityRule[] {
  const relation = relationOf(ctx, table);
  const age = ctx.patientId ? ageOf(ctx.patientId.id, now) : undefined;
  return table.citizen.filter((r) => (!r.relations || r.relations.includes(relation))
    && (!r.ownAge || age === undefined || (age >= r.ownAge.min && age < r.ownAge.max)));
}

export interface FilteredEntries {
  /** What the caller gets: allowed entries as they are, masked ones masked, denied ones left out. */
  readonly entries: readonly DocumentEntry[];
  readonly decisions: readonly (DocumentDecision & { readonly entryUuid: string; readonly uniqueId?: string })[];
  readonly masked: number;
  readonly denied: number;
}

/**
 * Applies the per-document decisions to a query result (ITI-18 / ITI-38 / ITI-67).
 * @param ctx - the caller
 * @param entries - the registry's result
 * @param now - for the citizen age rules
 * @param table - the policy
 * @returns the entries to return, each decision (for the audit record) and the counts
 *   (masked = the X-SecurityLabel-Nors-Count of the PJD API)
 */
export function filterEntries(ctx: SecurityContext, entries: readonly DocumentEntry[], now: Date, table: AccessPolicyTable = DEFAULT_POLICY): FilteredEntries {
  const out: DocumentEntry[] = [];
  const decisions: FilteredEntries['decisions'][number][] = [];
  for (const e of entries) {
    const d = decideDocument(ctx, e, now, table);
    decisions.push({ ...d, entryUuid: e.entryUuid, ...(e.uniqueId ? { uniqueId: e.uniqueId } : {}) });
    if (d.effect === 'allow') out.push(e);
    else if (d.effect === 'mask') out.push(maskDocumentEntry(e));
  }
  return { entries: out, decisions, masked: decisions.filter((d) => d.effect === 'mask').length, denied: decisions.filter((d) => d.effect === 'deny').length };
}

/**
 * Retrieve (ITI-43 / ITI-39 / ITI-68) follows the query decision: content is released only
 * when the document would be shown unmasked.
 * @param decision - the document's decision
 * @returns true when the bytes may be returned
 */
export function mayRetrieve(decision: DocumentDecision): boolean {
  return decision.effect === 'allow';
}
