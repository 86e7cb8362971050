import { cxKey, type Cx } from '../domain/datatypes.js';
import type { StoredQueryRequest } from '../domain/stored-query.js';
import { queryDefinition, type ParamDef } from './definitions.js';
import { ASSOCIATION_TYPE_BY_URN, OBJECT_TYPE_BY_UUID, STATUS_BY_URN, type ParamKind } from './parameters.js';
import type { StoredQuery } from './stored-query.js';

/**
 * A typed stored query back into the slots of a request, in the value syntax of ITI TF-2
 * 3.18.4.1.2.3.3/.4: the inverse of parseStoredQuery (interpret.ts), so that parsing what this
 * writes gives the same typed query. The XCA Initiating Gateway sends each community the query
 * it parsed, rebuilt here; formats/ebrim adhocQueryRequestToEbrim writes the XML. (formats/ sits
 * below queries/, so the typed query is turned into a StoredQueryRequest on this side of the wall.)
 */

/** The wire form of a value parseStoredQuery turned into a name (a status, an objectType, an association type). */
function wireName(table: ReadonlyMap<string, string>, name: unknown): string {
  for (const [wire, n] of table) if (n === name) return wire;
  return String(name);
}

/** A string in single quotes, a quote inside doubled. ITI TF-2 3.18.4.1.2.3.3 */
const quoted = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** One typed value in the syntax its kind is written in. */
function valueText(kind: ParamKind, value: unknown): string {
  switch (kind) {
    case 'dtm': case 'integer': return String(value);
    case 'patientId': return quoted(cxKey(value as Cx));
    case 'status': return quoted(wireName(STATUS_BY_URN, value));
    case 'objectType': return quoted(wireName(OBJECT_TYPE_BY_UUID, value));
    case 'associationType': return quoted(wireName(ASSOCIATION_TYPE_BY_URN, value));
    // Codes are held as code^^scheme (codeKey), which is already the parameter's syntax.
    case 'code': case 'string': case 'uuid': case 'pattern': return quoted(String(value));
  }
}

/** The slot occurrences of one parameter: single as one value, a list as (…), AND-groups as one slot each. */
function slotValues(def: ParamDef, value: unknown): string[][] {
  const list = (values: readonly unknown[]): string => `(${values.map((v) => valueText(def.kind, v)).join(',')})`;
  if (def.card === 'single') return [[valueText(def.kind, value)]];
  if (def.card === 'list') return [[list(value as readonly unknown[])]];
  return (value as readonly (readonly unknown[])[]).map((group) => [list(group)]);
}

/**
 * @param query - a stored query as parseStoredQuery typed it
 * @param home - the community it addresses (AdhocQuery/@home); the query's own when omitted
 * @returns the request that carries exactly its parameters
 */
export function storedQueryToRequest(query: StoredQuery, home: string | undefined = query.home): StoredQueryRequest {
  const definition = queryDefinition(query.id);
  const slots = new Map<string, string[][]>();
  for (const [name, value] of Object.entries(query.params as Readonly<Record<string, unknown>>)) {
    const def = definition?.params[name];
    if (def && value !== undefined) slots.set(name, slotValues(def, value));
  }
  return { queryId: query.id, returnType: query.returnType, ...(home !== undefined ? { home } : {}), slots };
}
