/** IHE XCA [ITI-38] Cross Gateway Query, Responding Gateway. ITI TF-2: 3.38 */
import { adhocQueryRequestFromEbrim, adhocQueryResponseToEbrim } from '../../formats/ebrim/adhoc-query.js';
import { responseStatus } from '../../formats/ebrim/registry-response.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';

/**
 * Decodes the AdhocQueryRequest, runs it on this community's registry (home checked), and
 * answers with every object carrying this community's `home`. ITI TF-2 3.38.4.1.3
 */
export const iti38Handler: SoapHandler = async (request, ctx) => {
  const query = adhocQueryRequestFromEbrim(request.body);
  const { result, issues, touched } = await ctx.services.respondingGateway.crossGatewayQuery(query, ctx);
  const homeCommunityId = ctx.config.HOME_COMMUNITY_ID;
  const status = responseStatus(issues);
  return { outcome: handlerOutcome(status, touched, request), body: adhocQueryResponseToEbrim({ status, result, issues, homeCommunityId }), attachments: [] };
};
