/**
 * The trust-framework attest `nhn:tillitsrammeverk:parameters` (norway-profile.md §5.2;
 * Tillitsrammeverk data model and ATT rules) → the same principal fields the SAML path fills.
 * An attest older than 60 minutes (ATT-58) is refused with `attestation_has_expired`.
 */
import type { Code, Cx } from '../../domain/datatypes.js';
import { nationalIdAuthority } from '../../domain/norwegian-identifiers.js';
import type { SecurityContext } from '../../domain/security-context.js';
import { bareOid } from './hl7-values.js';
import { definedFields } from './fields.js';
import type { JsonObject } from './jose.js';

export const ATTEST_CLAIM = 'nhn:tillitsrammeverk:parameters';
/** ATT-58: an attest is valid for at most 60 minutes after its time of attestation. */
const ATTEST_MAX_AGE_SECONDS = 3600;

export type AttestResult =
  | { readonly ok: true; readonly fields: Partial<SecurityContext> }
  | { readonly ok: false; readonly error: 'attestation_has_expired' | 'invalid_token'; readonly reason: string };

const obj = (v: unknown): JsonObject | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as JsonObject : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Finds the attest in a claim that may be an object, a JSON string, or an RFC 9396
 * authorization_details array.
 */
export function findAttest(claim: unknown): JsonObject | undefined {
  let v = claim;
  if (typeof v === 'string') { try { v = JSON.parse(v); } catch { return undefined; } }
  if (Array.isArray(v)) return v.map(obj).find((o) => o?.type === ATTEST_CLAIM);
  const o = obj(v);
  return o && (o.type === undefined || o.type === ATTEST_CLAIM) ? o : undefined;
}

/** A trust-framework code {code, text, system} as a domain Code. */
function code(v: unknown): Code | undefined {
  const o = obj(v);
  const c = str(o?.code);
  if (!o || !c) return undefined;
  const text = str(o.text);
  return { code: c, codingScheme: bareOid(str(o.system) ?? ''), ...(text ? { displayName: text } : {}) };
}

function patientCx(identifier: unknown): Cx | undefined {
  const o = obj(identifier);
  const id = str(o?.id);
  if (!o || !id) return undefined;
  const system = str(o.system);
  const authority = system ? bareOid(system) : nationalIdAuthority(id);
  return { id, assigningAuthority: authority, universalIdType: 'ISO' };
}

/**
 * @param attest - the attest object
 * @param now - the time of the request
 * @param skewSeconds - tolerance for an attest time slightly in the future
 * @returns the principal fields, or why the attest is refused
 */
export function readAttest(attest: JsonObject, now: Date, skewSeconds: number): AttestResult {
  const toa = attest.toa;
  if (typeof toa !== 'number') return { ok: false, error: 'invalid_token', reason: 'the attest has no toa (time of attestation)' };
  const t = now.getTime() / 1000;
  if (toa > t + skewSeconds) return { ok: false, error: 'invalid_token', reason: 'the attest toa lies in the future' };
  if (t - toa > ATTEST_MAX_AGE_SECONDS) {
    return { ok: false, error: 'attestation_has_expired', reason: `attestation_has_expired: the attest is ${Math.floor((t - toa) / 60)} minutes old; at most 60 are allowed (ATT-58)` };
  }
  const care = obj(attest.care_relationship) ?? obj(attest.care_relation);
  if (Array.isArray(care?.purpose_of_use)) return { ok: false, error: 'invalid_token', reason: 'the attest carries more than one purpose of use' };
  return { ok: true, fields: { ...practitionerFields(obj(attest.practitioner)), ...careFields(care), ...patientFields(attest.patients), attestedAt: new Date(toa * 1000).toISOString() } };
}

function practitionerFields(p: JsonObject | undefined): Partial<SecurityContext> {
  if (!p) return {};
  const id = obj(p.identifier);
  const legal = obj(p.legal_entity);
  const poc = obj(p.point_of_care);
  const dept = obj(p.department);
  const deptId = str(dept?.id);
  return definedFields<Partial<SecurityContext>>({
    subjectId: str(id?.id), subjectName: str(id?.name), hprNumber: str(obj(p.hpr_nr)?.id),
    role: code(p.authorization), organizationId: str(legal?.id), organizationName: str(legal?.name),
    childOrganizationId: str(poc?.id), childOrganizationName: str(poc?.name),
    facility: deptId ? { code: deptId, codingScheme: bareOid(str(dept?.system) ?? '') } : undefined,
    facilityName: str(dept?.name),
  });
}

function careFields(c: JsonObject | undefined): Partial<SecurityContext> {
  if (!c) return {};
  const ref = obj(c.decision_ref);
  const selected = ref?.user_selected;
  return definedFields<Partial<SecurityContext>>({
    purposeOfUse: code(c.purpose_of_use), healthcareService: code(c.healthcare_service),
    purposeOfUseDetails: code(c.purpose_of_use_details), decisionReference: str(ref?.id),
    decisionDescription: str(ref?.description), decisionUserSelected: typeof selected === 'boolean' ? selected : undefined,
  });
}

/** The first patient of the attest: the one the request is about (ATT-4 binds attest and patient). */
function patientFields(patients: unknown): Partial<SecurityContext> {
  const first = Array.isArray(patients) ? obj(patients[0]) : undefined;
  if (!first) return {};
  return definedFields<Partial<SecurityContext>>({
    patientId: patientCx(first.identifier),
    patientPointOfCare: str(obj(first.point_of_care)?.id),
    patientPointOfCareName: str(obj(first.point_of_care)?.name),
    patientDepartment: str(obj(first.department)?.id),
    patientDepartmentName: str(obj(first.department)?.name),
  });
}
