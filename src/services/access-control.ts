/**
 * The access policy (src/policy) as the registry and repository apply it, in one place each:
 * a read request is first decided as a whole (checkRequest), then each DocumentEntry of its
 * result (decideDocument: allow, mask or leave out; the same rules as filterEntries). Every decision
 * is returned in what the call touched (services/touched.ts), for the request's audit record.
 * Anonymous callers (XUA off, or optional without a ticket) are not filtered.
 * See docs/access-policy.md §2–§4, norway-profile.md §6.2, house-style A8 ("access denied by policy").
 */
import type { Cx } from '../domain/datatypes.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import { EMPTY_REGISTRY_OBJECTS, type RegistryObjects } from '../domain/submission.js';
import type { AccessRecord } from '../domain/access-record.js';
import { issue, XdsError, type Issue } from '../errors/issue.js';
import { checkRequest, decideDocument, isTicketPatient, mayRetrieve } from '../policy/access-policy.js';
import { maskDocumentEntry, maskSubmissionSet } from '../policy/mask.js';
import type { ResultRestriction } from '../queries/execute.js';
import type { CallContext } from './services.js';
import type { Touched } from './touched.js';

const isAnonymous = (call: CallContext): boolean => call.security.kind === 'anonymous';

/**
 * Decides a read request as a whole: purpose, role, and that the patient it names is the
 * ticket's.
 * @param call - the caller
 * @param patient - the patient the request names, if any
 * @param now - the time of the request
 * @param refusal - the catalogue entry of the actor (registry or repository)
 * @returns break-the-glass, for the audit record
 * @throws XdsError with a policy codeContext when the request is refused, carrying the refusal
 */
export function admitRequest(call: CallContext, patient: Cx | undefined, now: Date,
  refusal: 'POLICY_REFUSED' | 'POLICY_REFUSED_RETRIEVE'): AccessRecord {
  if (isAnonymous(call)) return {};
  const decision = checkRequest(call.security, { patientId: patient }, now);
  const glass: AccessRecord = decision.breakTheGlass ? { breakTheGlass: true } : {};
  if (decision.allowed) return glass;
  const reasons = decision.reasons.join('; ');
  throw new XdsError([issue(refusal, [reasons])], { ...glass, refusal: reasons });
}

/**
 * What a caller may see of a stored query's result: DocumentEntries allowed as they are,
 * masked (NORS for health personnel) or left out; SubmissionSets and Folders of another patient
 * than the ticket's left out; associations to anything left out dropped, so that neither a
 * LeafClass nor an ObjectRef result reveals what was left out. The ends of associations that are
 * not in the result (GetAssociations, and any query that returns associations alone) are read
 * and judged by the same rules, so no stored query answers with another patient's association
 * ids.
 * @param call - the caller
 * @param now - the time of the request
 * @param touched - takes the patient found and each document's decision
 * @returns the restriction for executeStoredQuery
 */
export function queryRestriction(call: CallContext, now: Date, touched: Touched): ResultRestriction {
  const masked = new Set<string>();
  return {
    exclude: async (found, lookup) => {
      const ends = await associationEnds(found, lookup);
      touched.patient(patientOf(found) ?? patientOf(ends));
      return isAnonymous(call) ? found : excludeHidden(call, found, ends, now, masked, touched);
    },
    present: (visible) => (masked.size === 0 ? visible : maskResult(visible, masked)),
  };
}

/** Masks the masked entries, and the SubmissionSets that hold one of them (their authors are its). */
function maskResult(visible: RegistryObjects, masked: ReadonlySet<string>): RegistryObjects {
  const holders = new Set(visible.associations.filter((a) => a.type === 'HasMember' && masked.has(a.targetUuid)).map((a) => a.sourceUuid));
  return {
    ...visible,
    documentEntries: visible.documentEntries.map((e) => (masked.has(e.entryUuid) ? maskDocumentEntry(e) : e)),
    submissionSets: visible.submissionSets.map((s) => (holders.has(s.entryUuid) ? maskSubmissionSet(s) : s)),
  };
}

