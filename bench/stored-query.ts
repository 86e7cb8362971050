/**
 * Stored-query latency on the embedded store, in memory.
 *
 *   npx tsx bench/stored-query.ts [entries=100000] [queries=2000]
 *
 * Fills the store with `entries` DocumentEntries over entries/100 patients, one submission
 * (SubmissionSet + 100 entries + their HasMember) per patient, then times FindDocuments
 * (patient + Approved + one classCode, LeafClass, about 10 hits) through executeStoredQuery,
 * the path ITI-18 takes below the XML. Prints p50 / p99 in milliseconds; `--json` prints one
 * JSON line instead (for bench/run.ts). Re-runs itself with a larger heap when needed.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Association } from '../src/domain/association.js';
import type { Author, Code, Cx } from '../src/domain/datatypes.js';
import type { DocumentEntry } from '../src/domain/document-entry.js';
import type { StoredQueryRequest } from '../src/domain/stored-query.js';
import { STORED_QUERY_ID } from '../src/domain/vocabulary.js';
import { createLogger } from '../src/logging/logger.js';
import { executeStoredQuery } from '../src/queries/execute.js';
import { openStorage } from '../src/storage/open-storage.js';
import type { MetadataStore, SubmissionDelta } from '../src/storage/ports.js';

const PER_PATIENT = 100;
const AA = '2.16.578.1.12.4.1.4.1';
const VOLVEN = '2.16.578.1.12.4.1.1.9602';
const codes = (prefix: string, n: number, codingScheme: string): Code[] =>
  Array.from({ length: n }, (_, i) => ({ code: `${prefix}${i}`, codingScheme, displayName: `${prefix} ${i}` }));
const CLASS = codes('A0', 10, VOLVEN);
const TYPE = codes('A1', 40, VOLVEN);
const FACILITY = codes('86.', 8, '2.16.578.1.12.4.1.1.1303');
const PRACTICE = codes('P', 30, '2.16.578.1.12.4.1.1.8653');
const CONF: Code = { code: 'N', codingScheme: '2.16.578.1.12.4.1.1.9603' };
const FORMAT: Code = { code: 'urn:no:kith:xmlstds:epikrise:2018', codingScheme: '1.3.6.1.4.1.19376.1.2.3' };
const AUTHORS: Author[] = Array.from({ length: 500 }, (_, i) => ({
  person: { idNumber: `${900000 + i}`, familyName: `Lege${i}`, givenName: 'Kari', assigningAuthority: '2.16.578.1.12.4.1.4.4' },
  institutions: [{ organizationName: `Sykehus ${i % 50}` }], roles: [], specialties: [], telecommunications: [],
}));
const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const patient = (i: number): Cx => ({ id: String(10_000_000_000 + i), assigningAuthority: AA });
const uuid = (): string => `urn:uuid:${randomUUID()}`;

function entry(p: Cx, n: number): DocumentEntry {
  return {
    entryUuid: uuid(), uniqueId: `2.25.${n}`, objectType: 'stable', availabilityStatus: 'Approved', patientId: p,
    sourcePatientInfo: [], classCode: at(CLASS, n * 7), typeCode: at(TYPE, n), formatCode: FORMAT,
    healthcareFacilityTypeCode: at(FACILITY, n), practiceSettingCode: at(PRACTICE, n), confidentialityCodes: [CONF],
    eventCodeList: [], creationTime: `2024${String(1 + (n % 12)).padStart(2, '0')}15120000`, mimeType: 'application/xml',
    size: 10240, repositoryUniqueId: '2.999.1.2', authors: [at(AUTHORS, n)], referenceIdList: [], limitedMetadata: false, extraMetadata: {},
  };
}

/** One patient's submission: a SubmissionSet, PER_PATIENT entries and their HasMember. */
function submission(i: number): SubmissionDelta {
  const p = patient(i);
  const ss = {
    entryUuid: uuid(), uniqueId: `2.25.9${i}`, sourceId: '2.999.5', patientId: p, submissionTime: '20240115120000',
    authors: [at(AUTHORS, i)], intendedRecipients: [], availabilityStatus: 'Approved' as const, limitedMetadata: false, extraMetadata: {},
  };
  const documentEntries = Array.from({ length: PER_PATIENT }, (_, k) => entry(p, i * PER_PATIENT + k));
  const associations: Association[] = documentEntries.map((d) => ({
    entryUuid: uuid(), type: 'HasMember', sourceUuid: ss.entryUuid, targetUuid: d.entryUuid, submissionSetStatus: 'Original', extraMetadata: {},
  }));
  return { submissionSets: [ss], documentEntries, folders: [], associations, statusChanges: [], folderUpdates: [] };
}

