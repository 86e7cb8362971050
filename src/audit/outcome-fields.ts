/**
 * The parts of an audit record a transaction's outcome supplies: the caller, and what the
 * handler says it touched (patient, documents with their access decisions, the query as sent,
 * the SubmissionSet, a policy refusal, break-the-glass). The SOAP dispatch turns each outcome
 * into the one AuditEvent of its request (buildAuditEvent), so nothing below the transport
 * builds audit records itself. See ihe-requirements.md §12, norway-profile.md §7,
 * docs/access-policy.md §4.
 */
import type { AccessRecord } from '../domain/access-record.js';
import type { SecurityContext } from '../domain/security-context.js';
import type { TransactionOutcome } from './ports.js';

/** Most documents one record lists; a larger result is summarised (the record stays small). */
const MAX_AUDITED_DOCUMENTS = 1000;

/** What a transaction's outcome tells its audit record: what it touched, and the query as sent. */
export interface OutcomeFacts extends AccessRecord {
  /** For a query transaction: the query as the consumer sent it. */
  readonly queryText?: string;
}

/**
 * @param facts - what the transaction touched
 * @param security - the caller established by XUA (anonymous when it was not)
 * @returns fields to spread into buildAuditEvent's input
 */
export function outcomeFields(facts: OutcomeFacts, security: SecurityContext): Pick<TransactionOutcome, 'security' | 'patient'
  | 'documents' | 'query' | 'submissionSetUniqueId' | 'breakTheGlass' | 'outcomeDescription'> {
  const all = facts.documents ?? [];
  const documents = all.slice(0, MAX_AUDITED_DOCUMENTS);
  const omitted = all.length - documents.length;
  const description = [facts.refusal, omitted ? `${omitted} further documents not listed` : undefined]
    .filter((d): d is string => d !== undefined).join('; ');
  const { queryText, queryId } = facts;
  return {
    security,
    ...(facts.patient ? { patient: facts.patient } : {}),
    ...(documents.length ? { documents } : {}),
    ...(queryText !== undefined || queryId ? { query: { ...(queryId ? { queryId } : {}), text: queryText ?? '' } } : {}),
    ...(facts.submissionSetUniqueId ? { submissionSetUniqueId: facts.submissionSetUniqueId } : {}),
    ...(facts.breakTheGlass ? { breakTheGlass: true } : {}),
    ...(description ? { outcomeDescription: description } : {}),
  };
}
