import { cxKey, type Cx } from './datatypes.js';

/**
 * One person as the patient identity cross-reference knows them: the national id (fødselsnummer,
 * D-nummer or felles hjelpenummer, norway-profile.md §3.1) and the community-local ids linked to
 * it, fed by a Patient Identity Feed (PIXm ITI-104) or a batch import. A local id belongs to one
 * person at a time. ITI TF-2 3.104; docs/patient-identities.md.
 */
export interface PatientIdentity {
  readonly nationalId: Cx;
  readonly localIds: readonly Cx[];
}

/**
 * @param identity - a person's identity
 * @returns the CX keys of all their ids, the national id first
 */
export function identityKeys(identity: PatientIdentity): string[] {
  return [cxKey(identity.nationalId), ...identity.localIds.map(cxKey)];
}
