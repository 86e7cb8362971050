/**
 * The audit trail in MongoDB: collection `auditEvents`, one document per AuditEvent with the
 * record's patient keys denormalised (`patientKeys`, indexed with `recorded`), so that
 * GET /fhir/AuditEvent?patient=… is one indexed lookup. Every insert uses write concern
 * `{ w: 'majority', j: true }`: a record is acknowledged only once it is in the journal of a
 * majority, so an acknowledged request is never unrecorded (audit/ports.ts). The stored shape
 * stays in this file (house-style A4 "stored shapes belong to the adapter").
 */
import type { Collection, Db, MongoClient } from 'mongodb';
import { auditPatientKeys } from '../../audit/audit-event.js';
import type { AuditEvent } from '../../formats/fhir/audit-event.js';
import type { AuditStore } from '../../audit/ports.js';
import { connectMongo } from './connection.js';

const AUDIT_COLLECTION = 'auditEvents';

/** Most records one patient search returns (newest first); a log beyond that needs paging. */
const MAX_RESULTS = 10_000;

/** How an AuditEvent is stored: the record as it is, plus its query keys. */
interface StoredAuditEvent {
  /** CX keys `id^^^&OID&ISO` of the record's patients. */
  readonly patientKeys: readonly string[];
  /** AuditEvent.recorded as a date, for sorting. */
  readonly recorded: Date;
  readonly event: AuditEvent;
}

export class MongoAuditStore implements AuditStore {
  private constructor(private readonly events: Collection<StoredAuditEvent>, private readonly owned?: MongoClient) {}

  /**
   * Uses the adapter's database; creates the index when missing.
   * @param db - the gateway's database
   * @param owned - a client to close with the store (when the store opened its own connection)
   * @returns the store
   */
  static async open(db: Db, owned?: MongoClient): Promise<MongoAuditStore> {
    const events = db.collection<StoredAuditEvent>(AUDIT_COLLECTION);
    await events.createIndex({ patientKeys: 1, recorded: -1 }, { name: 'patient_recorded' });
    return new MongoAuditStore(events, owned);
  }

  async append(event: AuditEvent): Promise<void> {
    // _id is left to the driver: AuditEvent.id is the correlation id, which a client may repeat.
    await this.events.insertOne(
      { patientKeys: auditPatientKeys(event), recorded: new Date(event.recorded), event },
      { writeConcern: { w: 'majority', journal: true } },
    );
  }

  async findByPatient(patientKey: string): Promise<readonly AuditEvent[]> {
    const docs = await this.events.find({ patientKeys: patientKey }, { projection: { event: 1 } })
      .sort({ recorded: -1, _id: -1 }).limit(MAX_RESULTS).toArray();
    return docs.map((d) => d.event);
  }

  async close(): Promise<void> {
    await this.owned?.close();
  }
}

/**
 * An audit store with a connection of its own, for when the MongoDB adapter does not offer one
 * (open-storage.ts). The adapter should rather call MongoAuditStore.open on its own database.
 * @param url - the STORAGE_URL (mongodb://…)
 * @returns the store; closing it closes its connection
 */
export async function openMongoAuditStore(url: string): Promise<MongoAuditStore> {
  const conn = connectMongo(url);
  try {
    return await MongoAuditStore.open(conn.db, conn.client);
  } catch (e) {
    await conn.client.close();
    throw e;
  }
}
