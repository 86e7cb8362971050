/** IHE XDS.b [ITI-43] Retrieve Document Set. ITI TF-2: 3.43 */
import { randomUUID } from 'node:crypto';
import type { RetrievedDocument } from '../../domain/retrieve.js';
import { hasErrors } from '../../errors/issue.js';
import type { ResponseStatus } from '../../formats/ebrim/registry-response.js';
import { retrieveDocumentSetRequestFromEbrim, retrieveDocumentSetResponseToEbrim } from '../../formats/ebrim/retrieve-document-set.js';
import type { OutgoingAttachment, SoapHandler } from '../types.js';

/** All found: Success; some: PartialSuccess; none: Failure. ITI TF-2 3.43.4.2.3 */
function retrieveStatus(found: number, failed: boolean): ResponseStatus {
  if (!failed) return 'Success';
  return found > 0 ? 'PartialSuccess' : 'Failure';
}

/** One MTOM part per document; content ids are unique within the response. */
function attachmentOf(d: RetrievedDocument, contentId: string): OutgoingAttachment {
  return { contentId, contentType: d.mimeType, size: d.content.size, open: () => d.content.open() };
}

/**
 * Decodes the DocumentRequests, retrieves them, answers with the documents as attachments
 * and one RegistryError per document not found. ITI TF-2 3.43.4.1, 3.43.4.2
 */
export const iti43Handler: SoapHandler = async (request, ctx) => {
  const requests = retrieveDocumentSetRequestFromEbrim(request.body);
  const { documents, issues } = await ctx.services.repository.retrieve(requests, ctx);
  const batch = randomUUID();
  const items = documents.map((document, i) => ({ document, contentId: `document${i + 1}.${batch}@gateway.invalid` }));
  const status = retrieveStatus(documents.length, hasErrors(issues));
  return {
    body: retrieveDocumentSetResponseToEbrim(status, items, issues),
    attachments: items.map((it) => attachmentOf(it.document, it.contentId)),
  };
};
