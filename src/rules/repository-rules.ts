import type { DocumentEntry } from '../domain/document-entry.js';
import type { RegistryObjectList, SubmittedDocument } from '../domain/submission.js';
import { issue, type Issue } from '../errors/issue.js';

/**
 * Document Repository checks of Provide and Register Document Set-b: documents and stable
 * DocumentEntries pair up one to one, uniqueIds are unique, and whatever the source says
 * about size, hash and repository agrees with the bytes and with this repository.
 * ITI TF-2 3.41.4.1.3
 * @param objects - the decoded metadata
 * @param documents - the attached documents, keyed by DocumentEntry id
 * @param repositoryUniqueId - this repository's id
 * @returns every issue found, located at the DocumentEntry (or the document id)
 */
export function checkProvidedDocuments(
  objects: RegistryObjectList,
  documents: readonly SubmittedDocument[],
  repositoryUniqueId: string,
): Issue[] {
  const out: Issue[] = [];
  const stable = objects.documentEntries.filter((d) => d.objectType === 'stable');
  const stableIds = new Set(stable.map((d) => d.entryUuid));
  const byId = new Map<string, SubmittedDocument>();
  for (const doc of documents) {
    if (byId.has(doc.id)) out.push(issue('DUPLICATE_DOCUMENT_ID', [doc.id], { location: doc.id }));
    else byId.set(doc.id, doc);
    if (!stableIds.has(doc.id)) out.push(issue('MISSING_DOCUMENT_METADATA', [doc.id], { location: doc.id }));
  }
  const uniqueIds = new Set<string>();
  for (const de of stable) {
    const at = { location: de.entryUuid };
    if (de.uniqueId !== undefined && uniqueIds.has(de.uniqueId)) {
      out.push(issue('REPOSITORY_DUPLICATE_UNIQUE_ID', [de.uniqueId], at));
    }
    if (de.uniqueId !== undefined) uniqueIds.add(de.uniqueId);
    const doc = byId.get(de.entryUuid);
    if (doc === undefined) out.push(issue('MISSING_DOCUMENT', [de.entryUuid], at));
    else out.push(...compareWithBytes(de, doc));
    if (de.repositoryUniqueId !== undefined && de.repositoryUniqueId !== repositoryUniqueId) {
      out.push(issue('REPOSITORY_ID_MISMATCH', [de.entryUuid, de.repositoryUniqueId, repositoryUniqueId], at));
    }
  }
  return out;
}

/** Supplied hash (any case) and size must be those of the bytes. NIST 11981, 12369 */
function compareWithBytes(de: DocumentEntry, doc: SubmittedDocument): Issue[] {
  const at = { location: de.entryUuid };
  const out: Issue[] = [];
  if (de.hash !== undefined && de.hash.toLowerCase() !== doc.content.sha1.toLowerCase()) {
    out.push(issue('HASH_MISMATCH', [de.entryUuid, de.hash, doc.content.sha1], at));
  }
  if (de.size !== undefined && de.size !== doc.content.size) {
    out.push(issue('SIZE_MISMATCH', [de.entryUuid, de.size, doc.content.size], at));
  }
  return out;
}

/**
 * The metadata the repository forwards to the registry: each stable DocumentEntry with the
 * hash and size of its bytes and this repository's id. ITI TF-2 3.41.4.1.3
 * @param objects - metadata that passed checkProvidedDocuments
 * @param documents - the attached documents
 * @param repositoryUniqueId - this repository's id
 * @returns the metadata to register
 */
export function withDocumentAttributes(
  objects: RegistryObjectList,
  documents: readonly SubmittedDocument[],
  repositoryUniqueId: string,
): RegistryObjectList {
  const byId = new Map(documents.map((d) => [d.id, d.content]));
  return {
    ...objects,
    documentEntries: objects.documentEntries.map((de) => {
      const content = byId.get(de.entryUuid);
      if (content === undefined) return de;
      return { ...de, hash: content.sha1.toLowerCase(), size: content.size, repositoryUniqueId };
    }),
  };
}
