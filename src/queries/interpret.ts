import type { Cx } from '../domain/datatypes.js';
import type { StoredQueryRequest } from '../domain/stored-query.js';
import { issue, XdsError, type Issue } from '../errors/issue.js';
import { queryDefinition, type ParamDef, type QueryDefinition } from './definitions.js';
import { normalizeValue, parsePatientIdCx, splitValueText } from './parameters.js';
import { namedPatient } from './patient-param.js';
import type { StoredQuery } from './stored-query.js';

/**
 * Checks a stored query request against its definition and turns its slots into normalised
 * values. ITI TF-2 3.18.4.1.2.3 (parameters), 3.18.4.3 (errors).
 */

/** A request that passed the parameter rules. */
export interface InterpretedQuery {
  readonly definition: QueryDefinition;
  /** The query with its parameters typed (stored-query.ts). */
  readonly query: StoredQuery;
  /** Warnings, e.g. for parameters the query does not know. */
  readonly warnings: readonly Issue[];
}

/** A request parsed once: the query, or every issue found; the patient it names either way. */
export type ParsedStoredQuery =
  | { readonly ok: true; readonly query: InterpretedQuery; readonly patient: Cx | undefined }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly patient: Cx | undefined };

/**
 * Validates and parses a request, collecting every problem. Never throws.
 * @param request - the stored query as received
 * @returns the parsed query (XDSUnknownStoredQuery, XDSStoredQueryMissingParam,
 *   XDSStoredQueryParamNumber, or XDSRegistryError for a malformed value, each naming its
 *   parameter, when it fails) and the patient it names
 */
export function parseStoredQuery(request: StoredQueryRequest): ParsedStoredQuery {
  const definition = queryDefinition(request.queryId);
  if (!definition) {
    return { ok: false, issues: [issue('UNKNOWN_STORED_QUERY', [request.queryId], { location: request.queryId })], patient: undefined };
  }
  const patient = namedPatient(definition, request);
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const typed: Record<string, unknown> = {};
  for (const [name, occurrences] of request.slots) {
    const given = occurrences.filter((values) => values.length > 0);
    if (given.length === 0) continue;
    const def = definition.params[name];
    if (!def) {
      warnings.push(issue('UNKNOWN_PARAM', [name, definition.name], { location: name, severity: 'Warning' }));
      continue;
    }
    const groups = parseSlot(name, def, given, errors);
    if (groups) typed[name] = typedValue(def, groups);
  }
  errors.push(...presenceIssues(definition, request));
  if (errors.length > 0) return { ok: false, issues: errors, patient };
  // The definition table gives `typed` its shape: each parameter parsed by its kind and cardinality.
  const query = {
    name: definition.name, id: definition.id, returnType: request.returnType,
    ...(request.home !== undefined ? { home: request.home } : {}), params: typed,
  } as StoredQuery;
  return { ok: true, query: { definition, query, warnings }, patient };
}

/**
 * Validates and parses a request. Every problem is collected and raised together.
 * @throws XdsError as parseStoredQuery reports them
 */
export function interpretRequest(request: StoredQueryRequest): InterpretedQuery {
  const parsed = parseStoredQuery(request);
  if (!parsed.ok) throw new XdsError(parsed.issues);
  return parsed.query;
}

/** A parameter's normalised strings as its typed value (stored-query.ts ParamValueTypes). */
function typedValue(def: ParamDef, groups: readonly (readonly string[])[]): unknown {
  const one = (v: string): unknown => {
    if (def.kind === 'integer') return Number(v);
    if (def.kind === 'patientId') return patientFromKey(v);
    return v;
  };
  const typedGroups = groups.map((g) => g.map(one));
  if (def.card === 'andOr') return typedGroups;
  const flat = typedGroups.flat();
  return def.card === 'single' ? flat[0] : flat;
}

/** A patient back from the key `id^^^&OID&ISO` its value was normalised to. */
function patientFromKey(key: string): Cx | undefined {
  const cx = parsePatientIdCx(key);
  return cx.ok ? cx.value : undefined;
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
  const tooMuch = def.kind === 'pattern' ? patternIssue(name, groups, count) : undefined;
  if (tooMuch) errors.push(tooMuch);
  return tooMuch ? undefined : groups;
}

/** Most LIKE patterns in one parameter, and their longest: each is matched against every candidate entry. */
const MAX_PATTERNS = 100;
const MAX_PATTERN_CHARS = 256;

/** Bounds the matching work a query's LIKE patterns can ask for (storage/like.ts costs value × pattern length). */
function patternIssue(name: string, groups: readonly (readonly string[])[], count: number): Issue | undefined {
  if (count > MAX_PATTERNS) return issue('PARAM_NUMBER', [name, `takes at most ${MAX_PATTERNS} patterns, but ${count} were given`], { location: name });
  const long = groups.flat().find((v) => v.length > MAX_PATTERN_CHARS);
  return long === undefined ? undefined : badValue(name, `${long.slice(0, 40)}…`, `a pattern may be at most ${MAX_PATTERN_CHARS} characters long`);
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
