import type { RetrievedDocument } from '../domain/retrieve.js';
import type { StoredQueryResult } from '../domain/stored-query.js';
import type { RegistryObjects } from '../domain/submission.js';
import type { Severity } from '../errors/codes.js';
import { atCommunity, issue, XdsError } from '../errors/issue.js';
import type { Logger } from '../logging/logger.js';

/**
 * How the Initiating Gateway merges the answers of several communities into one: objects keep
 * their `home`; errors name the community they came from; the status follows ITI TF-2
 * 3.38.4.1.3 (all answered: Success; some: PartialSuccess; none: Failure).
 * See ihe-requirements.md §9.2.
 */

export type GatewayStatus = 'Success' | 'PartialSuccess' | 'Failure';

/** A RegistryError as a community sent it: its errorCode need not be one this gateway knows. */
export interface RemoteIssue {
  readonly code: string;
  readonly codeContext: string;
  readonly severity: Severity;
  readonly location?: string;
}

export interface RemoteObjectRef {
  readonly id: string;
  readonly home?: string;
}

/** An ITI-38 answer as received. */
export interface RemoteQueryAnswer {
  readonly status: GatewayStatus;
  readonly issues: readonly RemoteIssue[];
  readonly objects: RegistryObjects;
  readonly refs: readonly RemoteObjectRef[];
}

/** An ITI-39 answer as received; each document's content is read once, when sent on. */
export interface RemoteRetrieveAnswer {
  readonly status: GatewayStatus;
  readonly issues: readonly RemoteIssue[];
  readonly documents: readonly RetrievedDocument[];
}

export type MergedQueryResult =
  | { readonly returnType: 'LeafClass'; readonly objects: RegistryObjects }
  | { readonly returnType: 'ObjectRef'; readonly refs: readonly RemoteObjectRef[] };

export interface GatewayQueryOutcome {
  readonly status: GatewayStatus;
  readonly result: MergedQueryResult;
  readonly issues: readonly RemoteIssue[];
}

export interface GatewayRetrieveOutcome {
  readonly status: GatewayStatus;
  readonly documents: readonly RetrievedDocument[];
  readonly issues: readonly RemoteIssue[];
}

/** One community's contribution. `answered` is false when it failed as a whole. */
export interface TargetAnswer {
  readonly answered: boolean;
  readonly objects: RegistryObjects;
  readonly refs: readonly RemoteObjectRef[];
  readonly issues: readonly RemoteIssue[];
}

const NOTHING: RegistryObjects = { submissionSets: [], documentEntries: [], folders: [], associations: [] };

/** Sets `home` on every object that lacks it: objects always say which community holds them. */
function withHome(objects: RegistryObjects, home: string): RegistryObjects {
  const set = <T extends { readonly homeCommunityId?: string }>(list: readonly T[]): T[] =>
    list.map((o) => (o.homeCommunityId ? o : { ...o, homeCommunityId: home }));
  return {
    submissionSets: set(objects.submissionSets), documentEntries: set(objects.documentEntries),
    folders: set(objects.folders), associations: set(objects.associations),
  };
}

/**
 * This community's own answer, from the local registry.
 * @param home - HOME_COMMUNITY_ID
 * @param answer - what the registry returned
 */
export function answerOfLocal(home: string, answer: { result: StoredQueryResult; issues: readonly RemoteIssue[] }): TargetAnswer {
  const { result } = answer;
  const objects = result.returnType === 'LeafClass' ? withHome(result.objects, home) : NOTHING;
  const refs = result.returnType === 'ObjectRef' ? result.refs.map((id) => ({ id, home })) : [];
  return { answered: true, objects, refs, issues: answer.issues };
}

/**
 * A remote community's answer.
 * @param home - the community's homeCommunityId
 * @param answer - the decoded ITI-38 response
 */
export function answerOfRemote(home: string, answer: RemoteQueryAnswer): TargetAnswer {
  return {
    answered: answer.status !== 'Failure',
    objects: withHome(answer.objects, home),
    refs: answer.refs.map((r) => (r.home ? r : { id: r.id, home })),
    issues: answer.issues.map((i) => atCommunity(i, home)),
  };
}

/**
 * A community that could not be asked, or whose request failed as a whole.
 * @param home - the community's homeCommunityId
 * @param e - what was thrown: XdsError (the local registry refused) or anything else
 *   (unreachable, timed out, SOAP fault, unreadable answer: XDSUnavailableCommunity)
 * @param log - for one warning line per failed community
 * @param correlationId - the consumer request's correlation id
 */
export function failedTarget(home: string, e: unknown, log: Logger, correlationId: string): TargetAnswer {
  if (e instanceof XdsError) return { answered: false, objects: NOTHING, refs: [], issues: e.issues };
  const reason = e instanceof Error ? e.message : String(e);
  log.warn('community unavailable', { correlationId, community: home, reason });
  return { answered: false, objects: NOTHING, refs: [], issues: [issue('COMMUNITY_UNAVAILABLE', [home, reason], { location: home })] };
}

/** Success when every community answered without error; Failure when none answered. */
function aggregateStatus(answers: readonly TargetAnswer[]): GatewayStatus {
  const answered = answers.filter((a) => a.answered).length;
  if (answered === 0) return 'Failure';
  const errors = answered < answers.length || answers.some((a) => a.issues.some((i) => i.severity === 'Error'));
  return errors ? 'PartialSuccess' : 'Success';
}

/**
 * Merges the answers of every community asked, in the order asked.
 * @param answers - one per community
 * @param returnType - the requested return type
 */
export function mergeQueryAnswers(answers: readonly TargetAnswer[], returnType: 'LeafClass' | 'ObjectRef'): GatewayQueryOutcome {
  const issues = answers.flatMap((a) => a.issues);
  const status = aggregateStatus(answers);
  if (returnType === 'ObjectRef') return { status, issues, result: { returnType, refs: answers.flatMap((a) => a.refs) } };
  const objects: RegistryObjects = {
    submissionSets: answers.flatMap((a) => a.objects.submissionSets),
    documentEntries: answers.flatMap((a) => a.objects.documentEntries),
    folders: answers.flatMap((a) => a.objects.folders),
    associations: answers.flatMap((a) => a.objects.associations),
  };
  return { status, issues, result: { returnType, objects } };
}

/**
 * A remote ITI-39 answer: each document names its community; per-document errors keep the
 * document as location (ITI TF-2 3.43.4.2.3), others get the community.
 */
export function retrievedFromRemote(home: string, answer: RemoteRetrieveAnswer): { documents: RetrievedDocument[]; issues: RemoteIssue[] } {
  return {
    documents: answer.documents.map((d) => (d.homeCommunityId ? d : { ...d, homeCommunityId: home })),
    issues: answer.issues.map((i) => (i.location ? i : { ...i, location: home })),
  };
}

/** All found: Success; some: PartialSuccess; none: Failure. ITI TF-2 3.43.4.2.3 */
export function retrieveStatus(found: number, issues: readonly RemoteIssue[]): GatewayStatus {
  if (!issues.some((i) => i.severity === 'Error')) return 'Success';
  return found > 0 ? 'PartialSuccess' : 'Failure';
}
