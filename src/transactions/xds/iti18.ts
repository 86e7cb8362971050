/** IHE XDS.b [ITI-18] Registry Stored Query. ITI TF-2: 3.18 */
import { adhocQueryRequestFromEbrim, adhocQueryResponseToEbrim } from '../../formats/ebrim/adhoc-query.js';
import { responseStatus } from '../../formats/ebrim/registry-response.js';
import type { Issue } from '../../errors/issue.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';

/** Decodes the AdhocQueryRequest, runs the stored query, encodes the AdhocQueryResponse. */
export const iti18Handler: SoapHandler = async (request, ctx) => {
  const query = adhocQueryRequestFromEbrim(request.body);
  const { result, issues, touched } = await ctx.services.registry.storedQuery(query, ctx);
  const status = responseStatus(issues);
  return { outcome: handlerOutcome(status, touched, request), body: adhocQueryResponseToEbrim({ status, result, issues }), attachments: [] };
};

/**
 * The AdhocQueryResponse for a request that failed as a whole: status Failure, an empty
 * RegistryObjectList and the issues. ITI TF-2 3.18.4.1.3
 */
export function iti18FailureResponse(issues: readonly Issue[]): string {
  return adhocQueryResponseToEbrim({ status: 'Failure', issues });
}
