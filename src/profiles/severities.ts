/**
 * Rule severities from configuration: METADATA_RULES="rule-id=warning,other=off". A pattern
 * ending in `*` covers every rule whose id starts with what precedes it ("no.patient-id.*=off");
 * an exact id wins over a pattern, a longer pattern over a shorter one. docs/metadata-profiles.md
 */
import { RULE_SEVERITIES, type MetadataProfile, type ProfileRule, type RuleSeverity } from './types.js';

/** Severity overrides by rule id or `prefix*` pattern. */
export type RuleSeverities = ReadonlyMap<string, RuleSeverity>;

/** Raised for a METADATA_RULES value that cannot be used; the message is safe to print. */
export class RuleSettingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`METADATA_RULES: ${problems.join('; ')}`);
    this.name = 'RuleSettingError';
  }
}

const isSeverity = (s: string): s is RuleSeverity => (RULE_SEVERITIES as readonly string[]).includes(s);

/**
 * Parses a METADATA_RULES value.
 * @param text - comma-separated `rule-id=error|warning|off` entries; empty means no overrides
 * @returns the overrides
 * @throws RuleSettingError listing every malformed entry
 */
export function parseRuleSeverities(text: string | undefined): RuleSeverities {
  const out = new Map<string, RuleSeverity>();
  const problems: string[] = [];
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [id, level, extra] = entry.split('=').map((s) => s.trim());
    if (!id || level === undefined || extra !== undefined || !isSeverity(level)) {
      problems.push(`"${entry}" is not rule-id=error|warning|off`);
    } else out.set(id, level);
  }
  if (problems.length) throw new RuleSettingError(problems);
  return out;
}

/** True when an override key (exact id or `prefix*`) applies to a rule id. */
function covers(key: string, ruleId: string): boolean {
  return key.endsWith('*') ? ruleId.startsWith(key.slice(0, -1)) : key === ruleId;
}

/**
 * The severity a rule runs with.
 * @param rule - the rule
 * @param overrides - configured overrides
 * @returns the exact override, else the longest matching pattern, else the rule's default
 */
export function severityOf(rule: Pick<ProfileRule, 'id' | 'defaultSeverity'>, overrides: RuleSeverities): RuleSeverity {
  const exact = overrides.get(rule.id);
  if (exact) return exact;
  let best: [string, RuleSeverity] | undefined;
  for (const [key, level] of overrides) {
    if (key.endsWith('*') && covers(key, rule.id) && (!best || key.length > best[0].length)) best = [key, level];
  }
  return best?.[1] ?? rule.defaultSeverity;
}

/**
 * Checks that every override names a rule (or pattern matching a rule) of the profile, so a
 * misspelt id stops the gateway at start instead of being silently ignored.
 * @throws RuleSettingError naming the unknown ids and the profile
 */
export function assertKnownRules(profile: MetadataProfile, overrides: RuleSeverities): void {
  const unknown = [...overrides.keys()].filter((k) => !profile.rules.some((r) => covers(k, r.id)));
  if (unknown.length) {
    throw new RuleSettingError(unknown.map((k) => `"${k}" is not a rule of profile ${profile.id} (rules: ${profile.rules.map((r) => r.id).join(', ')})`));
  }
}
