/**
 * The RetrieveDocumentSetResponse of ITI-43 (repository and initiating gateway) and ITI-39:
 * each document as an attachment the transport streams, one RegistryError per document not found.
 * ITI TF-2 3.43.4.2, 3.39.4.2
 */
import { randomUUID } from 'node:crypto';
import type { RetrievedDocument } from '../domain/retrieve.js';
import type { ReceivedIssue } from '../formats/ebrim/registry-response.js';
import { retrieveDocumentSetResponseToEbrim } from '../formats/ebrim/retrieve-document-set.js';
import type { HandlerOutcome, SoapResponse } from './types.js';

/** All found: Success; some: PartialSuccess; none: Failure. ITI TF-2 3.43.4.2.3 */
export { retrieveStatus } from '../services/initiating-gateway-merge.js';

/**
 * @param outcome - the handler's outcome, with the response status
 * @param documents - the documents, in order; each content is read once, when sent
 * @param issues - per-document and per-community errors and warnings
 * @returns the response body and its attachments (content ids unique within the response)
 */
export function retrieveResponse(outcome: HandlerOutcome, documents: readonly RetrievedDocument[], issues: readonly ReceivedIssue[]): SoapResponse {
  const batch = randomUUID();
  const items = documents.map((document, i) => ({ document, contentId: `document${i + 1}.${batch}@gateway.invalid` }));
  return {
    outcome,
    body: retrieveDocumentSetResponseToEbrim(outcome.status, items, issues),
    attachments: items.map(({ document: d, contentId }) => ({
      contentId, contentType: d.mimeType, size: d.content.size, open: () => d.content.open(),
    })),
  };
}

/** The response of a retrieve that failed as a whole (ITI-43, ITI-39). */
export function retrieveFailureResponse(issues: readonly ReceivedIssue[]): string {
  return retrieveDocumentSetResponseToEbrim('Failure', [], issues);
}
