/**
 * The audit ports. Every transaction, allowed or refused, writes one AuditEvent; a request
 * whose record cannot be stored fails rather than goes unrecorded (ihe-requirements.md §12,
 * §15 "Audit never lost"; norway-profile.md §7). Storage adapters implement AuditStore.
 */
import type { TouchedDocument } from '../domain/access-record.js';
import type { Cx } from '../domain/datatypes.js';
import type { SecurityContext } from '../domain/security-context.js';
import type { AuditEvent } from '../formats/fhir/audit-event.js';
import type { AuditCoding } from './audit-codes.js';

/** A document a transaction touched, as its audit record lists it. */
export type AuditedDocument = TouchedDocument;

/** What happened in one transaction: the input of its audit record (audit-event.ts buildAuditEvent). */
export interface TransactionOutcome {
  /** AuditEvent id; a new UUID when not given (never the caller's correlation id). */
  readonly id?: string;
  /** IHE transaction, e.g. "ITI-18", "ITI-38", "ITI-67". */
  readonly transaction: string;
  /** How the transaction is coded (its row in the transaction table); Application Activity when absent. */
  readonly coding?: AuditCoding;
  /** refused = stopped by XUA or the access policy. */
  readonly outcome: 'success' | 'partial' | 'failure' | 'refused';
  readonly outcomeDescription?: string;
  readonly recorded: Date;
  readonly security: SecurityContext;
  readonly correlationId: string;
  readonly client?: { readonly address?: string; readonly replyTo?: string };
  readonly server: { readonly endpoint: string; readonly site?: string };
  /** The patient the request concerns; defaults to the ticket's patient. */
  readonly patient?: Cx;
  readonly documents?: readonly AuditedDocument[];
  readonly query?: { readonly queryId?: string; readonly text: string; readonly homeCommunityId?: string };
  readonly submissionSetUniqueId?: string;
  /** From the access policy: the caller broke the glass. */
  readonly breakTheGlass?: boolean;
}

/** Writes audit records. `record` resolves only once the record is durably stored. */
export interface AuditRecorder {
  /**
   * @param event - the record of one transaction
   * @throws AuditUnavailableError when it cannot be stored: the caller must then fail the request
   */
  record(event: AuditEvent): Promise<void>;
}

/**
 * Where audit records are kept. Adapters index each record by the patient keys that
 * `auditPatientKeys` (audit-event.ts) returns, so they never parse FHIR themselves.
 */
export interface AuditStore {
  /** Stores one record durably; rejects when it cannot. */
  append(event: AuditEvent): Promise<void>;
  /**
   * @param patientKey - the patient's CX key `id^^^&OID&ISO` (domain/datatypes cxKey)
   * @returns that patient's records, newest first
   */
  findByPatient(patientKey: string): Promise<readonly AuditEvent[]>;
  /**
   * One page of a patient's records, newest first.
   * @param patientKey - the patient's CX key
   * @param page - how many records, and the cursor a previous page returned as `next`
   * @returns the records and, when older ones remain, the cursor of the next page
   * @throws InvalidCursorError when the cursor is not one this store issued
   */
  pageByPatient(patientKey: string, page: AuditPageRequest): Promise<AuditPage>;
  /** Waits for records being written and releases the store's file or connection. */
  close?(): Promise<void>;
}

/** Most records `findByPatient` returns; a longer log is read with `pageByPatient`. */
export const MAX_FIND_RESULTS = 10_000;

export interface AuditPageRequest {
  /** At most this many records. */
  readonly limit: number;
  /** Where the page starts: the `next` of the previous page; the newest record when absent. */
  readonly cursor?: string;
}

export interface AuditPage {
  readonly events: readonly AuditEvent[];
  /** The cursor of the next (older) page; absent on the last page. */
  readonly next?: string;
}

/** A page cursor that the store did not issue (or that does not parse). */
export class InvalidCursorError extends Error {
  constructor(cursor: string) {
    super(`the page cursor ${JSON.stringify(cursor.slice(0, 64))} is not valid`);
    this.name = 'InvalidCursorError';
  }
}

/** The audit record could not be stored; the request it describes must not succeed. */
export class AuditUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditUnavailableError';
  }
}
