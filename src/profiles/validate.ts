/**
 * Runs a profile's rules over a decoded submission and turns findings into Issues:
 * XDSRegistryMetadataError, severity from configuration, codeContext beginning with the rule
 * id and naming the attribute, location = entryUUID or symbolic id. Called by the registry
 * after the generic ITI TF-3 rules. See docs/metadata-profiles.md, ITI TF-3 4.2.3.
 */
import { loadCodeCatalog, type CodeCatalog } from '../codes/code-catalog.js';
import type { RegistryObjectList } from '../domain/submission.js';
import { issue, type Issue } from '../errors/issue.js';
import { getProfile } from './profiles.js';
import { assertKnownRules, parseRuleSeverities, severityOf, type RuleSeverities } from './severities.js';
import type { MetadataProfile, MetadataProfileId } from './types.js';

/**
 * Validates registry objects against a profile.
 * @param objects - the decoded submission (or any registry objects)
 * @param profile - the affinity-domain profile
 * @param catalog - its code lists
 * @param severities - configured overrides of the rules' default severities
 * @returns one Issue per finding of every rule that is not off, in rule order
 */
export function validateWithProfile(
  objects: RegistryObjectList, profile: MetadataProfile, catalog: CodeCatalog, severities: RuleSeverities = new Map(),
): Issue[] {
  const issues: Issue[] = [];
  for (const rule of profile.rules) {
    const level = severityOf(rule, severities);
    if (level === 'off') continue;
    for (const f of rule.check({ objects, catalog })) {
      issues.push(issue('PROFILE_RULE', [rule.id, f.attribute, f.owner, f.location, f.detail], {
        location: f.location, severity: level === 'error' ? 'Error' : 'Warning',
      }));
    }
  }
  return issues;
}

/** The settings a profile validator is built from (a subset of Config). */
export interface ProfileSettings {
  readonly METADATA_PROFILE: MetadataProfileId;
  readonly METADATA_RULES?: string | undefined;
}

/** A ready-to-call validator with its profile, catalog and severities resolved once. */
export type ProfileValidator = (objects: RegistryObjectList) => Issue[];

/**
 * Builds the validator for the configured profile: loads its code lists and checks the rule
 * overrides. Call once at start (buildApp), so that a bad setting stops the gateway there.
 * @param settings - METADATA_PROFILE and METADATA_RULES
 * @returns the validator
 * @throws RuleSettingError for malformed or unknown rule settings; Error for unreadable code lists
 */
export function createProfileValidator(settings: ProfileSettings): ProfileValidator {
  const profile = getProfile(settings.METADATA_PROFILE);
  const severities = parseRuleSeverities(settings.METADATA_RULES);
  assertKnownRules(profile, severities);
  const catalog = loadCodeCatalog(profile.codesFolder);
  return (objects) => validateWithProfile(objects, profile, catalog, severities);
}
