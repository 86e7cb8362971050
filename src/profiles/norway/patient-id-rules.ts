/**
 * Norwegian patient identifiers: patientId (every object) and sourcePatientId are fødselsnummer,
 * D-nummer or felles hjelpenummer under their own assigning-authority OID, with valid check
 * digits, in the CX form id^^^&OID&ISO. norway-profile.md §2.1, §3.1; ITI TF-3 4.2.3.1.7.
 */
import { isIsoOid } from '../../domain/oid.js';
import { patientIds, type PlacedCx } from '../metadata-values.js';
import type { Finding, ProfileRule, RuleSeverity } from '../types.js';
import { checkPersonId, isSyntheticPersonId, NO_ID_OID, type PersonIdKind } from '../../domain/norwegian-identifiers.js';

const KIND_OF_OID: Readonly<Record<string, PersonIdKind>> = {
  [NO_ID_OID.fnr]: 'fnr', [NO_ID_OID.dnr]: 'dnr', [NO_ID_OID.fhn]: 'fhn',
};

const KIND_NAME: Readonly<Record<PersonIdKind, string>> = {
  fnr: 'fødselsnummer', dnr: 'D-nummer', fhn: 'felles hjelpenummer',
};

function at(p: PlacedCx, detail: string): Finding {
  return { attribute: p.attribute, owner: p.owner, location: p.location, detail };
}

/** Rule over every patient id, with a finder that returns the detail text or nothing. */
function patientIdRule(id: string, summary: string, defaultSeverity: RuleSeverity, find: (p: PlacedCx) => string | undefined): ProfileRule {
  return {
    id, summary, defaultSeverity,
    check: ({ objects }) => patientIds(objects).flatMap((p) => {
      const detail = find(p);
      return detail === undefined ? [] : [at(p, detail)];
    }),
  };
}

/** The kind the assigning authority announces, when it is one of the three. */
const announced = (p: PlacedCx): PersonIdKind | undefined => KIND_OF_OID[p.cx.assigningAuthority];

/** @returns the CX syntax rule: id present, assigning authority a bare OID, type ISO. */
export function cxSyntaxRule(severity: RuleSeverity): ProfileRule {
  return patientIdRule('no.cx.syntax', 'patient ids are CX values of the form id^^^&OID&ISO', severity, ({ cx }) => {
    if (!cx.id) return 'the CX has no id number';
    if (!isIsoOid(cx.assigningAuthority)) return `assigning authority "${cx.assigningAuthority}" of ${cx.id} is not a bare OID`;
    if (cx.universalIdType !== undefined && cx.universalIdType !== 'ISO') return `universal id type of ${cx.id} is "${cx.universalIdType}", not ISO`;
    return undefined;
  });
}

/** @returns the rule that the assigning authority is the FNR, DNR or FHN OID matching the number. */
export function patientIdAuthorityRule(severity: RuleSeverity): ProfileRule {
  return patientIdRule('no.patient-id.authority', 'patient ids use the FNR, DNR or FHN OID that matches the number', severity, (p) => {
    const kind = announced(p);
    if (!kind) return `assigning authority ${p.cx.assigningAuthority || '(none)'} of ${p.cx.id} is not fødselsnummer (${NO_ID_OID.fnr}), D-nummer (${NO_ID_OID.dnr}) or felles hjelpenummer (${NO_ID_OID.fhn})`;
    const r = checkPersonId(p.cx.id);
    const actual = r.valid ? r.kind : undefined;
    if (actual && actual !== kind) return `${p.cx.id} is a ${KIND_NAME[actual]} but is sent with the ${KIND_NAME[kind]} OID ${p.cx.assigningAuthority}; expected ${NO_ID_OID[actual]}`;
    return undefined;
  });
}

/** @returns the rule that the number has 11 digits and (FNR, DNR) a plausible birth date. */
export function patientIdFormatRule(severity: RuleSeverity): ProfileRule {
  return patientIdRule('no.patient-id.format', 'patient ids have 11 digits and, for FNR and DNR, a valid date of birth', severity, (p) => {
    if (!announced(p)) return undefined;
    const r = checkPersonId(p.cx.id);
    if (r.valid || r.problem === 'checksum') return undefined;
    return r.problem === 'format' ? `${p.cx.id} is not 11 digits` : `${p.cx.id} does not begin with a valid date of birth (DDMMYY)`;
  });
}

/** @returns the rule that the two modulus-11 check digits are right. */
export function patientIdChecksumRule(severity: RuleSeverity): ProfileRule {
  return patientIdRule('no.patient-id.checksum', 'patient ids have correct modulus-11 check digits', severity, (p) => {
    if (!announced(p)) return undefined;
    const r = checkPersonId(p.cx.id);
    return !r.valid && r.problem === 'checksum' ? `${p.cx.id} has wrong check digits` : undefined;
  });
}

/** Id of the rule on synthetic test persons; the ticket reader and the cross-reference apply it too. */
export const SYNTHETIC_RULE_ID = 'no.patient-id.synthetic';

/**
 * @returns the rule that reports synthetic test persons (month + 40, 65 or 80): a warning by
 *   default, so the national test environments work; `error` in production.
 */
export function patientIdSyntheticRule(severity: RuleSeverity): ProfileRule {
  return patientIdRule(SYNTHETIC_RULE_ID, 'patient ids are not synthetic test persons (month + 40, 65 or 80)', severity, (p) => {
    return isSyntheticPersonId(p.cx) ? `${p.cx.id} is a synthetic test identity` : undefined;
  });
}
