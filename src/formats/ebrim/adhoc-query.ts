import { canonicalCommunityId } from '../../domain/oid.js';
import type { StoredQueryRequest } from '../../domain/stored-query.js';
import { XdsError } from '../../errors/issue.js';
import { child, NS, type XmlElement } from '../xml/tree.js';
import { escapeAttr, escapeText } from '../xml/write.js';
import { readValues, uriAttr } from './rim.js';

export { adhocQueryResponseFromEbrim, adhocQueryResponseToEbrim } from './adhoc-query-response.js';
export type { AdhocQueryResponseInput, DecodedAdhocQueryResponse, ReceivedObjectRef } from './adhoc-query-response.js';

/**
 * query:AdhocQueryRequest, the body of ITI-18 and ITI-38. Parameters are kept as sent
 * (slot name → occurrences → Value texts); their meaning is the stored-query rules' business.
 * See ITI TF-2 3.18.4.1.2.
 */

const WHAT = 'AdhocQueryRequest';
const malformed = (why: string): XdsError => XdsError.of('MALFORMED_REQUEST', [WHAT, why]);

/**
 * Decodes an AdhocQueryRequest.
 * @param el - the query:AdhocQueryRequest element
 * @returns the stored query request: id, returnType, home, and slots with raw Value texts
 * @throws XdsError BAD_RETURN_TYPE when returnType is neither LeafClass nor ObjectRef;
 *   MALFORMED_REQUEST when ResponseOption, AdhocQuery or its id is missing
 */
export function adhocQueryRequestFromEbrim(el: XmlElement): StoredQueryRequest {
  if (el.ns !== NS.query || el.local !== WHAT) throw malformed(`the element is {${el.ns}}${el.local}`);
  const option = child(el, NS.query, 'ResponseOption');
  if (!option) throw malformed('it has no query:ResponseOption');
  // The schema's default returnType is RegistryObject, which IHE does not allow.
  const returnType = (option.attrs['returnType'] ?? 'RegistryObject').trim();
  if (returnType !== 'LeafClass' && returnType !== 'ObjectRef') throw XdsError.of('BAD_RETURN_TYPE', [returnType]);
  const query = child(el, NS.rim, 'AdhocQuery');
  if (!query) throw malformed('it has no rim:AdhocQuery');
  const queryId = uriAttr(query, 'id');
  if (queryId === undefined) throw malformed('rim:AdhocQuery has no id');
  const slots = new Map<string, string[][]>();
  for (const s of query.children) {
    if (s.local !== 'Slot' || s.ns !== NS.rim) continue;
    const name = (s.attrs['name'] ?? '').trim();
    const occurrences = slots.get(name);
    const values = readValues(s, false);
    if (occurrences) occurrences.push(values); else slots.set(name, [values]);
  }
  const sent = query.attrs['home']?.trim();
  // Either form of the community id is accepted and answered in the canonical one (norway-profile.md §3.3).
  const home = sent ? canonicalCommunityId(sent) : undefined;
  return home ? { queryId, returnType, home, slots } : { queryId, returnType, slots };
}

/**
 * Writes an AdhocQueryRequest, for clients, tests and the initiating gateway.
 * @param req - the stored query request; each slot occurrence becomes one rim:Slot
 * @returns the element markup, namespaces bound
 */
export function adhocQueryRequestToEbrim(req: StoredQueryRequest): string {
  let slots = '';
  for (const [name, occurrences] of req.slots) {
    for (const values of occurrences) {
      slots += `<rim:Slot name="${escapeAttr(name)}"><rim:ValueList>`;
      for (const v of values) slots += `<rim:Value>${escapeText(v)}</rim:Value>`;
      slots += '</rim:ValueList></rim:Slot>';
    }
  }
  const home = req.home === undefined ? '' : ` home="${escapeAttr(req.home)}"`;
  return `<query:${WHAT} xmlns:query="${NS.query}" xmlns:rim="${NS.rim}">`
    + `<query:ResponseOption returnComposedObjects="true" returnType="${req.returnType}"/>`
    + `<rim:AdhocQuery id="${escapeAttr(req.queryId)}"${home}>${slots}</rim:AdhocQuery></query:${WHAT}>`;
}
