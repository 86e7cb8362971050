import type { Config } from '../config/schema.js';
import type { DocumentRequest, RetrievedDocument } from '../domain/retrieve.js';
import type { StoredQueryRequest, StoredQueryResult } from '../domain/stored-query.js';
import { atCommunity, issue, XdsError, type Issue } from '../errors/issue.js';
import { selectsByPatient } from '../queries/patient-param.js';
import type { CallContext, RegistryService, RepositoryService, RespondingGatewayService } from './services.js';

export interface RespondingGatewayDeps {
  readonly registry: RegistryService;
  readonly repository: RepositoryService;
  readonly config: Pick<Config, 'HOME_COMMUNITY_ID'>;
}

/**
 * Checks AdhocQuery/@home: required for a query by id (XDSMissingHomeCommunityId), and when
 * given it must be this community (XDSUnknownCommunity). Gazelle ITI38-005..007; NIST 15815.
 * @throws XdsError
 */
function checkQueryHome(request: StoredQueryRequest, home: string): void {
  // A query by object id must name the community it addresses. ITI TF-2 3.38.4.1.2.1
  const byPatient = selectsByPatient(request.queryId);
  if (byPatient === undefined) return;
  if (request.home === undefined) {
    if (!byPatient) throw XdsError.of('MISSING_HOME_COMMUNITY_ID', [request.queryId], { location: request.queryId });
    return;
  }
  if (request.home !== home) throw XdsError.of('UNKNOWN_COMMUNITY', [request.home, `this is ${home}`], { location: request.home });
}

/**
 * Sorts DocumentRequests into those for this community and issues for the rest.
 * ITI TF-2 3.39.4.1.2: every DocumentRequest carries HomeCommunityId.
 */
function splitByHome(requests: readonly DocumentRequest[], home: string): { mine: DocumentRequest[]; issues: Issue[] } {
  const mine: DocumentRequest[] = [];
  const issues: Issue[] = [];
  for (const r of requests) {
    const at = { location: r.documentUniqueId };
    if (r.homeCommunityId === undefined) issues.push(issue('MISSING_HOME_IN_DOCUMENT_REQUEST', [r.documentUniqueId], at));
    else if (r.homeCommunityId !== home) issues.push(issue('UNKNOWN_COMMUNITY', [r.homeCommunityId, `this is ${home}`], at));
    else mine.push(r);
  }
  return { mine, issues };
}

/**
 * @param deps - the local registry and repository, and HOME_COMMUNITY_ID
 * @returns the Responding Gateway
 */
export function createRespondingGateway(deps: RespondingGatewayDeps): RespondingGatewayService {
  const home = deps.config.HOME_COMMUNITY_ID;
  return {
    crossGatewayQuery: async (request, call) => {
      checkQueryHome(request, home);
      const answer = await deps.registry.storedQuery(request, call);
      return { ...answer, issues: answer.issues.map((i) => atCommunity(i, home)) };
    },
    crossGatewayRetrieve: async (requests, call) => {
      const { mine, issues } = splitByHome(requests, home);
      const found = mine.length === 0 ? { documents: [], issues: [], touched: {} } : await deps.repository.retrieve(mine, call);
      // Each DocumentResponse and each RegistryError names this community (ITI TF-2 3.39.4.1.3).
      const documents = found.documents.map((d) => ({ ...d, homeCommunityId: home }));
      return { documents, issues: [...issues, ...found.issues].map((i) => atCommunity(i, home)), touched: found.touched };
    },
  };
}
