/** IHE XDS.b [ITI-43] Retrieve Document Set. ITI TF-2: 3.43 */
import { retrieveDocumentSetRequestFromEbrim } from '../../formats/ebrim/retrieve-document-set.js';
import { retrieveResponse, retrieveStatus } from '../retrieve-response.js';
import { handlerOutcome } from '../outcome.js';
import type { SoapHandler } from '../types.js';

/**
 * Decodes the DocumentRequests, retrieves them, answers with the documents as attachments
 * and one RegistryError per document not found. ITI TF-2 3.43.4.1, 3.43.4.2
 */
export const iti43Handler: SoapHandler = async (request, ctx) => {
  const requests = retrieveDocumentSetRequestFromEbrim(request.body);
  const { documents, issues, touched } = await ctx.services.repository.retrieve(requests, ctx);
  return retrieveResponse(handlerOutcome(retrieveStatus(documents.length, issues), touched, request), documents, issues);
};
