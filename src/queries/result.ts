import { cxKey, type Cx } from '../domain/datatypes.js';
import type { StoredQueryResult } from '../domain/stored-query.js';
import type { RegistryObjects } from '../domain/submission.js';
import { XdsError } from '../errors/issue.js';

/** The same objects, each entryUUID only once (a query may reach one object twice). */
export function distinct(found: RegistryObjects): RegistryObjects {
  const once = <T extends { readonly entryUuid: string }>(list: readonly T[]): T[] => {
    const seen = new Set<string>();
    return list.filter((o) => {
      if (seen.has(o.entryUuid)) return false;
      seen.add(o.entryUuid);
      return true;
    });
  };
  return {
    submissionSets: once(found.submissionSets),
    documentEntries: once(found.documentEntries),
    folders: once(found.folders),
    associations: once(found.associations),
  };
}

/** How many objects a result holds, of every kind. */
function countObjects(found: RegistryObjects): number {
  return found.submissionSets.length + found.documentEntries.length + found.folders.length + found.associations.length;
}

/**
 * Refuses a result larger than the limit (XDSTooManyResults, ITI TF-3 Table 4.2.4.1-2) and
 * a LeafClass result about more than one patient, the ids of `samePerson` counting as one
 * (XDSResultNotSinglePatient, ITI TF-2 3.18.4.1.3; ObjectRefs disclose no patient data, NIST 12368).
 * @throws XdsError
 */
export function checkResult(found: RegistryObjects, returnType: 'LeafClass' | 'ObjectRef', maxResults: number,
  samePerson: ReadonlySet<string> = new Set()): void {
  const count = countObjects(found);
  if (count > maxResults) {
    throw XdsError.of('TOO_MANY_RESULTS', [`more than ${maxResults}`, maxResults]);
  }
  if (returnType !== 'LeafClass') return;
  const patients = new Set<string>();
  // The ids of one person in the patient cross-reference count as one patient.
  const add = (p: Cx | undefined): void => { if (p) patients.add(samePerson.has(cxKey(p)) ? '\u0000person' : cxKey(p)); };
  for (const o of found.documentEntries) add(o.patientId);
  for (const o of found.submissionSets) add(o.patientId);
  for (const o of found.folders) add(o.patientId);
  if (patients.size > 1) throw XdsError.of('RESULT_NOT_SINGLE_PATIENT', [patients.size]);
}

/** LeafClass carries the objects; ObjectRef only their ids. ebRS 3.0 ResponseOption */
export function toResult(found: RegistryObjects, returnType: 'LeafClass' | 'ObjectRef'): StoredQueryResult {
  if (returnType === 'LeafClass') return { returnType, objects: found };
  const ids = [found.submissionSets, found.documentEntries, found.folders, found.associations]
    .flatMap((list) => list.map((o) => o.entryUuid));
  return { returnType, refs: ids };
}
