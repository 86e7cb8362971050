import type { Config } from '../config/schema.js';
import type { DocumentEntry } from '../domain/document-entry.js';
import type { DocumentRequest, RetrievedDocument } from '../domain/retrieve.js';
import { EMPTY_REGISTRY_OBJECTS, type DocumentContent, type RegistryObjectList, type SubmittedDocument } from '../domain/submission.js';
import { hasErrors, issue, XdsError, type Issue } from '../errors/issue.js';
import type { Logger } from '../logging/logger.js';
import { checkProvidedDocuments, withDocumentAttributes } from '../rules/repository-rules.js';
import type { DocumentStore, MetadataStore, PatientIdentityStore } from '../storage/ports.js';
import { withPatientMatch, type PatientMatching } from './patient-match.js';
import { admitRequest, retrievalIssue } from './access-control.js';
import { KeyedLock } from './serial.js';
import type { CallContext, RegistryService, RepositoryService, RetrieveOutcome, SubmissionOutcome } from './services.js';
import { Touched } from './touched.js';

export interface RepositoryDeps {
  readonly metadata: MetadataStore;
  readonly documents: DocumentStore;
  /** The registry this repository registers with, called in-process. */
  readonly registry: RegistryService;
  readonly config: Pick<Config, 'REPOSITORY_UNIQUE_ID' | 'HOME_COMMUNITY_ID' | 'ACCESS_PATIENT_MATCH'>;
  readonly log: Logger;
  /** The time source of the access policy's age rules. */
  readonly clock?: () => Date;
  /** The patient identity cross-reference, for ACCESS_PATIENT_MATCH=xref (services/patient-match.ts). */
  readonly patients?: PatientIdentityStore;
}

/** The repository actor plus its start-up housekeeping. */
export interface Repository extends RepositoryService {
  /**
   * Removes stored bytes that no committed DocumentEntry of this repository names: left over
   * when the process stopped between storing bytes and committing metadata (bytes are written
   * first, see house style A7), or when metadata was deleted (ITI-62) but not the document.
   * @returns how many documents were removed
   */
  sweepOrphanDocuments(): Promise<number>;
}

const SWEEP_CHUNK = 200;

interface RepositoryContext {
  readonly metadata: MetadataStore;
  readonly documents: DocumentStore;
  readonly registry: RegistryService;
  readonly log: Logger;
  readonly repositoryUniqueId: string;
  readonly homeCommunityId: string;
  /** Serialises work on one document uniqueId: byte writes, registration and their undoing. */
  readonly locks: KeyedLock;
  readonly clock: () => Date;
  readonly matching: PatientMatching;
}

/**
 * The Document Repository: Provide and Register Document Set-b and Retrieve Document Set.
 * @param deps - stores, the registry, settings and log
 * @returns the service
 */
export function createRepositoryService(deps: RepositoryDeps): Repository {
  const ctx: RepositoryContext = {
    ...deps,
    repositoryUniqueId: deps.config.REPOSITORY_UNIQUE_ID,
    homeCommunityId: deps.config.HOME_COMMUNITY_ID,
    locks: new KeyedLock(),
    clock: deps.clock ?? (() => new Date()),
    matching: { patients: deps.patients, config: deps.config },
  };
  return {
    provideAndRegister: (objects, submitted, call) => provideAndRegister(ctx, objects, submitted, call),
    retrieve: (requests, call) => retrieveDocuments(ctx, requests, call),
    sweepOrphanDocuments: () => sweepOrphans(ctx),
  };
}

/** The uniqueIds among these that a committed DocumentEntry of this repository names. */
async function committedUniqueIds(ctx: RepositoryContext, uniqueIds: readonly string[]): Promise<Set<string>> {
  if (uniqueIds.length === 0) return new Set();
  const found = await ctx.metadata.getByUniqueIds('DocumentEntry', uniqueIds);
  return new Set(found.documentEntries.filter((d) => d.repositoryUniqueId === ctx.repositoryUniqueId)
    .flatMap((d) => (d.uniqueId ? [d.uniqueId] : [])));
}

/**
 * Stores the bytes of each document, except where identical bytes are already stored or
 * different bytes belong to a committed entry (the registry will then refuse the
 * submission with XDSNonIdenticalHash, and the earlier document must stay intact).
 * @returns the uniqueIds written by this call, to remove if registration fails
 */
async function storeBytes(ctx: RepositoryContext, items: readonly { uniqueId: string; content: DocumentContent }[]): Promise<string[]> {
  const written: string[] = [];
  try {
    for (const { uniqueId, content } of items) {
      const existing = await ctx.documents.get(uniqueId);
      if (existing !== undefined && existing.sha1.toLowerCase() === content.sha1.toLowerCase()) continue;
      if (existing !== undefined && (await committedUniqueIds(ctx, [uniqueId])).has(uniqueId)) continue;
      await ctx.documents.put(uniqueId, content);
      written.push(uniqueId);
    }
    return written;
  } catch (e) {
    await discard(ctx, written);
    throw e;
  }
}

async function discard(ctx: RepositoryContext, uniqueIds: readonly string[]): Promise<void> {
  if (uniqueIds.length === 0) return;
  try {
    await ctx.documents.remove(uniqueIds);
  } catch (e) {
    // The start-up sweep removes what could not be removed now.
    ctx.log.warn('could not remove documents of a failed submission', { count: uniqueIds.length, error: String(e) });
  }
}

/**
 * ITI-41: check documents against metadata, store the bytes, register the metadata with
 * hash, size and repositoryUniqueId set; undo the bytes if registration fails (NIST 11986).
 * ITI TF-2 3.41.4.1.3
 */
