/**
 * The audit ports. Every transaction, allowed or refused, writes one AuditEvent; a request
 * whose record cannot be stored fails rather than goes unrecorded (ihe-requirements.md §12,
 * §15 "Audit never lost"; norway-profile.md §7). Storage adapters implement AuditStore.
 */
import type { AuditEvent } from './fhir-audit-event.js';

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
  /** Waits for records being written and releases the store's file or connection. */
  close?(): Promise<void>;
}

/** The audit record could not be stored; the request it describes must not succeed. */
export class AuditUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditUnavailableError';
  }
}
