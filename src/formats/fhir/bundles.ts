/**
 * The Bundles the MHD facade answers with: a searchset (ITI-66 / ITI-67, fsh/
 * findDocumentReferencesResponse.fsh, findFindDocumentListsResponse.fsh: type searchset, total,
 * a fullUrl per entry) and a transaction-response (ITI-65, IHE.MHD.ProvideDocumentBundleResponse:
 * one entry per request entry, in order, each with its response status and location).
 */
import { prune } from '../prune.js';
import type { Bundle, BundleEntry, Resource } from './resources.js';

export interface SearchsetOptions {
  /** The FHIR base URL the entries' fullUrls are built on. */
  readonly base: string;
  /** The search as received, for the `self` link. */
  readonly selfUrl: string;
  /** The number of matches across all pages; the entries' count when not given. */
  readonly total?: number;
  /** The next page, when there is one. */
  readonly nextUrl?: string;
}

/**
 * A searchset Bundle of resources that carry an id.
 * @param resources - the matches of this page (each with `id`)
 * @param options - base, links and total
 * @returns the Bundle
 */
export function searchsetBundle(resources: readonly Resource[], options: SearchsetOptions): Bundle {
  const base = options.base.replace(/\/+$/, '');
  const link = [{ relation: 'self', url: options.selfUrl }, ...(options.nextUrl ? [{ relation: 'next', url: options.nextUrl }] : [])];
  const entry = resources.map((resource): BundleEntry => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`, resource, search: { mode: 'match' } }));
  return prune<Bundle>({ resourceType: 'Bundle', type: 'searchset', total: options.total ?? resources.length, link, entry: entry.length ? entry : undefined });
}

/** What happened to one entry of a transaction. */
export interface EntryOutcome {
  /** HTTP status line, e.g. `201 Created`. */
  readonly status: string;
  /** Where the created or updated resource is, e.g. `DocumentReference/123`. */
  readonly location: string;
  readonly etag?: string;
  /** A FHIR instant. */
  readonly lastModified?: string;
}

/**
 * A transaction-response Bundle: one entry per request entry, in the request's order.
 * @param outcomes - one per request entry
 * @returns the Bundle
 */
export function transactionResponseBundle(outcomes: readonly EntryOutcome[]): Bundle {
  return { resourceType: 'Bundle', type: 'transaction-response', entry: outcomes.map((o) => ({ response: prune({ ...o }) })) };
}
