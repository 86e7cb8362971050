import type { RegistryObjectList } from '../../domain/submission.js';
import { issue } from '../../errors/issue.js';
import { child, NS, type XmlElement } from '../xml/tree.js';
import { registryObjectListFromEbrim, registryObjectListToEbrim, type DecodedObjects } from './registry-object-list.js';

/** lcm:SubmitObjectsRequest, the body of ITI-42 and ITI-57. See ITI TF-2 3.42.4.1, 3.57.4.1. */

export const EMPTY_OBJECT_LIST: RegistryObjectList = Object.freeze({
  submissionSets: [], documentEntries: [], folders: [], associations: [], objectRefs: [],
});

/**
 * Decodes a SubmitObjectsRequest.
 * @param el - the lcm:SubmitObjectsRequest element
 * @param malformed - catalogue entry for a request of the wrong shape (repository for ITI-41)
 * @returns the objects and the structure issues
 */
export function submitObjectsRequestFromEbrim(
  el: XmlElement, malformed: 'MALFORMED_REQUEST' | 'MALFORMED_REPOSITORY_REQUEST' = 'MALFORMED_REQUEST',
): DecodedObjects {
  const fail = (why: string): DecodedObjects => ({ objects: EMPTY_OBJECT_LIST, issues: [issue(malformed, ['SubmitObjectsRequest', why])] });
  if (el.ns !== NS.lcm || el.local !== 'SubmitObjectsRequest') return fail(`the element is {${el.ns}}${el.local}`);
  const list = child(el, NS.rim, 'RegistryObjectList');
  if (!list) return fail('it has no rim:RegistryObjectList');
  return registryObjectListFromEbrim(list);
}

/**
 * Writes a SubmitObjectsRequest.
 * @param objects - the submission
 * @param declare - whether to bind the lcm and rim prefixes here (false inside ITI-41)
 * @returns the element markup
 */
export function submitObjectsRequestToEbrim(objects: RegistryObjectList, declare = true): string {
  const ns = declare ? ` xmlns:lcm="${NS.lcm}" xmlns:rim="${NS.rim}"` : '';
  return `<lcm:SubmitObjectsRequest${ns}>${registryObjectListToEbrim(objects, { declare: false })}</lcm:SubmitObjectsRequest>`;
}
