/**
 * The MongoDB storage next to the embedded store, at `entries` DocumentEntries:
 *
 *   MONGODB_URL=mongodb://… npx tsx bench/mongodb-store.ts [entries=100000] [queries=20] [seconds=10]
 *
 * For each store: loads `entries` entries over entries/100 patients (one SubmissionSet, 100
 * entries and their HasMember per patient), then measures
 * - commit throughput: 8 concurrent clients committing small submissions (SubmissionSet, one
 *   DocumentEntry, its HasMember) for `seconds`;
 * - FindDocuments latency: the store call that ITI-18 FindDocuments makes (patient + Approved +
 *   one classCode, about 10 hits), p50 and p99 over `queries` random patients;
 * - ITI-41 throughput end to end: a gateway process on the loaded store, 8 clients, 10 KiB.
 * The embedded store is loaded through commitSubmission; MongoDB is bulk-loaded with the
 * documents commitSubmission leaves behind (the shapes of storage/mongodb/documents.ts and
 * their claims), since loading 100k entries one submission at a time is not what is measured.
 * Prints a table; `--json` prints one JSON line instead (for bench/run.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Association } from '../src/domain/association.js';
import type { Cx } from '../src/domain/datatypes.js';
import type { DocumentEntry } from '../src/domain/document-entry.js';
import { createLogger } from '../src/logging/logger.js';
import type { StoredObject } from '../src/storage/mongodb/documents.js';
import { buildPlan, type Claim } from '../src/storage/mongodb/plan.js';
import { withDatabase } from '../src/storage/mongodb/url.js';
import { closeStorage, openStorage } from '../src/storage/open-storage.js';
import type { MetadataStore, SubmissionDelta } from '../src/storage/ports.js';
import { startGatewayProcess } from '../test/support/gateway-process.js';
import { measureIti41 } from './iti41-throughput.js';
import { percentile, round } from './lib/stats.js';

const PER_PATIENT = 100;
const AA = '2.16.578.1.12.4.1.4.1';
const CLASS_SCHEME = '2.16.578.1.12.4.1.1.9602';
const log = createLogger('warn');
const uuid = (): string => `urn:uuid:${randomUUID()}`;
const patient = (i: number): Cx => ({ id: String(10_000_000_000 + i), assigningAuthority: AA });
const patientKey = (i: number): string => `${patient(i).id}^^^&${AA}&ISO`;

function entry(p: Cx, n: number): DocumentEntry {
  return {
    entryUuid: uuid(), uniqueId: `2.25.${randomUUID().replace(/-/g, '').slice(0, 20)}.${n}`, objectType: 'stable', availabilityStatus: 'Approved',
    patientId: p, sourcePatientInfo: [], classCode: { code: `A0${n % 10}`, codingScheme: CLASS_SCHEME },
    typeCode: { code: `A1${n % 40}`, codingScheme: CLASS_SCHEME }, confidentialityCodes: [{ code: 'N', codingScheme: '2.16.578.1.12.4.1.1.9603' }],
    eventCodeList: [], creationTime: `2024${String(1 + (n % 12)).padStart(2, '0')}15120000`, mimeType: 'application/xml', size: 10240,
    repositoryUniqueId: '2.999.1.2', authors: [{ person: { idNumber: `${900000 + (n % 500)}`, familyName: `Lege${n % 500}`, givenName: 'Kari' },
      institutions: [{ organizationName: 'Sykehus' }], roles: [], specialties: [], telecommunications: [] }],
    referenceIdList: [], limitedMetadata: false, extraMetadata: {},
  };
}

function submission(i: number, entries: number): SubmissionDelta {
  const p = patient(i);
  const ss = { entryUuid: uuid(), uniqueId: `2.25.${randomUUID().replace(/-/g, '').slice(0, 20)}`, sourceId: '2.999.5', patientId: p,
    submissionTime: '20240115120000', authors: [], intendedRecipients: [], availabilityStatus: 'Approved' as const, limitedMetadata: false, extraMetadata: {} };
  const documentEntries = Array.from({ length: entries }, (_, k) => entry(p, i * PER_PATIENT + k));
  const associations: Association[] = documentEntries.map((d) => ({
    entryUuid: uuid(), type: 'HasMember', sourceUuid: ss.entryUuid, targetUuid: d.entryUuid, submissionSetStatus: 'Original', extraMetadata: {},
  }));
  return { submissionSets: [ss], documentEntries, folders: [], associations, statusChanges: [], folderUpdates: [] };
}

/** Writes what commitSubmission leaves for these deltas, in batches. */
async function bulkLoadMongo(url: string, patients: number): Promise<void> {
  const client = new MongoClient(url);
  try {
    const db = client.db();
    for (let i = 0; i < patients; i += 10) {
      const deltas = Array.from({ length: Math.min(10, patients - i) }, (_, k) => submission(i + k, PER_PATIENT));
      const plans = deltas.map((d) => buildPlan(d, 'bulk', new Map()));
      for (const c of [...new Set(plans.flatMap((p) => p.inserts.map((i) => i.c)))]) {
        await db.collection<StoredObject>(c).insertMany(plans.flatMap((p) => p.inserts.filter((i) => i.c === c).flatMap((i) => i.docs)));
      }
      await db.collection<Claim>('claims').insertMany(plans.flatMap((p) => p.claims));
    }
  } finally { await client.close(); }
}

async function commitThroughput(store: MetadataStore, seconds: number, patients: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (performance.now() < until) { await store.commitSubmission(submission(Math.floor(Math.random() * patients), 1)); done++; }
  }));
  return done / seconds;
}

