/**
 * The one answer to "does this stored query name a patient": the queries that select by
 * patient (FindDocuments, FindSubmissionSets, FindFolders, GetAll, FindDocumentsByReferenceId)
 * have a required patientId parameter ($XDSDocumentEntryPatientId, $XDSSubmissionSetPatientId,
 * $XDSFolderPatientId, $patientId); the others select by object id. The access policy compares
 * the named patient with the ticket's before the query runs (docs/access-policy.md §2); the XCA
 * gateways route on it (ITI TF-2 3.38.4.1.2.1). ITI TF-2 3.18.4.1.2.3.7
 */
import type { Cx } from '../domain/datatypes.js';
import type { StoredQueryRequest } from '../domain/stored-query.js';
import { queryDefinition, type QueryDefinition } from './definitions.js';
import { parsePatientIdCx, splitValueText } from './parameters.js';

/**
 * @param definition - a stored query's definition
 * @returns the name of its patientId parameter when it selects by patient, else undefined
 */
function patientParameter(definition: QueryDefinition): string | undefined {
  return definition.required.find((p) => definition.params[p]?.kind === 'patientId');
}

/**
 * @param queryId - the AdhocQuery id
 * @returns whether the query selects by patient id; undefined for an unknown query (the registry reports it)
 */
export function selectsByPatient(queryId: string): boolean | undefined {
  const definition = queryDefinition(queryId);
  return definition ? patientParameter(definition) !== undefined : undefined;
}

/**
 * The patient a request names, read while it is parsed (interpret.ts), even when the request
 * has other faults: the access policy decides on it first.
 * @param definition - the stored query's definition
 * @param request - the request as received
 * @returns the first value of its patientId parameter, or undefined when it names none or the
 *   value is malformed (the parse then reports XDSRegistryError for the parameter)
 */
export function namedPatient(definition: QueryDefinition, request: StoredQueryRequest): Cx | undefined {
  const name = patientParameter(definition);
  const text = name === undefined ? undefined : request.slots.get(name)?.find((values) => values.length > 0)?.[0];
  if (text === undefined) return undefined;
  const split = splitValueText(text, 'patientId');
  const first = split.ok ? split.value[0] : undefined;
  const cx = first === undefined ? undefined : parsePatientIdCx(first);
  return cx?.ok ? cx.value : undefined;
}
