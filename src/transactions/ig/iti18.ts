/**
 * IHE XDS.b [ITI-18] Registry Stored Query at the XCA Initiating Gateway: answered by every
 * community (this one included), as ITI-38 fanned out in parallel. ITI TF-2: 3.18, 3.38.4.1.3
 */
import { adhocQueryRequestFromEbrim, adhocQueryResponseToEbrim } from '../../formats/ebrim/adhoc-query.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';
import { outboundCall } from './outbound-call.js';

/**
 * Decodes the AdhocQueryRequest, fans it out, and answers with the merged result: objects keep
 * the `home` of their community; a community that failed is a RegistryError located there.
 */
export const igIti18Handler: SoapHandler = async (request, ctx) => {
  const query = adhocQueryRequestFromEbrim(request.body);
  const { status, result, issues, touched } = await ctx.services.initiatingGateway.query(query, outboundCall(request, ctx));
  const body = result.returnType === 'LeafClass'
    ? adhocQueryResponseToEbrim({ status, issues, result })
    : adhocQueryResponseToEbrim({ status, issues, objectRefs: result.refs });
  return { outcome: handlerOutcome(status, touched, request), body, attachments: [] };
};
