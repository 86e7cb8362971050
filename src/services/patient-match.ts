/**
 * The patient identity cross-reference as the registry and repository use it
 * (docs/patient-identities.md): a query about any id of a person finds the documents filed under
 * each of their ids, and with ACCESS_PATIENT_MATCH=xref the ticket's patient matches any id the
 * cross-reference links to it. An id the cross-reference does not know is only itself, so a
 * query for an unknown local id is refused exactly as before (the ticket names someone else).
 */
import type { Config } from '../config/schema.js';
import { cxKey, type Cx } from '../domain/datatypes.js';
import { identityKeys } from '../domain/patient-identity.js';
import type { MetadataStore, PatientIdentityStore } from '../storage/ports.js';
import type { CallContext } from './services.js';

export interface PatientMatching {
  readonly patients?: PatientIdentityStore | undefined;
  readonly config: Pick<Config, 'ACCESS_PATIENT_MATCH'>;
}

/**
 * @param patient - a patient id
 * @param patients - the cross-reference
 * @returns the CX keys of every id of the same person, this one first; just its own when not linked
 */
export async function samePersonKeys(patient: Cx, patients: PatientIdentityStore | undefined): Promise<string[]> {
  const own = cxKey(patient);
  const identity = patients ? await patients.resolve(patient) : undefined;
  return identity ? [own, ...identityKeys(identity).filter((k) => k !== own)] : [own];
}

/**
 * The call with the ticket's patient matched as ACCESS_PATIENT_MATCH says: `xref` adds the
 * other ids of the ticket's patient, `off` switches the comparison off, `strict` leaves it.
 * @param call - the caller
 * @param m - the cross-reference and the setting
 * @param known - samePersonKeys of a patient already looked up (the queried one): reused when it is the ticket's
 * @returns the call to decide the request and its documents with
 */
export async function withPatientMatch(call: CallContext, m: PatientMatching, known: readonly string[] = []): Promise<CallContext> {
  const mode = m.config.ACCESS_PATIENT_MATCH;
  const ticketPatient = call.security.patientId;
  if (mode === 'off') return { ...call, security: { ...call.security, patientMatchOff: true } };
  if (mode === 'strict' || !ticketPatient || call.security.kind === 'anonymous') return call;
  const person = known[0] === cxKey(ticketPatient) ? known : await samePersonKeys(ticketPatient, m.patients);
  const aliases = person.slice(1);
  return aliases.length ? { ...call, security: { ...call.security, patientAliasKeys: aliases } } : call;
}

/**
 * A view of the metadata store whose patient filters take every id of one person: a filter
 * naming any of `keys` asks for all of them. Everything else is the store itself.
 * @param store - the metadata store
 * @param keys - the CX keys of one person's ids
 * @returns the view (the store itself when the person has one id)
 */
export function withSamePerson(store: MetadataStore, keys: readonly string[]): MetadataStore {
  if (keys.length < 2) return store;
  const person = new Set(keys);
  const widen = <F extends { readonly patientIds?: readonly string[] }>(f: F): F =>
    (f.patientIds?.some((k) => person.has(k)) ? { ...f, patientIds: [...new Set([...f.patientIds, ...keys])] } : f);
  return {
    commitSubmission: (d) => store.commitSubmission(d),
    getByUuids: (u) => store.getByUuids(u),
    getByUniqueIds: (k, u) => store.getByUniqueIds(k, u),
    getAssociations: (l) => store.getAssociations(l),
    findDocumentEntries: (f, limit) => store.findDocumentEntries(widen(f), limit),
    findSubmissionSets: (f, limit) => store.findSubmissionSets(widen(f), limit),
    findFolders: (f, limit) => store.findFolders(widen(f), limit),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
