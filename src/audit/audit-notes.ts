/**
 * What a transaction learns for its audit record while it is handled: the caller, the patient,
 * the documents touched with their access decision, the query, the SubmissionSet, a policy
 * refusal and break-the-glass. The SOAP dispatch creates one notebook per request and turns it
 * into the one AuditEvent of that request (buildAuditEvent); services fill it in through
 * CallContext.audit, so nothing below the transport builds audit records itself.
 * See ihe-requirements.md §12, norway-profile.md §7, docs/access-policy.md §4.
 */
import type { Cx } from '../domain/datatypes.js';
import { ANONYMOUS, type SecurityContext } from '../domain/security-context.js';
import type { AuditedDocument, TransactionOutcome } from './ports.js';

/** Most documents one record lists; a larger result is summarised (the record stays small). */
const MAX_AUDITED_DOCUMENTS = 1000;

/** The audit notebook of one request. Services add to it; only the dispatch reads it out. */
export class AuditNotes {
  private caller: SecurityContext = ANONYMOUS;
  private patientId: Cx | undefined;
  private readonly documents: AuditedDocument[] = [];
  private omittedDocuments = 0;
  private queryId: string | undefined;
  private submissionSet: string | undefined;
  private refusal: string | undefined;
  private glassBroken = false;

  /** @param security - the caller established by XUA (anonymous until set) */
  setCaller(security: SecurityContext): void { this.caller = security; }

  get security(): SecurityContext { return this.caller; }

  /** @param patient - the patient the request concerns; the first one noted wins */
  notePatient(patient: Cx | undefined): void { this.patientId ??= patient; }

  /** @param docs - documents touched, each with the access decision applied */
  noteDocuments(docs: readonly AuditedDocument[]): void {
    const room = Math.max(0, MAX_AUDITED_DOCUMENTS - this.documents.length);
    this.documents.push(...docs.slice(0, room));
    this.omittedDocuments += Math.max(0, docs.length - room);
  }

  /** @param queryId - the stored query's id (AdhocQuery/@id) */
  noteQuery(queryId: string): void { this.queryId = queryId; }

  /** @param uniqueId - the SubmissionSet's uniqueId (ITI-41 / ITI-42) */
  noteSubmissionSet(uniqueId: string): void { this.submissionSet = uniqueId; }

  /** @param reasons - why the access policy refused the request as a whole */
  noteRefusal(reasons: readonly string[]): void { this.refusal = reasons.join('; '); }

  /** The caller broke the glass (purpose BTG): the record must say so. */
  noteBreakTheGlass(): void { this.glassBroken = true; }

  get refused(): boolean { return this.refusal !== undefined; }

  /**
   * The parts of a TransactionOutcome these notes supply.
   * @param queryText - the query as received, for query transactions
   * @returns fields to spread into buildAuditEvent's input
   */
  toOutcomeFields(queryText?: string): Pick<TransactionOutcome, 'security' | 'patient' | 'documents' | 'query'
    | 'submissionSetUniqueId' | 'breakTheGlass' | 'outcomeDescription'> {
    const description = [this.refusal, this.omittedDocuments ? `${this.omittedDocuments} further documents not listed` : undefined]
      .filter((d): d is string => d !== undefined).join('; ');
    return {
      security: this.caller,
      ...(this.patientId ? { patient: this.patientId } : {}),
      ...(this.documents.length ? { documents: this.documents } : {}),
      ...(queryText !== undefined || this.queryId ? { query: { ...(this.queryId ? { queryId: this.queryId } : {}), text: queryText ?? '' } } : {}),
      ...(this.submissionSet ? { submissionSetUniqueId: this.submissionSet } : {}),
      ...(this.glassBroken ? { breakTheGlass: true } : {}),
      ...(description ? { outcomeDescription: description } : {}),
    };
  }
}
