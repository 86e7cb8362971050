import { associationTypeName, type Association } from '../domain/association.js';
import { cxKey, type Cx } from '../domain/datatypes.js';
import { RELATIONSHIP_TYPES } from '../domain/vocabulary.js';
import { issue, type Issue } from '../errors/issue.js';
import { allObjects, isUuidForm, kindOf, type Indexed, type Kind, type RuleContext } from './context.js';

/** Association types an ITI-42 submission may carry. ITI TF-3 4.2.2 */
function isSubmittableType(a: Association): boolean {
  return a.type === 'HasMember' || (typeof a.type === 'string' && RELATIONSHIP_TYPES.includes(a.type));
}

/** True when an association end names an object of the message or, by urn:uuid, of the registry. */
function resolves(ctx: RuleContext, id: string): boolean {
  return ctx.message.has(id) || (isUuidForm(id) && ctx.registry.has(id));
}

/** HasMember shapes of ITI TF-3 4.2.2.1: SS→DE, SS→Folder, SS→Association, Folder→DE. */
function hasMemberShapeOk(ctx: RuleContext, a: Association, source: Kind, target: Kind): boolean {
  if (source === 'Folder') return target === 'DocumentEntry';
  return source === 'SubmissionSet' && ctx.message.get(a.sourceUuid)?.kind === 'SubmissionSet'
    && target !== 'SubmissionSet';
}

/**
 * Each association has a known type, distinct ends that resolve in the message or the
 * registry, an allowed HasMember shape, and no documentation classification on HasMember.
 * ITI TF-3 4.2.2, 4.2.2.1, 4.2.2.2
 * @param ctx - rule context
 * @returns issues found, located at the association
 */
export function checkAssociations(ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  for (const a of ctx.objects.associations) {
    const at = { location: a.entryUuid };
    if (!isSubmittableType(a)) out.push(issue('UNKNOWN_ASSOCIATION_TYPE', [a.entryUuid, associationTypeName(a)], at));
    if (a.sourceUuid === a.targetUuid) out.push(issue('ASSOCIATION_TO_SELF', [a.entryUuid, a.sourceUuid], at));
    for (const end of [a.sourceUuid, a.targetUuid]) {
      if (!resolves(ctx, end)) out.push(issue('UNRESOLVED_REFERENCE', [a.entryUuid, end], at));
    }
    if (a.type !== 'HasMember') continue;
    if (a.documentation !== undefined) out.push(issue('DOC_CODE_ON_HAS_MEMBER', [a.entryUuid], at));
    const source = kindOf(ctx, a.sourceUuid);
    const target = kindOf(ctx, a.targetUuid);
    if (source !== undefined && target !== undefined && !hasMemberShapeOk(ctx, a, source, target)) {
      out.push(issue('BAD_HAS_MEMBER', [a.entryUuid, source, target], at));
    }
  }
  return out;
}

/**
 * A submitted urn:uuid entryUUID must not name an object already registered.
 * ITI TF-2 3.42.4.1.3.1
 * @param ctx - rule context
 * @returns issues found
 */
export function checkEntryUuidsAreNew(ctx: RuleContext): Issue[] {
  return allObjects(ctx.objects)
    .filter((x) => isUuidForm(x.obj.entryUuid) && ctx.registry.has(x.obj.entryUuid))
    .map((x) => issue('ENTRY_UUID_EXISTS', [x.obj.entryUuid], { location: x.obj.entryUuid }));
}

function patientOf(x: Indexed | undefined): Cx | undefined {
  return x === undefined || x.kind === 'Association' ? undefined : x.obj.patientId;
}

/**
 * One patient per submission: every DocumentEntry and Folder has the SubmissionSet's
 * patientId, and so do registered objects the submission links to through HasMember
 * (a new document in an existing Folder, an existing document in a Folder or referenced
 * by the SubmissionSet). ITI TF-2 3.42.4.1.3.4 (XDSPatientIdDoesNotMatch)
 * @param ctx - rule context
 * @returns issues found
 */
