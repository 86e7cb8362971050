/**
 * Benchmark of the embedded store (file: mode, fsync on).
 *
 *   npx tsx bench/embedded-store.ts [entries=100000]
 *
 * Fills the store with `entries` DocumentEntries over entries/100 patients (one SubmissionSet,
 * one DocumentEntry and one HasMember per submission), then prints commit throughput (one
 * client, 8 concurrent clients), document puts of 10 KB, memory per entry, FindDocuments
 * (patient + status + classCode) latency p50/p99, and the time to reopen (replay) the store.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DocumentEntry } from '../src/domain/document-entry.js';
import { createLogger } from '../src/logging/logger.js';
import { EmbeddedMetadataStore, FileDocumentStore } from '../src/storage/embedded/index.js';
import type { SubmissionDelta } from '../src/storage/ports.js';
import { percentile } from './lib/stats.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const log = createLogger('warn');
const N = Number(process.argv[2] ?? 100_000);
const PATIENTS = Math.max(1, Math.floor(N / 100));
const AA = '2.16.578.1.12.4.1.4.1';
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const codes = (prefix: string, n: number, scheme: string) =>
  Array.from({ length: n }, (_, i) => ({ code: `${prefix}${i}`, codingScheme: scheme, displayName: `${prefix} ${i} display` }));
const CLASS = codes('cls', 10, '2.16.578.1.12.4.1.1.9602');
const TYPE = codes('typ', 40, '2.16.578.1.12.4.1.1.9602');
const FACILITY = codes('fac', 8, '2.16.578.1.12.4.1.1.8655');
const PRACTICE = codes('prs', 30, '2.16.578.1.12.4.1.1.8451');
const CONF = codes('N', 3, '2.16.840.1.113883.5.25');
const AUTHORS = Array.from({ length: 2000 }, (_, i) => ({
  person: { idNumber: `${900000 + i}`, familyName: `Lege${i}`, givenName: 'Kari', assigningAuthority: '2.16.578.1.12.4.1.4.4' },
  institutions: [{ organizationName: `Sykehus ${i % 50}`, assigningAuthority: '2.16.578.1.12.4.1.4.101', organizationIdentifier: `${974000000 + (i % 50)}` }],
  roles: ['LE'], specialties: [], telecommunications: [],
}));
const pid = (i: number) => ({ id: String(10000000000 + i), assigningAuthority: AA });
const uuid = (): string => `urn:uuid:${randomUUID()}`;
let seq = 0;

function submission(patient: number): SubmissionDelta {
  const p = pid(patient); const n = ++seq;
  const de: DocumentEntry = {
    entryUuid: uuid(), uniqueId: `2.999.1.${n}.${Math.floor(Math.random() * 1e6)}`, objectType: 'stable', availabilityStatus: 'Approved',
    patientId: p, sourcePatientId: p, sourcePatientInfo: [`PID-3|${p.id}^^^&${AA}&ISO`, `PID-5|Nordmann^Pasient${patient}`],
    classCode: pick(CLASS), typeCode: pick(TYPE), formatCode: { code: 'urn:no:kith:xmlstds:epikrise:2018', codingScheme: '2.16.578.1.12.4.1.1.9603' },
    healthcareFacilityTypeCode: pick(FACILITY), practiceSettingCode: pick(PRACTICE), confidentialityCodes: [pick(CONF)], eventCodeList: [],
    creationTime: `2024${String(1 + (n % 12)).padStart(2, '0')}1512${String(n % 60).padStart(2, '0')}00`, languageCode: 'nb-NO',
    mimeType: 'application/xml', hash: createHash('sha1').update(String(n)).digest('hex'), size: 10240, repositoryUniqueId: '2.999.1.2',
    title: 'Epikrise', authors: [pick(AUTHORS)], referenceIdList: [], limitedMetadata: false, extraMetadata: {},
  };
  const ss = { entryUuid: uuid(), uniqueId: `2.999.2.${n}`, sourceId: '2.999.5', patientId: p, submissionTime: '20240115120000',
    contentTypeCode: pick(CLASS), authors: de.authors, intendedRecipients: [], availabilityStatus: 'Approved' as const, limitedMetadata: false, extraMetadata: {} };
  const hm = { entryUuid: uuid(), type: 'HasMember' as const, sourceUuid: ss.entryUuid, targetUuid: de.entryUuid, submissionSetStatus: 'Original' as const, extraMetadata: {} };
  return { submissionSets: [ss], documentEntries: [de], folders: [], associations: [hm], statusChanges: [], folderUpdates: [] };
}

/** Runs `total` commits from `clients` concurrent loops; returns commits per second. */
async function commits(store: EmbeddedMetadataStore, total: number, clients: number): Promise<number> {
  let next = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) { const i = next++; await store.commitSubmission(submission(i % PATIENTS)); }
  }));
  return total / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-embedded-'));
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  try {
    gc(); const heap0 = process.memoryUsage().heapUsed;
    let store = await EmbeddedMetadataStore.open({ dir: join(dir, 'metadata'), log });
    console.log(`single client, fsync on:   ${(await commits(store, 300, 1)).toFixed(0)} commits/s`);
    console.log(`8 concurrent clients:      ${(await commits(store, 3000, 8)).toFixed(0)} commits/s`);
    const fillStart = performance.now();
    const fill = await commits(store, N - 3300, 512);
    console.log(`fill ${N} entries (512 in flight): ${fill.toFixed(0)} commits/s, ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);
    gc(); const heap1 = process.memoryUsage().heapUsed;
    console.log(`heap: ${mb(heap1 - heap0)} for ${N} submissions = ${((heap1 - heap0) / N).toFixed(0)} bytes per DocumentEntry (with its SubmissionSet and HasMember); rss ${mb(process.memoryUsage().rss)}`);
    const lat: number[] = []; let hits = 0;
    for (let i = 0; i < 5000; i++) {
      const filter = { patientIds: [`${pid(Math.floor(Math.random() * PATIENTS)).id}^^^&${AA}&ISO`], statuses: ['Approved' as const],
        classCodes: [`${pick(CLASS).code}^^${CLASS[0]!.codingScheme}`] };
      const t = performance.now();
      hits += (await store.findDocumentEntries(filter)).length;
      lat.push(performance.now() - t);
    }
    console.log(`FindDocuments patient+status+classCode: p50 ${percentile(lat, 50).toFixed(3)} ms, p99 ${percentile(lat, 99).toFixed(3)} ms, ${(hits / 5000).toFixed(1)} hits/query`);
    await store.close();
    const files = await metadataFiles(join(dir, 'metadata'));
    gc(); const t2 = performance.now();
    store = await EmbeddedMetadataStore.open({ dir: join(dir, 'metadata'), log });
    console.log(`reopen (snapshot + log replay): ${((performance.now() - t2) / 1000).toFixed(1)} s, ${store.stats().documentEntries} entries; ${files}`);
    await store.close();
    await benchDocuments(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Sizes of the snapshot and the logs, so that a reopen time can be read against what it loaded. */
async function metadataFiles(dir: string): Promise<string> {
  const names = (await readdir(dir)).sort();
  const sizes = await Promise.all(names.map(async (n) => `${n} ${((await stat(join(dir, n))).size / 2 ** 20).toFixed(0)} MB`));
  return sizes.join(', ');
}

async function benchDocuments(dir: string): Promise<void> {
  const docs = await FileDocumentStore.open({ dir, log });
  const bytes = Buffer.alloc(10 * 1024, 7); const sha1 = createHash('sha1').update(bytes).digest('hex');
  const content = { size: bytes.length, sha1, bytes, async *open() { yield bytes; } };
  let next = 0; const total = 3000; const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => { while (next < total) await docs.put(`2.999.3.${next++}`, content); }));
  console.log(`document put 10 KB, 8 concurrent: ${(total / ((performance.now() - t0) / 1000)).toFixed(0)} puts/s`);
  await docs.close();
}

await main();
