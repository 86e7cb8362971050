/**
 * The audit recorder over an AuditStore, and an in-memory store (STORAGE_URL=memory:, and
 * tests). A record that cannot be stored makes `record`
 * reject with AuditUnavailableError: the caller then fails the request (ihe-requirements.md
 * §12 "a failed transaction still produces an audit record"; §15 "audit never lost").
 */
import type { Logger } from '../logging/logger.js';
import { auditPatientKeys } from './audit-event.js';
import type { AuditEvent } from '../formats/fhir/audit-event.js';
import { AuditUnavailableError, InvalidCursorError, MAX_FIND_RESULTS, type AuditPage, type AuditPageRequest, type AuditRecorder, type AuditStore } from './ports.js';

/**
 * @param store - where records go
 * @param log - for the failure line (the record's id and transaction, never the patient)
 * @param retries - extra attempts before giving up, for a store that hiccups
 * @returns a recorder whose `record` resolves once the store accepted the record
 */
export function createAuditRecorder(store: AuditStore, log?: Logger, retries = 1): AuditRecorder {
  return {
    async record(event: AuditEvent): Promise<void> {
      let last: unknown;
      for (let attempt = 0; attempt <= retries; attempt++) {
        try {
          await store.append(event);
          return;
        } catch (e) {
          last = e;
        }
      }
      log?.error('audit record could not be stored; the request fails', {
        auditEventId: event.id, transaction: event.subtype?.find((s) => s.system === 'urn:ihe:event-type-code')?.code,
        error: (last as Error | undefined)?.message,
      });
      throw new AuditUnavailableError(`the audit record ${event.id} could not be stored`, { cause: last });
    },
  };
}

/** Keeps records in memory, indexed by patient key. Not durable: for tests and development. */
export class MemoryAuditStore implements AuditStore {
  private readonly byPatient = new Map<string, AuditEvent[]>();
  private readonly all: AuditEvent[] = [];

  get size(): number { return this.all.length; }

  async append(event: AuditEvent): Promise<void> {
    const copy = structuredClone(event);
    this.all.push(copy);
    for (const key of auditPatientKeys(copy)) {
      const list = this.byPatient.get(key) ?? [];
      list.push(copy);
      this.byPatient.set(key, list);
    }
  }

  async findByPatient(patientKey: string): Promise<readonly AuditEvent[]> {
    return (await this.pageByPatient(patientKey, { limit: MAX_FIND_RESULTS })).events;
  }

  /** The cursor is the count of the patient's records older than the page. */
  async pageByPatient(patientKey: string, page: AuditPageRequest): Promise<AuditPage> {
    const list = this.byPatient.get(patientKey) ?? [];
    const end = page.cursor === undefined ? list.length : Number(page.cursor);
    if (!Number.isSafeInteger(end) || end < 0 || end > list.length || !/^\d+$/.test(page.cursor ?? '0')) throw new InvalidCursorError(page.cursor ?? '');
    const start = Math.max(0, end - page.limit);
    return { events: list.slice(start, end).reverse(), ...(start > 0 ? { next: String(start) } : {}) };
  }
}
