/**
 * Feeding the patient identity cross-reference (PIXm ITI-104 and `npm run xref -- import`): a
 * person's ids are checked, then linked. Exactly one id is the national id (fødselsnummer,
 * D-nummer or felles hjelpenummer under its own OID, with a valid date and check digits); every
 * other id is a local one. A synthetic test person is refused when no.patient-id.synthetic is
 * `error` (METADATA_RULES), accepted otherwise. docs/patient-identities.md.
 */
import type { Cx } from '../domain/datatypes.js';
import type { PatientIdentity } from '../domain/patient-identity.js';
import { checkPersonId, NO_ID_OID } from '../domain/norwegian-identifiers.js';
import { SYNTHETIC_RULE_ID } from '../profiles/norway/patient-id-rules.js';
import type { RuleSeverity } from '../profiles/types.js';

const NATIONAL_OIDS: readonly string[] = [NO_ID_OID.fnr, NO_ID_OID.dnr, NO_ID_OID.fhn];

/**
 * @param ids - a person's ids as fed, in any order
 * @param synthetic - the no.patient-id.synthetic severity
 * @returns the identity, or every reason to refuse it
 */
export function identityOf(ids: readonly Cx[], synthetic: RuleSeverity): { ok: true; identity: PatientIdentity } | { ok: false; problems: string[] } {
  const national = ids.filter((c) => NATIONAL_OIDS.includes(c.assigningAuthority));
  const locals = ids.filter((c) => !NATIONAL_OIDS.includes(c.assigningAuthority));
  const problems: string[] = [];
  if (national.length !== 1) {
    problems.push(`exactly one national id (fødselsnummer ${NO_ID_OID.fnr}, D-nummer ${NO_ID_OID.dnr} or felles hjelpenummer ${NO_ID_OID.fhn}) is needed; ${national.length} given`);
  }
  if (locals.length === 0) problems.push('no local id is given to link to the national id');
  const [nationalId] = national;
  if (nationalId && national.length === 1) {
    const check = checkPersonId(nationalId.id);
    if (!check.valid) problems.push(`the national id ${nationalId.id} is not valid (${check.problem})`);
    else if (NO_ID_OID[check.kind] !== nationalId.assigningAuthority) {
      problems.push(`the national id ${nationalId.id} is a ${check.kind.toUpperCase()} but is sent under ${nationalId.assigningAuthority}; expected ${NO_ID_OID[check.kind]}`);
    }
    else if (check.synthetic && synthetic === 'error') problems.push(`the national id ${nationalId.id} is a synthetic test identity, which ${SYNTHETIC_RULE_ID}=error refuses`);
  }
  if (problems.length || !nationalId) return { ok: false, problems };
  return { ok: true, identity: { nationalId, localIds: locals } };
}
