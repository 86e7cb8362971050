/**
 * FHIR R4 Patient ↔ the patient identity cross-reference, for PIXm ITI-104 (Patient Identity
 * Feed FHIR): the Patient's identifiers, `urn:oid:<OID>` systems, one of them the national id
 * (fødselsnummer, D-nummer or felles hjelpenummer, norway-profile.md §3.1), the others
 * community-local ids. Only identifiers are read; names, birth dates and the like are not kept.
 * No I/O and no rules beyond the shape: services/patient-feed.ts checks the ids.
 * ITI TF-2 3.104.4.1 (PIXm); docs/patient-identities.md.
 */
import type { Cx } from '../../domain/datatypes.js';

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
/** Most identifiers one Patient may carry. */
const MAX_PATIENT_IDENTIFIERS = 100;
/** Longest identifier value: a CX id (CX.1) is at most 15 characters in HL7 v2, 64 is generous. */
const MAX_ID_LENGTH = 64;
/** Characters that would break the CX form id^^^&OID&ISO. */
const CX_SEPARATORS = /[\^&~\\|]/;

/** Where a problem was found and what it is, for the OperationOutcome. */
export interface PatientProblem {
  readonly expression: string;
  readonly diagnostics: string;
}

/**
 * @param json - the parsed request body
 * @returns the identifiers as CX values, or every problem with the resource's shape
 */
export function patientIdentifiersFromFhir(json: unknown): { ok: true; ids: Cx[] } | { ok: false; problems: PatientProblem[] } {
  const problems: PatientProblem[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [{ expression: 'Patient', diagnostics: 'the body is not a JSON object' }] };
  }
  const resource = json as Record<string, unknown>;
  if (resource.resourceType !== 'Patient') problems.push({ expression: 'resourceType', diagnostics: 'the resource is not a Patient' });
  const list = resource.identifier;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push({ expression: 'Patient.identifier', diagnostics: 'the Patient has no identifier' });
    return { ok: false, problems };
  }
  if (list.length > MAX_PATIENT_IDENTIFIERS) {
    problems.push({ expression: 'Patient.identifier', diagnostics: `the Patient has ${list.length} identifiers; at most ${MAX_PATIENT_IDENTIFIERS} are accepted` });
    return { ok: false, problems };
  }
  const ids: Cx[] = [];
  list.forEach((item, i) => {
    const cx = identifierToCx(item);
    if (typeof cx === 'string') problems.push({ expression: `Patient.identifier[${i}]`, diagnostics: cx });
    else ids.push(cx);
  });
  return problems.length ? { ok: false, problems } : { ok: true, ids };
}

/**
 * @param token - a search token `<system>|<value>` (the conditional update's `identifier=`)
 * @returns the CX, or what is wrong with the token
 */
export function identifierTokenToCx(token: string): Cx | string {
  const bar = token.indexOf('|');
  if (bar < 0) return 'the identifier parameter must be <system>|<value>, the system urn:oid:<OID>';
  return identifierToCx({ system: token.slice(0, bar), value: token.slice(bar + 1) });
}

function identifierToCx(item: unknown): Cx | string {
  if (typeof item !== 'object' || item === null) return 'the identifier is not an object';
  const { system, value } = item as Record<string, unknown>;
  if (typeof system !== 'string' || !system.startsWith('urn:oid:') || !OID.test(system.slice(8)) || system.length > 72) {
    return 'the identifier system must be urn:oid:<OID>, the OID at most 64 characters';
  }
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH || CX_SEPARATORS.test(value)) {
    return `the identifier value must be 1 to ${MAX_ID_LENGTH} characters without ^ & ~ \\ |`;
  }
  return { id: value.trim(), assigningAuthority: system.slice(8) };
}

/**
 * @param ids - a person's ids, the national one first
 * @returns the Patient resource the feed answers with: identifiers only
 */
export function patientToFhir(ids: readonly Cx[]): { resourceType: 'Patient'; identifier: { system: string; value: string }[] } {
  return { resourceType: 'Patient', identifier: ids.map((c) => ({ system: `urn:oid:${c.assigningAuthority}`, value: c.id })) };
}
