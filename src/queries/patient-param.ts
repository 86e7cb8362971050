/**
 * The patient a stored query names: the value of its patientId parameter ($XDSDocumentEntryPatientId,
 * $XDSSubmissionSetPatientId, $XDSFolderPatientId, $patientId). The access policy compares it with
 * the ticket's patient before the query runs (docs/access-policy.md §2). ITI TF-2 3.18.4.1.2.3.7
 */
import type { Cx } from '../domain/datatypes.js';
import type { StoredQueryRequest } from '../domain/stored-query.js';
import { queryDefinition } from './definitions.js';
import { parsePatientIdCx, splitValueText } from './parameters.js';

/**
 * @param request - the stored query as received
 * @returns the patient it names, or undefined when it names none (GetDocuments …) or the value
 *   is malformed (the query itself then reports XDSRegistryError for the parameter)
 */
export function queriedPatient(request: StoredQueryRequest): Cx | undefined {
  const definition = queryDefinition(request.queryId);
  if (!definition) return undefined;
  for (const [name, def] of Object.entries(definition.params)) {
    if (def.kind !== 'patientId') continue;
    const text = request.slots.get(name)?.find((values) => values.length > 0)?.[0];
    if (text === undefined) continue;
    const split = splitValueText(text, 'patientId');
    const first = split.ok ? split.value[0] : undefined;
    const cx = first === undefined ? undefined : parsePatientIdCx(first);
    return cx?.ok ? cx.value : undefined;
  }
  return undefined;
}
