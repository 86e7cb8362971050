/**
 * The audit trail in MongoDB: collection `auditEvents`, one document per AuditEvent with the
 * record's patient keys denormalised (`patientKeys`, indexed with `recorded`), so that
 * GET /fhir/AuditEvent?patient=… is one indexed lookup. Every insert uses write concern
 * `{ w: 'majority', j: true }`: a record is acknowledged only once it is in the journal of a
 * majority, so an acknowledged request is never unrecorded (audit/ports.ts). The stored shape
 * stays in this file (house-style A4 "stored shapes belong to the adapter").
 */
import { ObjectId, type Collection, type Db, type Filter, type MongoClient } from 'mongodb';
import { auditPatientKeys } from '../../audit/audit-event.js';
import type { AuditEvent } from '../../formats/fhir/audit-event.js';
import { InvalidCursorError, MAX_FIND_RESULTS, type AuditPage, type AuditPageRequest, type AuditStore } from '../../audit/ports.js';
import { connectMongo } from './connection.js';

const AUDIT_COLLECTION = 'auditEvents';

/** How an AuditEvent is stored: the record as it is, plus its query keys. */
interface StoredAuditEvent {
  readonly _id?: ObjectId;
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
    // _id is left to the driver, so the stored shape does not depend on the record's id.
    await this.events.insertOne(
      { patientKeys: auditPatientKeys(event), recorded: new Date(event.recorded), event },
      { writeConcern: { w: 'majority', journal: true } },
    );
  }

  async findByPatient(patientKey: string): Promise<readonly AuditEvent[]> {
    return (await this.pageByPatient(patientKey, { limit: MAX_FIND_RESULTS })).events;
  }

  /** The cursor is the (recorded, _id) of the first record of the next page. */
  async pageByPatient(patientKey: string, page: AuditPageRequest): Promise<AuditPage> {
    const filter: Filter<StoredAuditEvent> = { patientKeys: patientKey };
    if (page.cursor !== undefined) {
      const m = /^(\d{1,15})-([0-9a-f]{24})$/.exec(page.cursor);
      if (!m) throw new InvalidCursorError(page.cursor);
      const recorded = new Date(Number(m[1]));
      const id = new ObjectId(m[2]);
      filter.$or = [{ recorded: { $lt: recorded } }, { recorded, _id: { $lte: id } }];
    }
    const docs = await this.events.find(filter, { projection: { event: 1, recorded: 1 } })
      .sort({ recorded: -1, _id: -1 }).limit(page.limit + 1).toArray();
    const extra = docs.length > page.limit ? docs.pop() : undefined;
    return {
      events: docs.map((d) => d.event),
      ...(extra?._id ? { next: `${extra.recorded.getTime()}-${extra._id.toHexString()}` } : {}),
    };
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
