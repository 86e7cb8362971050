import type { Association } from '../domain/association.js';
import { issue, type Issue } from '../errors/issue.js';
import { allObjects, isUuidForm, kindOf, type RuleContext } from './context.js';

const UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a HasMember association, whatever else is wrong with it. */
function isHasMember(a: Association): boolean {
  return a.type === 'HasMember';
}

/**
 * Exactly one SubmissionSet per submission. ITI TF-3 4.1.4; ITI TF-2 3.42.4.1.3
 * @param ctx - rule context
 * @returns issues found
 */
export function checkSubmissionSetCount(ctx: RuleContext): Issue[] {
  const n = ctx.objects.submissionSets.length;
  if (n === 1) return [];
  if (n === 0) return [issue('NO_SUBMISSION_SET')];
  return ctx.objects.submissionSets.slice(1)
    .map((ss) => issue('SEVERAL_SUBMISSION_SETS', [n], { location: ss.entryUuid }));
}

/**
 * Ids are unique within the message, and each is either symbolic or a well-formed
 * urn:uuid. ITI TF-3 4.2.3.1.1 (entryUUID)
 * @param ctx - rule context
 * @returns issues found
 */
export function checkIds(ctx: RuleContext): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const { obj } of allObjects(ctx.objects)) {
    const id = obj.entryUuid;
    if (seen.has(id)) issues.push(issue('DUPLICATE_ENTRY_UUID_IN_MESSAGE', [id], { location: id }));
    seen.add(id);
    if (id.trim() === '' || (isUuidForm(id) && !UUID.test(id))) {
      issues.push(issue('INVALID_UUID', [id === '' ? '(empty id)' : id], { location: id }));
    }
  }
  return issues;
}

/**
 * limitedMetadata belongs to XDR; an XDS registry rejects it. ITI TF-3 Table 4.3.1-3
 * @param ctx - rule context
 * @returns issues found
 */
export function checkLimitedMetadata(ctx: RuleContext): Issue[] {
  const o = ctx.objects;
  return [
    ...o.submissionSets.filter((x) => x.limitedMetadata).map((x) => ['SubmissionSet', x.entryUuid] as const),
    ...o.documentEntries.filter((x) => x.limitedMetadata).map((x) => ['DocumentEntry', x.entryUuid] as const),
    ...o.folders.filter((x) => x.limitedMetadata).map((x) => ['Folder', x.entryUuid] as const),
  ].map(([kind, id]) => issue('LIMITED_METADATA', [kind, id], { location: id }));
}

/**
 * Every DocumentEntry, Folder and Folder→DocumentEntry association of the message is a
 * member of the SubmissionSet, and SS→DE membership says Original or Reference.
 * ITI TF-3 4.2.2.1.1–4.2.2.1.3
 * @param ctx - rule context
 * @returns issues found
 */
export function checkMembership(ctx: RuleContext): Issue[] {
  const ss = ctx.objects.submissionSets[0];
  if (ss === undefined) return [];
  const fromSs = ctx.objects.associations.filter((a) => isHasMember(a) && a.sourceUuid === ss.entryUuid);
  const members = new Set(fromSs.map((a) => a.targetUuid));
  const issues: Issue[] = [];
  const require = (kind: string, id: string): void => {
    if (!members.has(id)) issues.push(issue('NOT_A_MEMBER', [kind, id], { location: id }));
  };
  for (const de of ctx.objects.documentEntries) require('DocumentEntry', de.entryUuid);
  for (const f of ctx.objects.folders) require('Folder', f.entryUuid);
  for (const a of ctx.objects.associations) {
    if (isHasMember(a) && kindOf(ctx, a.sourceUuid) === 'Folder') require('Association', a.entryUuid);
  }
  for (const a of fromSs) {
    if (kindOf(ctx, a.targetUuid) === 'DocumentEntry' && a.submissionSetStatus === undefined) {
      issues.push(issue('SUBMISSION_SET_STATUS_MISSING', [a.entryUuid, a.targetUuid], { location: a.entryUuid }));
    }
  }
  return issues;
}