function findDocuments(i: number, classCode: Code): StoredQueryRequest {
  return {
    queryId: STORED_QUERY_ID.FindDocuments, returnType: 'LeafClass',
    slots: new Map([
      ['$XDSDocumentEntryPatientId', [[`'${patient(i).id}^^^&${AA}&ISO'`]]],
      ['$XDSDocumentEntryStatus', [["('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')"]]],
      ['$XDSDocumentEntryClassCode', [[`('${classCode.code}^^${classCode.codingScheme}')`]]],
    ]),
  };
}

setFlagsFromString('--expose-gc');
/** A full collection, so that the garbage of loading is not billed to the first queries. */
const gc = runInNewContext('gc') as () => void;

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export interface StoredQueryBench {
  readonly loadSeconds: number;
  readonly heapMb: number;
  readonly hits: number;
  /** executeStoredQuery, milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** The store's findDocumentEntries alone with the same filter, milliseconds. */
  readonly storeP50: number;
  readonly storeP99: number;
}

/**
 * Loads `entries` entries and times `queries` FindDocuments, each also as the bare store call
 * for another random patient (interleaved, so both see the same heap and cold caches), to tell
 * the query layer's cost from the store's.
 */
export async function benchStoredQuery(entries: number, queries: number): Promise<StoredQueryBench> {
  const storage = await openStorage('memory:', { log: createLogger('warn') });
  const store: MetadataStore = storage.metadata;
  const patients = Math.max(1, Math.floor(entries / PER_PATIENT));
  const t0 = performance.now();
  for (let i = 0; i < patients; i++) await store.commitSubmission(submission(i));
  const loadSeconds = (performance.now() - t0) / 1000;
  gc();
  const options = { maxResults: 10_000, homeCommunityId: 'urn:oid:2.999.1.1' };
  const times: number[] = [];
  const storeTimes: number[] = [];
  let hits = 0;
  for (let q = -500; q < queries; q++) {
    const i = Math.floor(Math.random() * patients);
    const classCode = at(CLASS, q + 500);
    let started = performance.now();
    const { result } = await executeStoredQuery(store, findDocuments(i, classCode), options);
    const ms = performance.now() - started;
    const j = Math.floor(Math.random() * patients); // another patient: its entries are not in cache either
    started = performance.now();
    await store.findDocumentEntries({
      patientIds: [`${patient(j).id}^^^&${AA}&ISO`], statuses: ['Approved'], objectTypes: ['stable'],
      classCodes: [`${classCode.code}^^${classCode.codingScheme}`],
    }, options.maxResults + 1);
    const storeMs = performance.now() - started;
    if (q < 0) continue; // warm-up
    times.push(ms);
    storeTimes.push(storeMs);
    if (result.returnType === 'LeafClass') hits += result.objects.documentEntries.length;
  }
  times.sort((a, b) => a - b);
  storeTimes.sort((a, b) => a - b);
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  await storage.metadata.close();
  await storage.documents.close();
  return {
    loadSeconds, heapMb, hits: hits / queries, p50: quantile(times, 0.5), p99: quantile(times, 0.99),
    storeP50: quantile(storeTimes, 0.5), storeP99: quantile(storeTimes, 0.99),
  };
}

/** Runs this file in a child process with a heap large enough for `entries`. */
export function benchStoredQueryInChild(entries: number, queries: number): StoredQueryBench {
  const heap = Math.max(2048, Math.ceil(entries / 1_000_000) * 6144);
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heap}`, '--import', 'tsx', fileURLToPath(import.meta.url), String(entries), String(queries), '--json'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`stored-query bench at ${entries} entries failed (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as StoredQueryBench;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--json');
  const entries = Number(args[0] ?? 100_000);
  const queries = Number(args[1] ?? 2000);
  const json = process.argv.includes('--json');
  const neededMb = Math.ceil(entries / 1_000_000) * 4096;
  if (!json && getHeapStatistics().heap_size_limit / 2 ** 20 < neededMb) {
    const r = benchStoredQueryInChild(entries, queries);
    print(entries, r);
    return;
  }
  const r = await benchStoredQuery(entries, queries);
  if (json) console.log(JSON.stringify(r));
  else print(entries, r);
}

function print(entries: number, r: StoredQueryBench): void {
  console.log(`FindDocuments (patient + status + classCode, LeafClass) at ${entries.toLocaleString('en')} entries: `
    + `p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms (store alone: p50 ${r.storeP50.toFixed(3)}, p99 ${r.storeP99.toFixed(3)}), `
    + `${r.hits.toFixed(1)} hits/query; load ${r.loadSeconds.toFixed(1)} s, heap ${r.heapMb.toFixed(0)} MB`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => { console.error(e); process.exit(1); });
}
