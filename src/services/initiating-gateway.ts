import type { Community } from '../config/communities.js';
import type { Config } from '../config/schema.js';
import type { DocumentRequest, RetrievedDocument } from '../domain/retrieve.js';
import type { StoredQueryRequest } from '../domain/stored-query.js';
import { issue, touchedBy, XdsError } from '../errors/issue.js';
import type { Logger } from '../logging/logger.js';
import { storedQueryToRequest } from '../queries/encode.js';
import { parseStoredQuery } from '../queries/interpret.js';
import { selectsByPatient } from '../queries/patient-param.js';
import type { StoredQuery } from '../queries/stored-query.js';
import {
  answerOfLocal, answerOfRemote, failedTarget, mergeQueryAnswers, retrievedFromRemote, retrieveStatus,
  type GatewayQueryOutcome, type GatewayRetrieveOutcome, type RemoteIssue, type RemoteQueryAnswer,
  type RemoteRetrieveAnswer, type TargetAnswer,
} from './initiating-gateway-merge.js';
import type { InitiatingGatewayService, OutboundCall, RegistryService, RepositoryService } from './services.js';
import { Touched } from './touched.js';

export type { OutboundCall } from './services.js';
export type {
  GatewayQueryOutcome, GatewayRetrieveOutcome, GatewayStatus, MergedQueryResult, RemoteIssue,
  RemoteObjectRef, RemoteQueryAnswer, RemoteRetrieveAnswer,
} from './initiating-gateway-merge.js';

/**
 * The XCA Initiating Gateway: ITI-18 and ITI-43 from local consumers, fanned out in parallel
 * as ITI-38 / ITI-39 to the communities of XCA_COMMUNITIES and answered from this community's
 * own registry and repository in-process. See ITI TF-2 3.38.4.1.3, 3.39.4.1.3 and
 * ihe-requirements.md §9.2.
 */

/**
 * The outbound side of XCA, implemented in transport/client. A rejected promise means the
 * community could not be asked (unreachable, timed out, a SOAP fault, an unreadable answer);
 * its message becomes the codeContext of XDSUnavailableCommunity.
 */
export interface CrossGatewayPort {
  query(community: Community, request: StoredQueryRequest, call: OutboundCall): Promise<RemoteQueryAnswer>;
  retrieve(community: Community, requests: readonly DocumentRequest[], call: OutboundCall): Promise<RemoteRetrieveAnswer>;
}

/** The communities the initiating gateway fans out to, and how it reaches them. */
export interface XcaOutbound {
  readonly communities: readonly Community[];
  readonly client: CrossGatewayPort;
}

const noClient = async (): Promise<never> => { throw new Error('no outbound client is configured'); };

/** No remote community: the initiating gateway answers from this community alone. */
export const NO_REMOTE_COMMUNITIES: XcaOutbound = { communities: [], client: { query: noClient, retrieve: noClient } };

export interface InitiatingGatewayDeps {
  readonly registry: RegistryService;
  readonly repository: RepositoryService;
  readonly communities: readonly Community[];
  readonly client: CrossGatewayPort;
  readonly config: Pick<Config, 'HOME_COMMUNITY_ID' | 'REPOSITORY_UNIQUE_ID'>;
  readonly log: Logger;
}

/** Where a request goes: this community (in-process) or a remote one. */
type Target = { readonly kind: 'local'; readonly home: string } | { readonly kind: 'remote'; readonly home: string; readonly community: Community };

/**
 * @param deps - local registry and repository, remote communities and the outbound client
 * @returns the Initiating Gateway
 */