async function findLatency(store: MetadataStore, queries: number, patients: number): Promise<{ p50: number; p99: number; hits: number }> {
  const times: number[] = []; let hits = 0;
  const deadline = performance.now() + 120_000; // bounded: a slow server gets fewer queries
  for (let q = -3; q < queries && performance.now() < deadline; q++) {
    const t0 = performance.now();
    const found = await store.findDocumentEntries({ patientIds: [patientKey(Math.floor(Math.random() * patients))], statuses: ['Approved'],
      objectTypes: ['stable'], classCodes: [`A0${Math.abs(q) % 10}^^${CLASS_SCHEME}`] }, 10_001);
    if (q >= 0) { times.push(performance.now() - t0); hits += found.length; }
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), hits: hits / Math.max(1, times.length) };
}

async function iti41(storageUrl: string): Promise<number> {
  const g = await startGatewayProcess({ STORAGE_URL: storageUrl, REPOSITORY_UNIQUE_ID: '2.999.1.2', METADATA_PROFILE: 'norway' });
  try {
    await measureIti41(g.url, { clients: 8, seconds: 2, documentBytes: 10_240 });
    return (await measureIti41(g.url, { clients: 8, seconds: 6, documentBytes: 10_240 })).perSecond;
  } finally { await g.stop(); }
}

/** One store's figures. */
export interface StoreFigures { loadSeconds: number; commitsPerSecond: number; findP50Ms: number; findP99Ms: number; hits: number; iti41PerSecond: number }

async function measure(name: string, storageUrl: string, load: () => Promise<void>, o: { queries: number; seconds: number; patients: number }): Promise<StoreFigures> {
  const note = (what: string, v: unknown): void => { process.stderr.write(`  ${name} ${what}: ${JSON.stringify(v)}\n`); };
  const t0 = performance.now();
  await load();
  const loadSeconds = (performance.now() - t0) / 1000;
  note('load s', round(loadSeconds, 1));
  const storage = await openStorage(storageUrl, { log });
  const find = await findLatency(storage.metadata, o.queries, o.patients);
  note('FindDocuments', find);
  const commitsPerSecond = await commitThroughput(storage.metadata, o.seconds, o.patients);
  note('commits/s', round(commitsPerSecond, 1));
  await closeStorage(storage);
  // End to end needs the gateway to start on the loaded store within 30 s; a failure is reported, not fatal.
  const iti41PerSecond = await iti41(storageUrl).catch((e: unknown) => { note('ITI-41 failed', String(e)); return Number.NaN; });
  note('ITI-41/s', round(iti41PerSecond, 1));
  return { loadSeconds, commitsPerSecond, findP50Ms: find.p50, findP99Ms: find.p99, hits: find.hits, iti41PerSecond };
}

/**
 * Measures the embedded store (on disk) and MongoDB at the same size.
 * @param mongodbUrl - a MongoDB server; a fresh database is used and dropped
 */
export async function benchMongoStore(mongodbUrl: string, entries: number, o: { queries: number; seconds: number }): Promise<Record<'embedded' | 'mongodb', StoreFigures>> {
  const patients = Math.max(1, Math.floor(entries / PER_PATIENT));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-embedded-'));
  const mongo = withDatabase(mongodbUrl, `bench_${randomUUID().slice(0, 8)}`);
  try {
    const embedded = await measure('embedded', `file:${dir}`, async () => {
      const s = await openStorage(`file:${dir}`, { log });
      for (let i = 0; i < patients; i++) await s.metadata.commitSubmission(submission(i, PER_PATIENT));
      await closeStorage(s);
    }, { ...o, patients });
    const mongodb = await measure('mongodb', mongo, async () => {
      const s = await openStorage(mongo, { log }); // creates collections and indexes
      await closeStorage(s);
      await bulkLoadMongo(mongo, patients);
    }, { ...o, patients });
    return { embedded, mongodb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const c = new MongoClient(mongo);
    await c.db().dropDatabase().finally(() => c.close());
  }
}

async function main(): Promise<void> {
  const url = process.env.MONGODB_URL;
  if (!url) throw new Error('MONGODB_URL is not set (scripts/mongodb-test-server.sh start prints one)');
  const args = process.argv.slice(2).filter((a) => a !== '--json');
  const [entries = 100_000, queries = 20, seconds = 10] = args.map(Number);
  const r = await benchMongoStore(url, entries, { queries, seconds });
  if (process.argv.includes('--json')) { console.log(JSON.stringify({ entries, ...r })); return; }
  console.log(`${entries} entries            embedded      mongodb   ratio`);
  const row = (label: string, a: number, b: number, unit: string): void =>
    console.log(`${label.padEnd(22)} ${String(round(a, 2)).padStart(10)} ${String(round(b, 2)).padStart(12)} ${String(round(b / a, 2)).padStart(7)}  ${unit}`);
  for (const [label, key, unit] of [['load', 'loadSeconds', 's'], ['commits', 'commitsPerSecond', '/s'], ['FindDocuments p50', 'findP50Ms', 'ms'],
    ['FindDocuments p99', 'findP99Ms', 'ms'], ['ITI-41 end to end', 'iti41PerSecond', '/s']] as const) row(label, r.embedded[key], r.mongodb[key], unit);
  console.log(`hits per query: ${round(r.embedded.hits, 1)} / ${round(r.mongodb.hits, 1)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main().catch((e: unknown) => { console.error(e); process.exit(1); });