export function checkPatientIds(ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  const ssPid = ctx.objects.submissionSets[0]?.patientId;
  if (ssPid !== undefined) {
    for (const x of [...ctx.objects.documentEntries.map((o) => ['DocumentEntry', o] as const),
      ...ctx.objects.folders.map((o) => ['Folder', o] as const)]) {
      const [kind, o] = x;
      if (o.patientId !== undefined && cxKey(o.patientId) !== cxKey(ssPid)) {
        out.push(issue('PATIENT_ID_MISMATCH', [kind, o.entryUuid, cxKey(o.patientId), cxKey(ssPid)], { location: o.entryUuid }));
      }
    }
  }
  for (const a of ctx.objects.associations) {
    if (a.type !== 'HasMember') continue;
    const source = ctx.message.get(a.sourceUuid) ?? ctx.registry.get(a.sourceUuid);
    const target = ctx.message.get(a.targetUuid) ?? ctx.registry.get(a.targetUuid);
    // Pairs inside the message were compared with the SubmissionSet above.
    if (ctx.message.has(a.sourceUuid) && ctx.message.has(a.targetUuid)) continue;
    if (target?.kind !== 'DocumentEntry' || (source?.kind !== 'Folder' && source?.kind !== 'SubmissionSet')) continue;
    const [sp, tp] = [patientOf(source), patientOf(target)];
    if (sp === undefined || tp === undefined || cxKey(sp) === cxKey(tp)) continue;
    const location = ctx.message.has(a.targetUuid) ? a.targetUuid : a.entryUuid;
    out.push(issue('PATIENT_ID_MISMATCH_TARGET',
      ['DocumentEntry', a.targetUuid, cxKey(tp), source.kind, a.sourceUuid, cxKey(sp)], { location }));
  }
  return out;
}

/**
 * uniqueIds: unique within the message; a SubmissionSet or Folder uniqueId not yet
 * registered; a DocumentEntry uniqueId registered before only for the identical document
 * (same hash and size), which IHE allows to be registered again (NIST 12004).
 * ITI TF-3 Table 4.2.4.1-2; ITI TF-2 3.42.4.1.3
 * @param ctx - rule context
 * @returns issues found
 */
export function checkUniqueIds(ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const x of allObjects(ctx.objects)) {
    if (x.kind === 'Association' || !x.obj.uniqueId) continue;
    const { uniqueId, entryUuid } = x.obj;
    if (seen.has(uniqueId)) out.push(issue('DUPLICATE_UNIQUE_ID_IN_MESSAGE', [uniqueId], { location: entryUuid }));
    seen.add(uniqueId);
  }
  const reg = ctx.view.byUniqueId;
  for (const [kind, mine, theirs] of [['SubmissionSet', ctx.objects.submissionSets, reg.submissionSets],
    ['Folder', ctx.objects.folders, reg.folders]] as const) {
    const taken = new Set(theirs.map((o) => o.uniqueId));
    for (const o of mine) {
      if (o.uniqueId && taken.has(o.uniqueId)) {
        out.push(issue('DUPLICATE_UNIQUE_ID_IN_REGISTRY', [o.uniqueId, `${kind} ${o.entryUuid}`], { location: o.entryUuid }));
      }
    }
  }
  for (const de of ctx.objects.documentEntries) {
    const earlier = reg.documentEntries.filter((e) => de.uniqueId && e.uniqueId === de.uniqueId);
    const at = { location: de.entryUuid };
    if (earlier.some((e) => (e.hash ?? '').toLowerCase() !== (de.hash ?? '').toLowerCase())) {
      out.push(issue('NON_IDENTICAL_HASH', [de.uniqueId], at));
    }
    if (earlier.some((e) => e.size !== de.size)) out.push(issue('NON_IDENTICAL_SIZE', [de.uniqueId], at));
  }
  return out;
}
