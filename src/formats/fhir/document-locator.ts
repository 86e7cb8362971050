/**
 * Where a document can be fetched (DocumentReference.content.attachment.url) ↔ the ids that
 * name it. MHD maps the URL to "repositoryUniqueId + uniqueId, or URI" and notes that the
 * homeCommunityId may be carried in it (fsh/documentReference.fsh); the gateway's ITI-68 URL
 * carries all three as query parameters, so a consumer's retrieve needs no lookup and a
 * document of another community can be fetched through ITI-39.
 */
import type { DocumentEntry } from '../../domain/document-entry.js';
import { prune } from '../prune.js';

/** What an attachment URL tells about the document. */
export interface DocumentLocation {
  readonly repositoryUniqueId?: string;
  readonly homeCommunityId?: string;
  readonly uri?: string;
}

/** Builds and reads attachment URLs. */
export interface DocumentLocator {
  /** The URL of the entry's document, or undefined when there is none. */
  urlOf(entry: DocumentEntry): string | undefined;
  /** What a URL says about the document it points to. */
  locate(url: string): DocumentLocation;
}

/**
 * The gateway's ITI-68 locator: `<base>/Binary/<uuid>?repositoryUniqueId=…&homeCommunityId=…`,
 * the id being the entryUUID without `urn:uuid:`. An entry with a URI and no repository (XDR,
 * on-demand) keeps its URI; any other URL read back is taken as the URI.
 * @param base - the FHIR base URL, e.g. `http://127.0.0.1:8080/fhir`
 */
export function retrieveUrlLocator(base: string): DocumentLocator {
  const prefix = `${base.replace(/\/+$/, '')}/Binary/`;
  return {
    urlOf(entry) {
      if (!entry.repositoryUniqueId) return entry.uri;
      const query = new URLSearchParams({ repositoryUniqueId: entry.repositoryUniqueId });
      if (entry.homeCommunityId) query.set('homeCommunityId', entry.homeCommunityId);
      return `${prefix}${entry.entryUuid.replace(/^urn:uuid:/, '')}?${query.toString()}`;
    },
    locate(url) {
      if (!url.startsWith(prefix)) return { uri: url };
      const q = url.indexOf('?');
      const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
      return prune<DocumentLocation>({
        repositoryUniqueId: query.get('repositoryUniqueId') ?? undefined,
        homeCommunityId: query.get('homeCommunityId') ?? undefined,
      });
    },
  };
}
