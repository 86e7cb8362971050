/**
 * Rules on coded values shared by the profiles: the codingScheme is one the attribute's value
 * set accepts, the code exists in that system, and a code sits under the right broader code.
 * The value sets themselves are data (metadata-codes/), so adding a code or a code system to
 * an attribute is a data change. ITI TF-3 4.2.3.1.2; norway-profile.md §2.1, §2.1a.
 */
import type { CodeCatalog } from '../codes/code-catalog.js';
import { codedValues, type CodedValue } from './metadata-values.js';
import type { Finding, ProfileRule, RuleContext, RuleSeverity } from './types.js';

function systemLabel(catalog: CodeCatalog, system: string): string {
  const info = catalog.systemInfo(system);
  return info && info.name !== system ? `${system} (${info.name})` : system;
}

function finding(v: CodedValue, detail: string): Finding {
  return { attribute: v.attribute, owner: v.owner, location: v.location, detail };
}

function shown(v: CodedValue): string {
  return v.value.codingScheme ? `${v.value.code}^^${v.value.codingScheme}` : `"${v.value.code}"`;
}

/** The values of the given attributes that the catalog has a value set for. */
function valuesToCheck(ctx: RuleContext, attributes: readonly string[]): CodedValue[] {
  return codedValues(ctx.objects).filter((v) => attributes.includes(v.attribute) && ctx.catalog.hasValueSet(v.attribute));
}

/** Findings for codingSchemes an attribute does not accept (an uncoded value included). */
function systemFindings(ctx: RuleContext, attributes: readonly string[]): Finding[] {
  return valuesToCheck(ctx, attributes).flatMap((v) => {
    const r = ctx.catalog.check(v.attribute, v.value);
    if (r.result !== 'system-not-accepted') return [];
    const accepted = r.accepted.map((s) => systemLabel(ctx.catalog, s)).join(', ') || 'the listed codes only';
    const what = v.value.codingScheme ? `coding scheme ${v.value.codingScheme} is not accepted` : 'the value is not coded';
    return [finding(v, `${shown(v)}: ${what}; expected ${accepted}`)];
  });
}

/** Findings for codes missing from an accepted code system. */
function codeFindings(ctx: RuleContext, attributes: readonly string[]): Finding[] {
  return valuesToCheck(ctx, attributes).flatMap((v) => {
    const r = ctx.catalog.check(v.attribute, v.value);
    if (r.result !== 'unknown-code') return [];
    return [finding(v, `code ${v.value.code} is not in ${systemLabel(ctx.catalog, r.system)} as listed for ${v.attribute}`)];
  });
}

/**
 * A rule that the codingScheme of each coded value is accepted for its attribute.
 * @param id - rule id
 * @param attributes - attributes checked
 * @param defaultSeverity - severity when configuration says nothing
 */
export function codeSystemRule(id: string, attributes: readonly string[], defaultSeverity: RuleSeverity): ProfileRule {
  return {
    id, defaultSeverity,
    summary: `the coding scheme of ${attributes.join(', ')} is one the profile accepts for the attribute`,
    check: (ctx) => systemFindings(ctx, attributes),
  };
}

/**
 * A rule that each coded value exists in its (accepted) code system.
 * @param id - rule id
 * @param attributes - attributes checked
 * @param defaultSeverity - severity when configuration says nothing
 */
export function codeKnownRule(id: string, attributes: readonly string[], defaultSeverity: RuleSeverity): ProfileRule {
  return {
    id, defaultSeverity,
    summary: `the codes of ${attributes.join(', ')} exist in their code system`,
    check: (ctx) => codeFindings(ctx, attributes),
  };
}

/**
 * A rule combining both: the code^^scheme pair is in the attribute's value set. Used where
 * the value sets are test data and the distinction does not matter (ihe-generic).
 */
export function codeInValueSetRule(id: string, attributes: readonly string[], defaultSeverity: RuleSeverity): ProfileRule {
  return {
    id, defaultSeverity,
    summary: `${attributes.join(', ')} use the affinity domain's codes`,
    check: (ctx) => [...systemFindings(ctx, attributes), ...codeFindings(ctx, attributes)],
  };
}

/**
 * A rule that typeCode sits under classCode in a hierarchical system (Volven 9602: level-2
 * type Xnn-2 under level-1 class X00-1). Only applies when the type code is known and the
 * class code is not itself wrong.
 */
export function typeUnderClassRule(id: string, defaultSeverity: RuleSeverity): ProfileRule {
  return {
    id, defaultSeverity,
    summary: 'typeCode belongs to classCode (Volven 9602 level 2 under level 1)',
    check: ({ objects, catalog }) => objects.documentEntries.flatMap((e): Finding[] => {
      if (!e.typeCode || !e.classCode) return [];
      // A classCode that is itself wrong is reported by the code rules; a mismatch would only repeat it.
      const classCheck = catalog.check('classCode', e.classCode).result;
      if (classCheck === 'system-not-accepted' || classCheck === 'unknown-code') return [];
      const parent = catalog.parentOf(e.typeCode.codingScheme, e.typeCode.code);
      const sameSystem = catalog.canonicalSystem(e.typeCode.codingScheme) === catalog.canonicalSystem(e.classCode.codingScheme);
      if (parent === undefined || (sameSystem && parent === e.classCode.code)) return [];
      return [{
        attribute: 'typeCode', owner: 'DocumentEntry', location: e.entryUuid,
        detail: `type ${e.typeCode.code} belongs to class ${parent}, but classCode is ${e.classCode.code}^^${e.classCode.codingScheme}`,
      }];
    }),
  };
}
