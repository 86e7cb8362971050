/**
 * How the audit trail codes a transaction, responder side: event type and action. SOAP
 * transactions use the DICOM event ids of ihe-requirements.md §12 (IPF audit strategies); MHD
 * searches and reads use the RESTful types of the MHD audit profiles (ex-audit-66…68). Each row
 * of the transaction table (transactions/table.ts) names its coding.
 */
import { SYSTEMS, type AuditEvent, type Coding } from '../formats/fhir/audit-event.js';

/** The audit coding of one transaction. */
export interface AuditCoding {
  readonly type: Coding;
  readonly action: AuditEvent['action'];
  /** The transaction's name, e.g. "Registry Stored Query" (the subtype's display). */
  readonly name: string;
  readonly rest?: 'search' | 'read';
}

const dcm = (code: string, display: string): Coding => ({ system: SYSTEMS.dcm, code, display });
const QUERY = dcm('110112', 'Query');
const EXPORT = dcm('110106', 'Export');
const IMPORT = dcm('110107', 'Import');
const PATIENT_RECORD = dcm('110110', 'Patient Record');
const REST: Coding = { system: SYSTEMS.auditEventType, code: 'rest', display: 'Restful Operation' };

/** The codings by kind of transaction; `name` is the transaction's own. */
export const AUDIT_CODING = {
  /** ITI-18, ITI-38 */
  query: (name: string): AuditCoding => ({ type: QUERY, action: 'E', name }),
  /** ITI-43, ITI-39: documents leave the repository */
  export: (name: string): AuditCoding => ({ type: EXPORT, action: 'R', name }),
  /** ITI-41, ITI-42, ITI-65 (create); ITI-57 (update) */
  import: (name: string, action: 'C' | 'U' = 'C'): AuditCoding => ({ type: IMPORT, action, name }),
  /** ITI-62, ITI-86 */
  delete: (name: string): AuditCoding => ({ type: PATIENT_RECORD, action: 'D', name }),
  /** ITI-66, ITI-67 (search), ITI-68 (read) */
  rest: (name: string, rest: 'search' | 'read'): AuditCoding => ({ type: REST, action: rest === 'read' ? 'R' : 'E', name, rest }),
} as const;

/**
 * @param transaction - "ITI-18" …
 * @param coding - the transaction's coding; without one the event is recorded as Application Activity
 * @returns type, subtype list and action for the AuditEvent
 */
export function eventCoding(transaction: string, coding?: AuditCoding): { type: Coding; subtype: Coding[]; action: AuditEvent['action'] } {
  if (!coding) return { type: dcm('110100', 'Application Activity'), subtype: [{ system: SYSTEMS.iheEventType, code: transaction }], action: 'E' };
  const subtype: Coding[] = [{ system: SYSTEMS.iheEventType, code: transaction, display: coding.name }];
  if (coding.rest) subtype.unshift({ system: SYSTEMS.restful, code: coding.rest, display: coding.rest });
  return { type: coding.type, subtype, action: coding.action };
}