const patientOf = (o: RegistryObjects): Cx | undefined =>
  o.documentEntries[0]?.patientId ?? o.submissionSets[0]?.patientId ?? o.folders[0]?.patientId;

/** The registry objects that the result's associations name but the result does not hold. */
async function associationEnds(found: RegistryObjects, lookup: (uuids: readonly string[]) => Promise<RegistryObjects>): Promise<RegistryObjects> {
  const held = new Set([...found.documentEntries, ...found.submissionSets, ...found.folders].map((o) => o.entryUuid));
  const missing = [...new Set(found.associations.flatMap((a) => [a.sourceUuid, a.targetUuid]))].filter((u) => !held.has(u));
  return missing.length ? lookup(missing) : EMPTY_REGISTRY_OBJECTS;
}

/**
 * Leaves out what the policy denies; collects the entries to mask. `ends` are objects outside
 * the result that its associations name: judged alike, never returned nor noted as shown.
 */
function excludeHidden(call: CallContext, found: RegistryObjects, ends: RegistryObjects, now: Date, masked: Set<string>,
  touched: Touched): RegistryObjects {
  const hidden = new Set<string>();
  for (const e of ends.documentEntries) if (decideDocument(call.security, e, now).effect === 'deny') hidden.add(e.entryUuid);
  const documentEntries = found.documentEntries.filter((e) => {
    const decision = decideDocument(call.security, e, now);
    touched.documents([{ uniqueId: e.uniqueId ?? e.entryUuid, decision: decision.effect }]);
    if (decision.effect === 'mask') masked.add(e.entryUuid);
    if (decision.effect === 'deny') hidden.add(e.entryUuid);
    return decision.effect !== 'deny';
  });
  const visible = <T extends { readonly entryUuid: string; readonly patientId?: Cx }>(o: T): boolean => {
    const foreign = o.patientId !== undefined && !isTicketPatient(call.security, o.patientId);
    if (foreign) hidden.add(o.entryUuid);
    return !foreign;
  };
  [...ends.submissionSets, ...ends.folders].forEach(visible);
  const submissionSets = found.submissionSets.filter(visible);
  const folders = found.folders.filter(visible);
  const associations = found.associations.filter((a) => !hidden.has(a.sourceUuid) && !hidden.has(a.targetUuid));
  return { submissionSets, documentEntries, folders, associations };
}

/**
 * The access decision for one document of a retrieve (ITI-43, ITI-39): content is released only
 * when the entry would be shown unmasked in a query. A masked (blocked) document, whose entry the
 * caller has seen as "Sperret", is refused with a clear reason; a denied one is answered exactly
 * like an unknown document, so that the refusal does not reveal that it exists.
 * @param call - the caller
 * @param entry - the document's metadata
 * @param repositoryUniqueId - this repository
 * @param now - the time of the request
 * @param touched - takes the patient and the document with its decision
 * @returns undefined when the content may be returned, else the per-document issue
 */
export function retrievalIssue(call: CallContext, entry: DocumentEntry, repositoryUniqueId: string, now: Date, touched: Touched): Issue | undefined {
  const uniqueId = entry.uniqueId ?? entry.entryUuid;
  touched.patient(entry.patientId);
  if (isAnonymous(call)) {
    touched.documents([{ uniqueId, repositoryUniqueId }]);
    return undefined;
  }
  const decision = decideDocument(call.security, entry, now);
  touched.documents([{ uniqueId, repositoryUniqueId, decision: decision.effect }]);
  if (mayRetrieve(decision)) return undefined;
  const at = { location: uniqueId };
  return decision.effect === 'mask'
    ? issue('DOCUMENT_BLOCKED', [uniqueId, decision.reasons.join('; ')], at)
    : issue('UNKNOWN_DOCUMENT', [uniqueId, repositoryUniqueId], at);
}
