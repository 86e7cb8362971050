import { codeKey, cxKey, type AvailabilityStatus, type Cx } from '../domain/datatypes.js';
import { ASSOCIATION_TYPE_URN, AVAILABILITY_STATUS, OBJECT_TYPE, type AssociationType } from '../domain/vocabulary.js';

/**
 * Value syntax of stored-query parameters. ITI TF-2 3.18.4.1.2.3.3 (format of parameter
 * values) and 3.18.4.1.2.3.4 (coding of multiple values):
 * - strings are single-quoted, a quote inside doubled (`'O''Brien'`);
 * - a list is parenthesised and comma-separated: `('a','b')`;
 * - numbers and timestamps are unquoted (quotes are tolerated here, as real clients send them).
 * Everything here is pure: a value either parses into its normalised form or yields a reason.
 */

/** How the strings of a parameter are interpreted. */
export type ParamKind =
  | 'string'           // opaque, e.g. a uniqueId or a sourceId
  | 'uuid'             // an entryUUID (urn:uuid:…) or another registry id
  | 'patientId'        // a CX: id^^^&OID&ISO, normalised to its cxKey
  | 'code'             // code^^scheme, normalised to codeKey
  | 'dtm'              // YYYY[MM[DD[hh[mm[ss]]]]]
  | 'status'           // availabilityStatus URN → Approved | Deprecated | Submitted
  | 'objectType'       // DocumentEntry objectType UUID → stable | on-demand
  | 'associationType'  // association type URN → AssociationType
  | 'integer'          // e.g. $MetadataLevel
  | 'pattern';         // SQL LIKE pattern (% and _), e.g. author person

/** A parsed value, or the reason it could not be parsed (reported with the parameter name). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Kinds whose values the standard writes unquoted. ITI TF-2 3.18.4.1.2.3.3 */
const UNQUOTED_KINDS: ReadonlySet<ParamKind> = new Set(['dtm', 'integer']);

/**
 * Splits the text of one `<Value>` into its strings: `'a'`, `('a','b')` or, for numbers and
 * timestamps, a bare token.
 * @param text - the Value text as received
 * @param kind - decides whether an unquoted token is acceptable
 */
export function splitValueText(text: string, kind: ParamKind): Parsed<string[]> {
  const t = text.trim();
  if (t === '') return fail('the value is empty');
  if (t.startsWith('(')) {
    if (!t.endsWith(')')) return fail('a list must end with )');
    return splitList(t.slice(1, -1), kind);
  }
  if (t.startsWith("'")) {
    const q = readQuoted(t, 0);
    if (!q.ok) return q;
    if (t.slice(q.value.end).trim() !== '') return fail('text follows the closing quote');
    return ok([q.value.text]);
  }
  if (UNQUOTED_KINDS.has(kind)) return ok([t]);
  return fail("strings must be in single quotes, e.g. 'value' or ('a','b')");
}

/** Reads the quoted string that opens at `start`; a doubled quote stands for one quote. */
function readQuoted(s: string, start: number): Parsed<{ text: string; end: number }> {
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === "'") {
      if (s[i + 1] === "'") { out += "'"; i += 2; continue; }
      return ok({ text: out, end: i + 1 });
    }
    out += c;
    i += 1;
  }
  return fail('a quoted string is not closed');
}

/** Splits the inside of `( … )` at the commas between items. */
function splitList(inner: string, kind: ParamKind): Parsed<string[]> {
  const items: string[] = [];
  let i = 0;
  for (;;) {
    while (i < inner.length && /\s/.test(inner[i] ?? '')) i += 1;
    if (i >= inner.length) return items.length === 0 ? fail('the list is empty') : fail('the list ends with a comma');
    if (inner[i] === "'") {
      const q = readQuoted(inner, i);
      if (!q.ok) return q;
      items.push(q.value.text);
      i = q.value.end;
    } else {
      if (!UNQUOTED_KINDS.has(kind)) return fail("list items must be in single quotes, e.g. ('a','b')");
      const m = /^[^,\s]+/.exec(inner.slice(i));
      items.push(m?.[0] ?? '');
      i += m?.[0].length ?? 0;
    }
    while (i < inner.length && /\s/.test(inner[i] ?? '')) i += 1;
    if (i >= inner.length) return ok(items);
    if (inner[i] !== ',') return fail('list items must be separated by commas');
    i += 1;
  }
}

