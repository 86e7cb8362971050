/** IHE XCA [ITI-39] Cross Gateway Retrieve, Responding Gateway. ITI TF-2: 3.39 */
import { retrieveDocumentSetRequestFromEbrim } from '../../formats/ebrim/retrieve-document-set.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';
import { retrieveResponse, retrieveStatus } from '../retrieve-response.js';

/**
 * Decodes the DocumentRequests, retrieves those addressed to this community from its
 * repository, and answers with each DocumentResponse naming this community; the transport
 * always sends it as MTOM (row flag alwaysMtom). ITI TF-2 3.39.4.1.3
 */
export const iti39Handler: SoapHandler = async (request, ctx) => {
  const requests = retrieveDocumentSetRequestFromEbrim(request.body);
  const { documents, issues, touched } = await ctx.services.respondingGateway.crossGatewayRetrieve(requests, ctx);
  return retrieveResponse(handlerOutcome(retrieveStatus(documents.length, issues), touched, request), documents, issues);
};
