import { canonicalCommunityId } from '../../domain/oid.js';
import type { StoredQueryResult } from '../../domain/stored-query.js';
import type { RegistryObjects } from '../../domain/submission.js';
import { EMPTY_REGISTRY_OBJECTS } from '../../domain/submission.js';
import { issue } from '../../errors/issue.js';
import { child, children, NS, type XmlElement } from '../xml/tree.js';
import { objectRefsToEbrim, registryObjectListFromEbrim, registryObjectsToEbrim } from './registry-object-list.js';
import { registryErrorListXml, responseFromEbrim, responseStatusUrn, type DecodedResponse, type ReceivedIssue, type ResponseStatus } from './registry-response.js';
import { uriAttr } from './rim.js';

/**
 * query:AdhocQueryResponse, the response of ITI-18 and ITI-38. LeafClass results carry full
 * objects with status, objectType, lid and VersionInfo; ObjectRef results only ids.
 * See ITI TF-2 3.18.4.1.3, 3.38.4.1.3.
 */

/** What an ITI-18 / ITI-38 handler answers with. */
export interface AdhocQueryResponseInput {
  readonly status: ResponseStatus;
  readonly result?: StoredQueryResult | undefined;
  readonly issues: readonly ReceivedIssue[];
  /** Written as `home` on every returned object and ObjectRef (XCA). */
  readonly homeCommunityId?: string | undefined;
  /**
   * ObjectRefs that each name their own community (an initiating gateway's merged result,
   * ITI TF-2 3.38.4.1.3); written when `result` is absent.
   */
  readonly objectRefs?: readonly ReceivedObjectRef[] | undefined;
}

/**
 * Writes an AdhocQueryResponse as one string; the RegistryObjectList is always present,
 * empty when there is no result.
 * @param r - status, result, issues and the responding community
 * @returns the element markup, namespaces bound
 */
export function adhocQueryResponseToEbrim(r: AdhocQueryResponseInput): string {
  let content = '';
  if (r.result?.returnType === 'LeafClass') {
    content = registryObjectsToEbrim(r.result.objects, { registryView: true, homeCommunityId: r.homeCommunityId });
  } else if (r.result?.returnType === 'ObjectRef') {
    content = objectRefsToEbrim(r.result.refs, r.homeCommunityId);
  } else if (r.objectRefs) {
    content = r.objectRefs.map((o) => objectRefsToEbrim([o.id], o.home ?? r.homeCommunityId)).join('');
  }
  const list = content === '' ? '<rim:RegistryObjectList/>' : `<rim:RegistryObjectList>${content}</rim:RegistryObjectList>`;
  return `<query:AdhocQueryResponse xmlns:query="${NS.query}" xmlns:rs="${NS.rs}" xmlns:rim="${NS.rim}"`
    + ` status="${responseStatusUrn(r.status)}">${registryErrorListXml(r.issues)}${list}</query:AdhocQueryResponse>`;
}

/** One rim:ObjectRef of an ObjectRef query result. */
export interface ReceivedObjectRef {
  readonly id: string;
  readonly home?: string;
}

/** A decoded AdhocQueryResponse. */
export interface DecodedAdhocQueryResponse extends DecodedResponse {
  /** LeafClass objects (empty for an ObjectRef response). */
  readonly objects: RegistryObjects;
  /** ObjectRef entries (empty for a LeafClass response). */
  readonly refs: ReceivedObjectRef[];
}

/**
 * Decodes an AdhocQueryResponse, for tests and the initiating gateway.
 * @param el - the query:AdhocQueryResponse element
 * @returns status, received RegistryErrors, objects and/or refs, and decode problems
 */
export function adhocQueryResponseFromEbrim(el: XmlElement): DecodedAdhocQueryResponse {
  if (el.ns !== NS.query || el.local !== 'AdhocQueryResponse') {
    return {
      status: 'Failure', issues: [], objects: EMPTY_REGISTRY_OBJECTS, refs: [],
      decodeIssues: [issue('MALFORMED_RESPONSE', ['AdhocQueryResponse', `the element is {${el.ns}}${el.local}`])],
    };
  }
  const response = responseFromEbrim(el, 'AdhocQueryResponse');
  const list = child(el, NS.rim, 'RegistryObjectList');
  if (!list) return { ...response, objects: EMPTY_REGISTRY_OBJECTS, refs: [] };
  const decoded = registryObjectListFromEbrim(list);
  const refs = children(list, NS.rim, 'ObjectRef').map((r) => {
    const id = uriAttr(r, 'id') ?? '';
    const home = uriAttr(r, 'home');
    return home === undefined ? { id } : { id, home: canonicalCommunityId(home) };
  });
  const { submissionSets, documentEntries, folders, associations } = decoded.objects;
  const objects = { submissionSets, documentEntries, folders, associations };
  return { ...response, decodeIssues: [...response.decodeIssues, ...decoded.issues], objects, refs };
}