export const STATUS_BY_URN: ReadonlyMap<string, AvailabilityStatus> = new Map([
  [AVAILABILITY_STATUS.approved, 'Approved'],
  [AVAILABILITY_STATUS.deprecated, 'Deprecated'],
  [AVAILABILITY_STATUS.submitted, 'Submitted'],
]);

export const OBJECT_TYPE_BY_UUID: ReadonlyMap<string, 'stable' | 'on-demand'> = new Map([
  [OBJECT_TYPE.stableDocumentEntry, 'stable'],
  [OBJECT_TYPE.onDemandDocumentEntry, 'on-demand'],
]);

export const ASSOCIATION_TYPE_BY_URN: ReadonlyMap<string, AssociationType> = new Map(
  (Object.entries(ASSOCIATION_TYPE_URN) as [AssociationType, string][]).map(([name, urn]) => [urn, name]),
);

/**
 * Checks one string of a parameter and returns its normalised form, the form the storage
 * filters use (codes as code^^scheme, patients as cxKey, statuses and types by name).
 */
export function normalizeValue(kind: ParamKind, value: string): Parsed<string> {
  switch (kind) {
    case 'string': case 'uuid': case 'pattern':
      return value === '' ? fail('the value is empty') : ok(value);
    case 'patientId': return parsePatientId(value);
    case 'code': return parseCode(value);
    case 'dtm': return parseDtm(value);
    case 'integer': return /^\d{1,9}$/.test(value) ? ok(value) : fail('not a whole number');
    case 'status': return lookup(STATUS_BY_URN, value, 'not an availabilityStatus URN (urn:oasis:names:tc:ebxml-regrep:StatusType:…)');
    case 'objectType': return lookup(OBJECT_TYPE_BY_UUID, value, 'not a DocumentEntry objectType (stable or on-demand UUID)');
    case 'associationType': return lookup(ASSOCIATION_TYPE_BY_URN, value, 'not an association type URN');
  }
}

function lookup<T extends string>(table: ReadonlyMap<string, T>, value: string, reason: string): Parsed<string> {
  const v = table.get(value);
  return v === undefined ? fail(reason) : ok(v);
}

/**
 * A coded value is `code^^scheme` (HL7 CE with an empty display name). A display name in the
 * middle component is tolerated and ignored; a missing code or scheme is an error.
 * ITI TF-2 3.18.4.1.2.3.7.1
 */
function parseCode(value: string): Parsed<string> {
  const parts = value.split('^');
  if (parts.length !== 3) return fail('a code must be code^^scheme');
  const [code, , scheme] = parts;
  if (!code || !scheme) return fail('a code must have both a code and a coding scheme (code^^scheme)');
  return ok(codeKey({ code, codingScheme: scheme }));
}

/**
 * A patient id is a CX with an ISO assigning authority: id^^^&OID&ISO. A namespace id in CX.4.1
 * does not matter: only the id and the OID are kept.
 * @param value - one unquoted string of a patientId parameter
 * @returns the patient, or why the value is not one
 */
export function parsePatientIdCx(value: string): Parsed<Cx> {
  const parts = value.split('^');
  const id = parts[0] ?? '';
  const authority = (parts[3] ?? '').split('&');
  const oid = authority[1] ?? '';
  if (id === '' || oid === '') return fail('a patient id must be a CX of the form id^^^&OID&ISO');
  if (authority[2] !== undefined && authority[2] !== 'ISO') return fail('the assigning authority must be of type ISO');
  return ok({ id, assigningAuthority: oid });
}

/** A patient id normalised to the cxKey under which the store indexes patients. */
function parsePatientId(value: string): Parsed<string> {
  const cx = parsePatientIdCx(value);
  return cx.ok ? ok(cxKey(cx.value)) : cx;
}

/** DTM as used by Document Sharing: UTC, YYYY[MM[DD[hh[mm[ss]]]]]. ITI TF-3 4.2.3.1.5 */
function parseDtm(value: string): Parsed<string> {
  if (!/^\d{4}(\d{2}){0,5}$/.test(value)) return fail('a time must be YYYY[MM[DD[hh[mm[ss]]]]]');
  return ok(value);
}
