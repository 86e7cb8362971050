import type { RegistryObjects } from './submission.js';

/**
 * A stored query as received, before its parameters are interpreted: each slot name maps to
 * its occurrences (a repeated slot is AND), each occurrence to its Value texts (OR).
 * ITI TF-2 3.18.4.1.2.3
 */
export interface StoredQueryRequest {
  readonly queryId: string;
  readonly returnType: 'LeafClass' | 'ObjectRef';
  /** AdhocQuery/@home, the homeCommunityId the consumer addresses. */
  readonly home?: string;
  readonly slots: ReadonlyMap<string, readonly (readonly string[])[]>;
}

/** The objects a stored query returns: full objects (LeafClass) or their ids (ObjectRef). */
export type StoredQueryResult =
  | { readonly returnType: 'LeafClass'; readonly objects: RegistryObjects }
  | { readonly returnType: 'ObjectRef'; readonly refs: readonly string[] };
