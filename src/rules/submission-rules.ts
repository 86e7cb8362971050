import type { RegistryObjectList, Submission } from '../domain/submission.js';
import { hasErrors, type Issue } from '../errors/issue.js';
import { checkAttributes } from './attribute-rules.js';
import { DEFAULT_RULE_OPTIONS, ruleContext, type RegistryView, type RuleOptions } from './context.js';
import { checkRelationships } from './lifecycle-rules.js';
import { checkAssociations, checkEntryUuidsAreNew, checkPatientIds, checkUniqueIds } from './reference-rules.js';
import { checkIds, checkLimitedMetadata, checkMembership, checkSubmissionSetCount } from './structure-rules.js';

export type { RegistryView, RuleOptions } from './context.js';
export { lookupKeys, DEFAULT_RULE_OPTIONS } from './context.js';

/**
 * Validates a Register Document Set-b submission against the metadata model and what the
 * registry already holds. Every rule runs and every issue is collected; nothing stops at
 * the first failure. ITI TF-2 3.42.4.1.3; ITI TF-3 4.1, 4.2, Table 4.3.1-3
 * @param objects - the decoded message, ids still as sent (symbolic or urn:uuid)
 * @param view - registry objects named by the message's urn:uuids and uniqueIds
 * @param options - format strictness
 * @returns the issues, and the submission when none of them is an error
 */
export function validateSubmission(
  objects: RegistryObjectList,
  view: RegistryView,
  options: RuleOptions = DEFAULT_RULE_OPTIONS,
): { submission?: Submission; issues: Issue[] } {
  const ctx = ruleContext(objects, view, options);
  const issues = [
    ...checkSubmissionSetCount(ctx),
    ...checkIds(ctx),
    ...checkLimitedMetadata(ctx),
    ...checkMembership(ctx),
    ...checkAttributes(ctx),
    ...checkAssociations(ctx),
    ...checkEntryUuidsAreNew(ctx),
    ...checkPatientIds(ctx),
    ...checkUniqueIds(ctx),
    ...checkRelationships(ctx),
  ];
  const submissionSet = objects.submissionSets[0];
  if (hasErrors(issues) || submissionSet === undefined) return { issues };
  const { documentEntries, folders, associations } = objects;
  return { submission: { submissionSet, documentEntries, folders, associations }, issues };
}
