import type { DocumentContent } from './submission.js';

/** One DocumentRequest of ITI-43 / ITI-39. ITI TF-2 3.43.4.1.2 */
export interface DocumentRequest {
  readonly homeCommunityId?: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
}

/** One DocumentResponse: the document and the metadata the response repeats. */
export interface RetrievedDocument {
  readonly homeCommunityId?: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
  readonly mimeType: string;
  readonly content: Pick<DocumentContent, 'size' | 'open'>;
}