async function provideAndRegister(
  ctx: RepositoryContext, objects: RegistryObjectList, submitted: readonly SubmittedDocument[], call: CallContext,
): Promise<SubmissionOutcome> {
  const issues = checkProvidedDocuments(objects, submitted, ctx.repositoryUniqueId);
  if (hasErrors(issues)) throw new XdsError(issues);
  const enriched = withDocumentAttributes(objects, submitted, ctx.repositoryUniqueId);
  const content = new Map(submitted.map((d) => [d.id, d.content]));
  const items = enriched.documentEntries.flatMap((de) => {
    const c = content.get(de.entryUuid);
    return c !== undefined && de.uniqueId ? [{ uniqueId: de.uniqueId, content: c }] : [];
  });
  return ctx.locks.with(items.map((i) => i.uniqueId), async () => {
    const written = await storeBytes(ctx, items);
    try {
      const registered = await ctx.registry.registerDocumentSet(enriched, call);
      return { ...registered, issues: [...issues, ...registered.issues] };
    } catch (e) {
      await discard(ctx, written);
      throw e;
    }
  });
}

async function sweepOrphans(ctx: RepositoryContext): Promise<number> {
  const ids: string[] = [];
  for await (const id of ctx.documents.list()) ids.push(id);
  let removed = 0;
  for (let i = 0; i < ids.length; i += SWEEP_CHUNK) {
    const chunk = ids.slice(i, i + SWEEP_CHUNK);
    removed += await ctx.locks.with(chunk, async () => {
      const keep = await committedUniqueIds(ctx, chunk);
      const orphans = chunk.filter((id) => !keep.has(id));
      if (orphans.length) await ctx.documents.remove(orphans);
      return orphans.length;
    });
  }
  if (removed > 0) ctx.log.info('removed orphaned documents', { count: removed });
  return removed;
}

/** The entry a retrieve answers from: an Approved one of this repository if there is one. */
function entryFor(entries: readonly DocumentEntry[], uniqueId: string, repositoryUniqueId: string): DocumentEntry | undefined {
  const mine = entries.filter((d) => d.uniqueId === uniqueId && d.repositoryUniqueId === repositoryUniqueId);
  return mine.find((d) => d.availabilityStatus === 'Approved') ?? mine[0];
}

/**
 * ITI-43 (and ITI-39 through the responding gateway): each request is answered on its own;
 * unknown repositories and documents become per-document issues, and so do documents the
 * access policy withholds (services/access-control.ts retrievalIssue). ITI TF-2 3.43.4.2
 */
async function retrieveDocuments(
  ctx: RepositoryContext, requests: readonly DocumentRequest[], received: CallContext,
): Promise<RetrieveOutcome> {
  const now = ctx.clock();
  const call = await withPatientMatch(received, ctx.matching);
  const touched = new Touched(admitRequest(call, undefined, now, 'POLICY_REFUSED_RETRIEVE'));
  return touched.during(async () => ({ ...await answerAll(ctx, requests, call, now, touched), touched: touched.record }));
}

/** Each DocumentRequest in order: its document, or the issue that answers it instead. */
async function answerAll(ctx: RepositoryContext, requests: readonly DocumentRequest[], call: CallContext, now: Date, touched: Touched)
  : Promise<{ documents: RetrievedDocument[]; issues: Issue[] }> {
  const { repositoryUniqueId } = ctx;
  const wanted = [...new Set(requests.filter((r) => r.repositoryUniqueId === repositoryUniqueId).map((r) => r.documentUniqueId))];
  const entries = wanted.length ? await ctx.metadata.getByUniqueIds('DocumentEntry', wanted) : EMPTY_REGISTRY_OBJECTS;
  const found: RetrievedDocument[] = [];
  const issues: Issue[] = [];
  for (const r of requests) {
    const answer = await answerOne(ctx, r, entries.documentEntries, call, now, touched);
    if ('code' in answer) issues.push(answer);
    else found.push(answer);
  }
  return { documents: found, issues };
}

/** One DocumentRequest: the document, or the per-document issue that answers it instead. */
async function answerOne(ctx: RepositoryContext, r: DocumentRequest, entries: readonly DocumentEntry[],
  call: CallContext, now: Date, touched: Touched): Promise<RetrievedDocument | Issue> {
  const { repositoryUniqueId } = ctx;
  const at = { location: r.documentUniqueId };
  if (r.repositoryUniqueId !== repositoryUniqueId) return issue('UNKNOWN_REPOSITORY', [r.repositoryUniqueId, repositoryUniqueId], at);
  const de = entryFor(entries, r.documentUniqueId, repositoryUniqueId);
  if (de === undefined) return issue('UNKNOWN_DOCUMENT', [r.documentUniqueId, repositoryUniqueId], at);
  // The policy decides before the bytes are looked up: a withheld document costs no I/O.
  const refused = retrievalIssue(call, de, repositoryUniqueId, now, touched);
  if (refused) return refused;
  const stored = await ctx.documents.get(r.documentUniqueId);
  if (stored === undefined) return issue('UNKNOWN_DOCUMENT', [r.documentUniqueId, repositoryUniqueId], at);
  return {
    homeCommunityId: ctx.homeCommunityId, repositoryUniqueId, documentUniqueId: r.documentUniqueId,
    // Returned as registered, verbatim (NIST 12360).
    mimeType: de.mimeType ?? 'application/octet-stream',
    content: { size: stored.size, open: () => stored.open() },
  };
}
