/** IHE XCA [ITI-38] Cross Gateway Query, Responding Gateway. ITI TF-2: 3.38 */
import { adhocQueryRequestFromEbrim, adhocQueryResponseToEbrim } from '../../formats/ebrim/adhoc-query.js';
import { responseStatus } from '../../formats/ebrim/registry-response.js';
import type { SoapHandler } from '../types.js';

/** wsa:Action of ITI-38. ITI TF-2 3.38.5 */
export const ITI38_ACTION = 'urn:ihe:iti:2007:CrossGatewayQuery';

/**
 * Decodes the AdhocQueryRequest, runs it on this community's registry (home checked), and
 * answers with every object carrying this community's `home`. ITI TF-2 3.38.4.1.3
 */
export const iti38Handler: SoapHandler = async (request, ctx) => {
  const query = adhocQueryRequestFromEbrim(request.body);
  const { result, issues } = await ctx.services.respondingGateway.crossGatewayQuery(query, ctx);
  const homeCommunityId = ctx.config.HOME_COMMUNITY_ID;
  return { body: adhocQueryResponseToEbrim({ status: responseStatus(issues), result, issues, homeCommunityId }), attachments: [] };
};
