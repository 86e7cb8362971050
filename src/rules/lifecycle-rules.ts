import type { Association } from '../domain/association.js';
import { cxKey } from '../domain/datatypes.js';
import { REPLACING_TYPES, RELATIONSHIP_TYPES, type AssociationType } from '../domain/vocabulary.js';
import { issue, type Issue } from '../errors/issue.js';
import type { RuleContext } from './context.js';

/** The relationship type of an association, or undefined for HasMember and unknown types. */
function relationshipType(a: Association): AssociationType | undefined {
  return typeof a.type === 'string' && RELATIONSHIP_TYPES.includes(a.type) ? a.type : undefined;
}

/** True for RPLC and XFRM_RPLC, which deprecate their target. ITI TF-3 4.2.2.2 */
export function isReplacing(a: Association): boolean {
  return typeof a.type === 'string' && REPLACING_TYPES.includes(a.type);
}

/**
 * Document relationships (RPLC, APND, XFRM, XFRM_RPLC, signs): the source is a
 * DocumentEntry of this submission; the target is a DocumentEntry, registered and
 * Approved when it is replaced, and of the same patient.
 * ITI TF-3 4.2.2.2; ITI TF-2 3.42.4.1.3 (XDSRegistryDeprecatedDocumentError, XDSPatientIdDoesNotMatch)
 * @param ctx - rule context
 * @returns issues found, located at the association (patient mismatch: at the new DocumentEntry)
 */
export function checkRelationships(ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  for (const a of ctx.objects.associations) {
    const type = relationshipType(a);
    if (type === undefined) continue;
    const at = { location: a.entryUuid };
    const source = ctx.message.get(a.sourceUuid);
    if (source?.kind !== 'DocumentEntry') {
      out.push(issue('SOURCE_NOT_SUBMITTED_DOCUMENT', [type, a.entryUuid, a.sourceUuid], at));
    }
    const inMessage = ctx.message.get(a.targetUuid);
    const target = inMessage ?? ctx.registry.get(a.targetUuid);
    if (target === undefined || a.sourceUuid === a.targetUuid) continue; // reported as unresolved / to self
    if (target.kind !== 'DocumentEntry') {
      out.push(issue('TARGET_NOT_DOCUMENT', [type, a.entryUuid, a.targetUuid], at));
      continue;
    }
    if (inMessage !== undefined && isReplacing(a)) {
      out.push(issue('REPLACED_IN_SAME_SUBMISSION', [type, a.entryUuid, a.targetUuid], at));
    }
    if (inMessage === undefined && (target.obj.availabilityStatus ?? 'Approved') !== 'Approved') {
      out.push(issue('TARGET_DEPRECATED', [type, a.entryUuid, a.targetUuid], at));
    }
    const [sp, tp] = [source?.kind === 'DocumentEntry' ? source.obj.patientId : undefined, target.obj.patientId];
    if (sp !== undefined && tp !== undefined && cxKey(sp) !== cxKey(tp)) {
      out.push(issue('PATIENT_ID_MISMATCH_TARGET',
        ['DocumentEntry', a.sourceUuid, cxKey(sp), 'DocumentEntry', a.targetUuid, cxKey(tp)], { location: a.sourceUuid }));
    }
  }
  return out;
}
