/**
 * Event type, subtype and action per transaction, responder side. SOAP transactions use the
 * DICOM event ids of ihe-requirements.md §12 (IPF audit strategies); MHD searches and reads
 * use the RESTful types of the MHD audit profiles (ex-audit-66…68).
 */
import { SYSTEMS, type AuditEvent, type Coding } from './fhir-audit-event.js';

interface EventRow {
  readonly type: Coding;
  readonly action: AuditEvent['action'];
  readonly name: string;
  readonly rest?: 'search' | 'read';
}

const dcm = (code: string, display: string): Coding => ({ system: SYSTEMS.dcm, code, display });
const QUERY = dcm('110112', 'Query');
const EXPORT = dcm('110106', 'Export');
const IMPORT = dcm('110107', 'Import');
const PATIENT_RECORD = dcm('110110', 'Patient Record');
const REST: Coding = { system: SYSTEMS.auditEventType, code: 'rest', display: 'Restful Operation' };

/** The transaction table of the audit trail. */
export const AUDIT_EVENTS: Readonly<Record<string, EventRow>> = {
  'ITI-18': { type: QUERY, action: 'E', name: 'Registry Stored Query' },
  'ITI-38': { type: QUERY, action: 'E', name: 'Cross Gateway Query' },
  'ITI-43': { type: EXPORT, action: 'R', name: 'Retrieve Document Set' },
  'ITI-39': { type: EXPORT, action: 'R', name: 'Cross Gateway Retrieve' },
  'ITI-41': { type: IMPORT, action: 'C', name: 'Provide and Register Document Set-b' },
  'ITI-42': { type: IMPORT, action: 'C', name: 'Register Document Set-b' },
  'ITI-57': { type: IMPORT, action: 'U', name: 'Update Document Set' },
  'ITI-62': { type: PATIENT_RECORD, action: 'D', name: 'Delete Document Set' },
  'ITI-86': { type: PATIENT_RECORD, action: 'D', name: 'Remove Documents' },
  'ITI-65': { type: IMPORT, action: 'C', name: 'Provide Document Bundle' },
  'ITI-66': { type: REST, action: 'E', name: 'Find Document Lists', rest: 'search' },
  'ITI-67': { type: REST, action: 'E', name: 'Find Document References', rest: 'search' },
  'ITI-68': { type: REST, action: 'R', name: 'Retrieve Document', rest: 'read' },
};

/**
 * @param transaction - "ITI-18" …; anything else is recorded as Application Activity
 * @returns type, subtype list and action for the AuditEvent
 */
export function eventCoding(transaction: string): { type: Coding; subtype: Coding[]; action: AuditEvent['action'] } {
  const row = AUDIT_EVENTS[transaction];
  if (!row) return { type: dcm('110100', 'Application Activity'), subtype: [{ system: SYSTEMS.iheEventType, code: transaction }], action: 'E' };
  const subtype: Coding[] = [{ system: SYSTEMS.iheEventType, code: transaction, display: row.name }];
  if (row.rest) subtype.unshift({ system: SYSTEMS.restful, code: row.rest, display: row.rest });
  return { type: row.type, subtype, action: row.action };
}