export function createInitiatingGateway(deps: InitiatingGatewayDeps): InitiatingGatewayService {
  const own = deps.config.HOME_COMMUNITY_ID;
  const byHome = new Map(deps.communities.map((c) => [c.homeCommunityId, c]));
  const local: Target = { kind: 'local', home: own };
  const all: Target[] = [local, ...deps.communities.map((c): Target => ({ kind: 'remote', home: c.homeCommunityId, community: c }))];
  const targetOf = (home: string): Target | undefined => {
    if (home === own) return local;
    const community = byHome.get(home);
    return community ? { kind: 'remote', home, community } : undefined;
  };

  /** ITI TF-2 3.38.4.1.2: a query with `home` goes there only; others go to every community. */
  const queryTargets = (home: string | undefined): Target[] => {
    if (home === undefined) return all;
    const t = targetOf(home);
    if (!t) throw XdsError.of('UNKNOWN_COMMUNITY', [home, 'no such community is configured'], { location: home });
    return [t];
  };

  // What this community's part touched (a refusal included) goes into the request's record.
  const askLocal = async (request: StoredQueryRequest, call: OutboundCall, touched: Touched): Promise<TargetAnswer> => {
    try {
      const answer = await deps.registry.storedQuery(request, call);
      touched.add(answer.touched);
      return answerOfLocal(own, answer);
    } catch (e) {
      touched.add(touchedBy(e));
      return failedTarget(own, e, deps.log, call.correlationId);
    }
  };

  // Every community, this one included, receives the query rebuilt from the one typed parse.
  const askOne = async (t: Target, query: StoredQuery, call: OutboundCall, touched: Touched): Promise<TargetAnswer> => {
    if (t.kind === 'local') return askLocal(storedQueryToRequest(query), call, touched);
    try {
      return answerOfRemote(t.home, await deps.client.query(t.community, outgoingQuery(query, t.home), call));
    } catch (e) {
      return failedTarget(t.home, e, deps.log, call.correlationId);
    }
  };

  return {
    query: async (request, call) => {
      const parsed = parseStoredQuery(request);
      const touched = new Touched();
      if (!parsed.ok) {
        // Sent nowhere: this community's registry answers it as it answers an ITI-18 (the access
        // policy first, then every parameter fault), once rather than once per community.
        const answer = await askLocal(request, call, touched);
        return { ...mergeQueryAnswers([answer], request.returnType), touched: touched.record };
      }
      const { query, warnings } = parsed.query;
      const answers = await Promise.all(queryTargets(query.home).map((t) => askOne(t, query, call, touched)));
      const merged = mergeQueryAnswers(answers, query.returnType);
      return { ...merged, issues: [...warnings, ...merged.issues], touched: touched.record };
    },
    retrieve: async (requests, call) => {
      const { groups, issues } = routeDocuments(requests, deps.config.REPOSITORY_UNIQUE_ID, local, targetOf);
      const touched = new Touched();
      const parts = await Promise.all([...groups.values()].map((g) => retrieveFrom(deps, g.target, g.requests, call, touched)));
      const documents: RetrievedDocument[] = parts.flatMap((p) => p.documents);
      const found = [...issues, ...parts.flatMap((p) => p.issues)];
      return { status: retrieveStatus(documents.length, found), documents, issues: found, touched: touched.record };
    },
  };
}

/**
 * The request as a community receives it: a query by id names the community it addresses
 * (a Responding Gateway refuses it otherwise); a query by patient is sent as it came.
 * ITI TF-2 3.38.4.1.2.1
 */
function outgoingQuery(query: StoredQuery, home: string): StoredQueryRequest {
  return storedQueryToRequest(query, selectsByPatient(query.id) === true && query.home === undefined ? undefined : home);
}

/**
 * Groups DocumentRequests by the community that holds them. A request without
 * HomeCommunityId is ours when it names our repository (XDS Affinity Domain option);
 * otherwise it cannot be routed. ITI TF-2 3.43.4.1.2, 3.39.4.1.2
 */
function routeDocuments(
  requests: readonly DocumentRequest[], ownRepository: string, local: Target, targetOf: (home: string) => Target | undefined,
): { groups: Map<string, { target: Target; requests: DocumentRequest[] }>; issues: RemoteIssue[] } {
  const groups = new Map<string, { target: Target; requests: DocumentRequest[] }>();
  const issues: RemoteIssue[] = [];
  for (const r of requests) {
    const at = { location: r.documentUniqueId };
    let target: Target | undefined;
    if (r.homeCommunityId !== undefined) target = targetOf(r.homeCommunityId);
    else if (r.repositoryUniqueId === ownRepository) target = local;
    if (!target) {
      issues.push(r.homeCommunityId === undefined
        ? issue('MISSING_HOME_IN_DOCUMENT_REQUEST', [r.documentUniqueId], at)
        : issue('UNKNOWN_COMMUNITY', [r.homeCommunityId, 'no such community is configured'], at));
      continue;
    }
    const group = groups.get(target.home) ?? { target, requests: [] };
    groups.set(target.home, group);
    group.requests.push(r);
  }
  return { groups, issues };
}

/** Splits a list into chunks of at most `size`. */
function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Retrieves one community's documents: in-process from our repository, or as ITI-39 requests
 * of at most maxDocumentsPerRetrieve each, sent in parallel.
 */
async function retrieveFrom(
  deps: InitiatingGatewayDeps, t: Target, requests: readonly DocumentRequest[], call: OutboundCall, touched: Touched,
): Promise<{ documents: RetrievedDocument[]; issues: RemoteIssue[] }> {
  if (t.kind === 'local') {
    try {
      const r = await deps.repository.retrieve(requests, call);
      touched.add(r.touched);
      return { documents: r.documents.map((d) => ({ ...d, homeCommunityId: t.home })), issues: [...r.issues] };
    } catch (e) {
      touched.add(touchedBy(e));
      return { documents: [], issues: [...failedTarget(t.home, e, deps.log, call.correlationId).issues] };
    }
  }
  const answers = await Promise.all(chunks(requests, t.community.maxDocumentsPerRetrieve).map(async (part) => {
    try {
      return retrievedFromRemote(t.home, await deps.client.retrieve(t.community, part, call));
    } catch (e) {
      return { documents: [], issues: failedTarget(t.home, e, deps.log, call.correlationId).issues };
    }
  }));
  return { documents: answers.flatMap((a) => a.documents), issues: answers.flatMap((a) => a.issues) };
}
