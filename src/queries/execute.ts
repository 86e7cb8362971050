import type { StoredQueryName } from '../domain/vocabulary.js';
import type { StoredQueryRequest, StoredQueryResult } from '../domain/stored-query.js';
import type { RegistryObjects } from '../domain/submission.js';
import type { Issue } from '../errors/issue.js';
import type { MetadataStore } from '../storage/ports.js';
import type { QueryRunner } from './common.js';
import { findDocuments } from './find-documents.js';
import { findFolders, findSubmissionSets } from './find-packages.js';
import { getAll } from './get-all.js';
import { getAssociations, getDocuments, getDocumentsAndAssociations, getFolders } from './get-by-id.js';
import { getFolderAndContents, getFoldersForDocument } from './get-folders.js';
import { getRelatedDocuments } from './get-related.js';
import { getSubmissionSetAndContents, getSubmissionSets } from './get-submission-sets.js';
import { interpretRequest, type InterpretedQuery } from './interpret.js';
import type { StoredQuery } from './stored-query.js';
import { checkResult, distinct, toResult } from './result.js';

/** One runner per stored query, each typed by its query's parameters. ITI TF-2 3.18.4.1.2.3.7.1–14 */
const RUNNERS: { readonly [N in StoredQueryName]: QueryRunner<N> } = {
  FindDocuments: findDocuments,
  FindSubmissionSets: findSubmissionSets,
  FindFolders: findFolders,
  GetAll: getAll,
  GetDocuments: getDocuments,
  GetFolders: getFolders,
  GetAssociations: getAssociations,
  GetDocumentsAndAssociations: getDocumentsAndAssociations,
  GetSubmissionSets: getSubmissionSets,
  GetSubmissionSetAndContents: getSubmissionSetAndContents,
  GetFolderAndContents: getFolderAndContents,
  GetFoldersForDocument: getFoldersForDocument,
  GetRelatedDocuments: getRelatedDocuments,
  FindDocumentsByReferenceId: findDocuments,
};

/**
 * The runner of a query, taking that query's parameters. The RUNNERS table pairs each name with
 * its runner, which TypeScript cannot follow through the union; the cast states that pairing.
 */
function runnerOf(query: StoredQuery): QueryRunner<StoredQueryName> {
  return RUNNERS[query.name] as QueryRunner<StoredQueryName>;
}

/** Settings of the registry that a stored query needs. */
export interface StoredQueryOptions {
  /** Most objects one response may carry; more is XDSTooManyResults. */
  readonly maxResults: number;
  /**
   * This registry's homeCommunityId. AdhocQuery/@home is accepted whatever its value
   * (ITI TF-2 3.18.4.1.2.3.8, NIST 11901); routing on it is the initiating gateway's job.
   */
  readonly homeCommunityId: string;
  /** What the caller may see of the result (the access policy); everything when not given. */
  readonly restrict?: ResultRestriction;
  /** CX keys of one person's ids (patient cross-reference): one patient to XDSResultNotSinglePatient. */
  readonly samePerson?: ReadonlySet<string>;
}

/**
 * The access policy's hold on a result, in two steps around the result checks: what is left out
 * is not counted for XDSTooManyResults nor XDSResultNotSinglePatient (so a refusal reveals
 * nothing of it), and what is masked is masked after the single-patient check, which would
 * otherwise see the masked patient id as a second patient. Both run before ObjectRef ids are
 * taken, so a left-out entry is not listed either.
 */
export interface ResultRestriction {
  /**
   * Leaves out what the caller may not know of.
   * @param found - the query's result
   * @param lookup - reads objects by entryUUID: the ends of associations that are not in the
   *   result (GetAssociations returns associations alone), so that they are judged too
   */
  exclude(found: RegistryObjects, lookup: (uuids: readonly string[]) => Promise<RegistryObjects>): Promise<RegistryObjects>;
  /** Presents what is left as the caller may see it (masking). */
  present(visible: RegistryObjects): RegistryObjects;
}

/**
 * Runs an ITI-18 stored query against the store: validates the parameters, translates them to
 * the store-neutral filters of storage/ports.ts and checks the result's size and patient.
 * ITI TF-2 3.18.4.1.2.3
 * @throws XdsError for an unknown query, missing, repeated or malformed parameters,
 *   XDSTooManyResults and XDSResultNotSinglePatient
 * @returns the result (LeafClass objects or ObjectRef ids) and warnings
 */
export async function executeStoredQuery(
  store: MetadataStore, request: StoredQueryRequest, options: StoredQueryOptions,
): Promise<{ result: StoredQueryResult; issues: Issue[] }> {
  return runStoredQuery(store, interpretRequest(request), options);
}

/**
 * Runs a stored query that is already parsed (interpret.ts parseStoredQuery).
 * @param store - the metadata store
 * @param parsed - the parsed query
 * @param options - limits, home and the access policy's restriction
 * @returns the result and warnings
 * @throws XdsError XDSTooManyResults and XDSResultNotSinglePatient
 */
export async function runStoredQuery(
  store: MetadataStore, parsed: InterpretedQuery, options: StoredQueryOptions,
): Promise<{ result: StoredQueryResult; issues: Issue[] }> {
  const { warnings, query } = parsed;
  const found: RegistryObjects = distinct(await runnerOf(query)({ store, params: query.params, limit: options.maxResults + 1 }));
  const visible = options.restrict ? await options.restrict.exclude(found, (uuids) => store.getByUuids(uuids)) : found;
  checkResult(visible, query.returnType, options.maxResults, options.samePerson);
  const shown = options.restrict ? options.restrict.present(visible) : visible;
  return { result: toResult(shown, query.returnType), issues: [...warnings] };
}
