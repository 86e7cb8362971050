import type { StoredQueryRequest } from '../domain/stored-query.js';
import { issue, XdsError, type Issue } from '../errors/issue.js';
import { queryDefinition, type ParamDef, type QueryDefinition } from './definitions.js';
import { normalizeValue, splitValueText } from './parameters.js';

/**
 * Checks a stored query request against its definition and turns its slots into normalised
 * values. ITI TF-2 3.18.4.1.2.3 (parameters), 3.18.4.3 (errors).
 */

/** The normalised values of a request, by parameter name: OR-groups, ANDed. */
export class QueryParams {
  constructor(private readonly values: ReadonlyMap<string, readonly (readonly string[])[]>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The value of a single-valued parameter. */
  single(name: string): string | undefined {
    return this.values.get(name)?.[0]?.[0];
  }

  /** All values of a list parameter (OR). */
  list(name: string): readonly string[] | undefined {
    return this.values.get(name)?.flat();
  }

  /** The OR-groups of an AND/OR parameter, one per slot. */
  groups(name: string): readonly (readonly string[])[] | undefined {
    return this.values.get(name);
  }
}

/** A request that passed the parameter rules. */
export interface InterpretedQuery {
  readonly definition: QueryDefinition;
  readonly params: QueryParams;
  /** Warnings, e.g. for parameters the query does not know. */
  readonly warnings: readonly Issue[];
}

/**
 * Validates and parses a request. Every problem is collected and raised together.
 * @throws XdsError XDSUnknownStoredQuery, XDSStoredQueryMissingParam, XDSStoredQueryParamNumber,
 *   or XDSRegistryError for a malformed value (each naming its parameter)
 */
export function interpretRequest(request: StoredQueryRequest): InterpretedQuery {
  const definition = queryDefinition(request.queryId);
  if (!definition) throw XdsError.of('UNKNOWN_STORED_QUERY', [request.queryId], { location: request.queryId });
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const values = new Map<string, (readonly string[])[]>();
  for (const [name, occurrences] of request.slots) {
    const given = occurrences.filter((values) => values.length > 0);
    if (given.length === 0) continue;
    const def = definition.params[name];
    if (!def) {
      warnings.push(issue('UNKNOWN_PARAM', [name, definition.name], { location: name, severity: 'Warning' }));
      continue;
    }
    const groups = parseSlot(name, def, given, errors);
    if (groups) values.set(name, groups);
  }
  errors.push(...presenceIssues(definition, request));
  if (errors.length > 0) throw new XdsError(errors);
  return { definition, params: new QueryParams(values), warnings };
}

/** Parses the occurrences of one slot; pushes an issue and returns undefined on error. */
function parseSlot(
  name: string, def: ParamDef, occurrences: readonly (readonly string[])[], errors: Issue[],
): (readonly string[])[] | undefined {
  if (occurrences.length > 1 && def.card !== 'andOr') {
    errors.push(issue('PARAM_NUMBER', [name, `may appear once, but appears ${occurrences.length} times`], { location: name }));
    return undefined;
  }
  const groups: string[][] = [];
  let failed = false;
  for (const texts of occurrences) {
    const group: string[] = [];
    for (const text of texts) {
      const split = splitValueText(text, def.kind);
      if (!split.ok) { errors.push(badValue(name, text, split.reason)); failed = true; continue; }
      for (const raw of split.value) {
        const v = normalizeValue(def.kind, raw);
        if (v.ok) group.push(v.value);
        else { errors.push(badValue(name, raw, v.reason)); failed = true; }
      }
    }
    groups.push(group);
  }
  if (failed) return undefined;
  const count = groups.reduce((n, g) => n + g.length, 0);
  if (def.card === 'single' && count > 1) {
    errors.push(issue('PARAM_NUMBER', [name, `takes a single value, but ${count} were given`], { location: name }));
    return undefined;
  }
  return groups;
}

function badValue(name: string, value: string, reason: string): Issue {
  return issue('BAD_PARAM_VALUE', [name, value, reason], { location: name });
}

/** Required parameters that are missing, and "exactly one of" groups not met. */
function presenceIssues(definition: QueryDefinition, request: StoredQueryRequest): Issue[] {
  const present = (name: string): boolean => (request.slots.get(name) ?? []).some((v) => v.length > 0);
  const issues: Issue[] = [];
  for (const name of definition.required) {
    if (!present(name)) issues.push(issue('MISSING_PARAM', [definition.name, name], { location: name }));
  }
  for (const group of definition.oneOf) {
    const given = group.filter(present);
    if (given.length === 0) {
      issues.push(issue('MISSING_PARAM', [definition.name, `one of ${group.join(', ')}`], { location: group.join(' | ') }));
    } else if (given.length > 1) {
      issues.push(issue('PARAM_NUMBER', [given.join(', '), 'are mutually exclusive: give only one of them'], { location: given.join(' | ') }));
    }
  }
  return issues;
}
