/**
 * What the SubmissionSet List and the Folder List share: identifiers (uniqueId as `usual`,
 * entryUUID as `official`), List.code, subject, title, note and the designationType extension.
 * See fsh/mhdList.fsh, submissionSet.fsh, folder.fsh.
 */
import type { Code } from '../../domain/datatypes.js';
import type { CodeSystemNaming } from './code-systems.js';
import { codeFromConcept, codeToConcept, entryUuidToIdentifier, isEntryUuidIdentifier, uniqueIdFromIdentifier, uniqueIdToIdentifier } from './datatypes.js';
import type { IssueList } from './decode-issues.js';
import { localizedTextFromFhir, localizedTextToFhir } from './localized-text.js';
import { MHD_EXTENSION, MHD_LIST_TYPES } from './mhd-vocabulary.js';
import type { Annotation, CodeableConcept, Extension, Identifier, List } from './resources.js';

export type ListKind = 'submissionset' | 'folder';

/** List.identifier for a SubmissionSet or Folder. */
export function listIdentifiers(entryUuid: string, uniqueId: string | undefined): Identifier[] {
  return [...(uniqueId ? [uniqueIdToIdentifier(uniqueId, 'usual')] : []), entryUuidToIdentifier(entryUuid)];
}

/** List.code for the kind. */
export function listCode(kind: ListKind): CodeableConcept {
  return { coding: [{ system: MHD_LIST_TYPES, code: kind }] };
}

/** List.note for comments. */
export function listNote(comments: string | undefined): Annotation[] | undefined {
  const text = localizedTextToFhir(comments);
  return text ? [{ text }] : undefined;
}

/** designationType extensions for codes. */
export function designationTypes(codes: readonly Code[], naming: CodeSystemNaming): Extension[] {
  return codes.map((c) => ({ url: MHD_EXTENSION.designationType, valueCodeableConcept: codeToConcept(c, naming) }));
}

/** Extensions of a List with the given URL. */
export function extensionsOf(list: List, url: string): Extension[] {
  return (list.extension ?? []).filter((e) => e.url === url);
}

/** The coded values of a List's designationType extensions. */
export function readDesignationTypes(list: List, naming: CodeSystemNaming): Code[] {
  return extensionsOf(list, MHD_EXTENSION.designationType)
    .map((e) => codeFromConcept(e.valueCodeableConcept, naming)).filter((c) => c !== undefined);
}

/**
 * Reads what every MHD List carries and checks its List.code.
 * @returns entryUUID, uniqueId, title and comments
 */
export function readListCommon(list: List, kind: ListKind, issues: IssueList, fallbackEntryUuid?: string): {
  entryUuid: string; uniqueId?: string; title?: string; comments?: string;
} {
  const code = list.code?.coding?.find((c) => c.system === MHD_LIST_TYPES)?.code;
  if (code !== kind) issues.error('List.code', `List.code is ${code ?? 'missing'}, expected ${kind} (${MHD_LIST_TYPES})`, 'value');
  const entryUuid = list.identifier?.find(isEntryUuidIdentifier)?.value ?? fallbackEntryUuid;
  if (!entryUuid) issues.error('List.identifier', 'no entryUUID: no official urn:uuid: identifier and no fullUrl to take it from', 'required');
  const unique = list.identifier?.find((i) => i.use === 'usual');
  const uniqueId = unique ? uniqueIdFromIdentifier(unique) : undefined;
  const title = localizedTextFromFhir(list.title);
  const comments = localizedTextFromFhir(list.note?.[0]?.text);
  return { entryUuid: entryUuid ?? '', ...(uniqueId ? { uniqueId } : {}), ...(title ? { title } : {}), ...(comments ? { comments } : {}) };
}
