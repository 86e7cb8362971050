/**
 * The patient identity cross-reference in MongoDB (storage/ports.ts PatientIdentityStore):
 * collection `patientLinks`, one document per local id (`_id` = its CX key) naming the national
 * id it is linked to (`nationalKey`, indexed). A local id is in one document only, so moving it
 * to another person is one replace. Writes use `{ w: 'majority', j: true }`. The stored shape
 * stays in this file (house-style A4).
 */
import type { Collection, Db } from 'mongodb';
import { cxKey, type Cx } from '../../domain/datatypes.js';
import type { PatientIdentity } from '../../domain/patient-identity.js';
import type { PatientIdentityStore } from '../ports.js';

const PATIENT_LINKS_COLLECTION = 'patientLinks';

/** Most local ids one person may have; the feed refuses more long before (fhir/patient.ts). */
const MAX_LOCAL_IDS = 1000;

interface StoredLink {
  _id: string;
  local: Cx;
  nationalKey: string;
  national: Cx;
}

const plain = (cx: Cx): Cx => ({ id: cx.id, assigningAuthority: cx.assigningAuthority });
const DURABLE = { writeConcern: { w: 'majority' as const, journal: true } };

export class MongoPatientLinks implements PatientIdentityStore {
  private constructor(private readonly links: Collection<StoredLink>) {}

  /**
   * @param db - the gateway's database
   * @returns the store, its index created when missing
   */
  static async open(db: Db): Promise<MongoPatientLinks> {
    const links = db.collection<StoredLink>(PATIENT_LINKS_COLLECTION);
    await links.createIndex({ nationalKey: 1 }, { name: 'national' });
    return new MongoPatientLinks(links);
  }

  async link(nationalId: Cx, localIds: readonly Cx[]): Promise<void> {
    const national = plain(nationalId);
    const nationalKey = cxKey(national);
    const ops = localIds.filter((l) => cxKey(l) !== nationalKey).map((l) => ({
      replaceOne: { filter: { _id: cxKey(l) }, replacement: { local: plain(l), nationalKey, national }, upsert: true },
    }));
    if (ops.length) await this.links.bulkWrite(ops, { ordered: false, ...DURABLE });
  }

  async unlink(localIds: readonly Cx[]): Promise<void> {
    if (localIds.length) await this.links.deleteMany({ _id: { $in: localIds.map(cxKey) } }, DURABLE);
  }

  /** One indexed lookup for a national id (the usual case); a second one for a local id's siblings. */
  async resolve(id: Cx): Promise<PatientIdentity | undefined> {
    const key = cxKey(id);
    const hits = await this.links.find({ $or: [{ _id: key }, { nationalKey: key }] }).limit(MAX_LOCAL_IDS + 1).toArray();
    const own = hits.find((h) => h._id === key);
    if (!own) return hits.length ? { nationalId: plain(id), localIds: hits.map((l) => l.local) } : undefined;
    const siblings = await this.links.find({ nationalKey: own.nationalKey }).limit(MAX_LOCAL_IDS).toArray();
    return { nationalId: own.national, localIds: siblings.map((l) => l.local) };
  }
}
