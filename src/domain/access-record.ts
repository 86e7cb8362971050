import type { Cx } from './datatypes.js';

/**
 * What a request touched, as the services found it while handling it: the patient, the
 * documents with the access decision applied to each, the stored query taken up, the
 * SubmissionSet, and a refusal or break-the-glass by the access policy. Services return it with
 * their result (or attach it to the error that stopped them); the handler returns it in its
 * outcome, and the audit record is built from that. See ihe-requirements.md §12,
 * norway-profile.md §7, docs/access-policy.md §4.
 */
export interface AccessRecord {
  /** The patient the request concerns. */
  readonly patient?: Cx;
  /** Documents touched, in the order they were decided. */
  readonly documents?: readonly TouchedDocument[];
  /** The stored query's id (AdhocQuery/@id), once the registry took it up. */
  readonly queryId?: string;
  /** The SubmissionSet's uniqueId (ITI-41 / ITI-42). */
  readonly submissionSetUniqueId?: string;
  /** Why the access policy refused the request as a whole. */
  readonly refusal?: string;
  /** The caller broke the glass (purpose BTG). */
  readonly breakTheGlass?: boolean;
}

/** A document a request touched. */
export interface TouchedDocument {
  readonly uniqueId: string;
  readonly repositoryUniqueId?: string;
  readonly homeCommunityId?: string;
  /** What the access policy did with it: shown, masked or withheld. */
  readonly decision?: 'allow' | 'mask' | 'deny';
}

/**
 * Two records of one request in the order they were made: the first patient found stands; a
 * later query id, SubmissionSet or refusal replaces an earlier one; documents are listed in order.
 * @param first - the earlier record
 * @param later - the later record
 */
export function combineRecords(first: AccessRecord, later: AccessRecord): AccessRecord {
  const documents = [...(first.documents ?? []), ...(later.documents ?? [])];
  const patient = first.patient ?? later.patient;
  const queryId = later.queryId ?? first.queryId;
  const submissionSetUniqueId = later.submissionSetUniqueId ?? first.submissionSetUniqueId;
  const refusal = later.refusal ?? first.refusal;
  return {
    ...(patient ? { patient } : {}),
    ...(documents.length ? { documents } : {}),
    ...(queryId ? { queryId } : {}),
    ...(submissionSetUniqueId ? { submissionSetUniqueId } : {}),
    ...(refusal !== undefined ? { refusal } : {}),
    ...(first.breakTheGlass || later.breakTheGlass ? { breakTheGlass: true } : {}),
  };
}
