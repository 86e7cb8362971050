/**
 * IHE XDS.b [ITI-43] Retrieve Document Set at the XCA Initiating Gateway: each DocumentRequest
 * goes to the community named by its HomeCommunityId (ITI-39), or to this repository.
 * ITI TF-2: 3.43, 3.39.4.1.3
 */
import { retrieveDocumentSetRequestFromEbrim } from '../../formats/ebrim/retrieve-document-set.js';
import { retrieveResponse } from '../retrieve-response.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';
import { outboundCall } from './outbound-call.js';

/** Decodes the DocumentRequests, retrieves them across communities, streams the documents on. */
export const igIti43Handler: SoapHandler = async (request, ctx) => {
  const requests = retrieveDocumentSetRequestFromEbrim(request.body);
  const { status, documents, issues, touched } = await ctx.services.initiatingGateway.retrieve(requests, outboundCall(request, ctx));
  return retrieveResponse(handlerOutcome(status, touched, request), documents, issues);
};
