/**
 * `npm run bench`: the gateway's benchmark figures, medians over several runs, printed and
 * written to bench/results.json (one key per figure) so runs can be compared.
 * Timings on a shared machine are noisy: read medians and ratios, never single runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureIti41 } from './iti41-throughput.js';
import { measureIti43 } from './iti43-large.js';
import { measureFanout } from './xca-fanout.js';
import { measureFhirMapping } from './fhir-mapping.js';
import { benchMongoStore } from './mongodb-store.js';
import { benchStoredQueryInChild } from './stored-query.js';
import { measureXuaVerification, summariseXua } from './xua-verification.js';
import { TEST_REPOSITORY_UNIQUE_ID } from '../src/config/schema.js';
import { startGatewayProcess } from '../test/support/gateway-process.js';
import { median, round } from './lib/stats.js';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const REPOSITORY_UNIQUE_ID = TEST_REPOSITORY_UNIQUE_ID;
const only = new Set(process.argv.slice(2));
const wanted = (name: string): boolean => only.size === 0 || only.has(name);
const results: Record<string, number | string | boolean> = {};

function report(key: string, value: number | string | boolean, note = ''): void {
  results[key] = value;
  console.log(`${key.padEnd(44)} ${String(value).padStart(12)}  ${note}`);
}

async function withGateway<T>(fn: (g: { url: string; pid: number }) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-bench-'));
  const g = await startGatewayProcess({ STORAGE_URL: `file:${dir}`, REPOSITORY_UNIQUE_ID, METADATA_PROFILE: 'norway' });
  try {
    return await fn(g);
  } finally {
    await g.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchIti41(): Promise<void> {
  const runs: number[] = [];
  await withGateway(async (g) => {
    await measureIti41(g.url, { clients: 8, seconds: 2, documentBytes: 10_240 }); // warm-up
    for (let i = 0; i < 5; i++) {
      const r = await measureIti41(g.url, { clients: 8, seconds: 4, documentBytes: 10_240 });
      if (r.failed > 0) console.log(`  run ${i + 1}: ${r.failed} failed submissions`);
      runs.push(r.perSecond);
    }
  });
  report('iti41_submissions_per_s_8_clients_10kb', round(median(runs), 0), `median of ${runs.length} runs: ${runs.map((r) => round(r, 0)).join(', ')} (goal ≥ 1000)`);
}

async function benchIti43(): Promise<void> {
  await withGateway(async (g) => {
    const r = await measureIti43(g.url, g.pid, { repositoryUniqueId: REPOSITORY_UNIQUE_ID, bytes: 200 * 1024 * 1024, runs: 5 });
    report('iti43_200mb_verified', r.verified, 'bytes out equal bytes in (SHA-1)');
    report('iti43_200mb_mb_per_s', round(median(r.mbPerSecond), 0), `median of ${r.mbPerSecond.length}: ${r.mbPerSecond.map((x) => round(x, 0)).join(', ')} (goal ≥ 300)`);
    report('iti43_200mb_peak_rss_growth_mb', round(median(r.rssGrowthMb), 1), `median; runs: ${r.rssGrowthMb.map((x) => round(x, 1)).join(', ')} (goal < 100)`);
  });
}

/** FindDocuments through executeStoredQuery on the embedded store in memory (bench/stored-query.ts). */
async function benchStoredQuery(): Promise<void> {
  for (const entries of [100_000, 1_000_000]) {
    const runs = [0, 1, 2].map(() => benchStoredQueryInChild(entries, 5000));
    const label = entries === 100_000 ? '100k' : '1m';
    report(`find_documents_${label}_p50_ms`, round(median(runs.map((r) => r.p50)), 3), `median of ${runs.length} runs (goal < 5 at 1M)`);
    report(`find_documents_${label}_p99_ms`, round(median(runs.map((r) => r.p99)), 3), `median of ${runs.length} runs (goal < 20 at 1M)`);
    report(`find_documents_${label}_store_p50_ms`, round(median(runs.map((r) => r.storeP50)), 3), 'the store call alone');
  }
  const p50 = (key: string): number => Number(results[key]);
  report('find_documents_p50_1m_over_100k', round(p50('find_documents_1m_p50_ms') / p50('find_documents_100k_p50_ms'), 2), '(goal ≤ 1.5)');
}

/** Initiating gateway fan-out to 10 communities answering in 50 ms each (bench/xca-fanout.ts). */
async function benchFanout(): Promise<void> {
  const r = await measureFanout({ runs: 30 });
  report('xca_fanout_10x50ms_median_ms', round(r.medianMs, 1), `p90 ${round(r.p90Ms, 1)} ms, ${r.entries} entries merged (goal < 80)`);
  report('xca_fanout_one_refusing_median_ms', round(r.refusedMedianMs, 1), 'one community refuses connections');
  report('xca_fanout_one_hanging_median_ms', round(r.hangingMedianMs, 1), `one community never answers; its timeout ${r.hangingTimeoutMs} ms`);
}

/** XUA ticket verification per request: first sight and repeated ticket (bench/xua-verification.ts). */
async function benchXua(): Promise<void> {
  const runs = [0, 1, 2].map(() => summariseXua(measureXuaVerification()));
  const med = (key: string): number => median(runs.map((r) => r[key] ?? Number.NaN));
  report('xua_first_sight_median_ms', round(med('xua_first_sight_median_ms'), 2), `median of ${runs.length} runs of 40 tickets; p90 ${round(med('xua_first_sight_p90_ms'), 2)} ms (goal < 8)`);
  report('xua_first_sight_cpu_median_ms', round(med('xua_first_sight_cpu_median_ms'), 2), 'CPU time of the same calls');
  report('xua_repeated_median_ms', round(med('xua_repeated_median_ms'), 4), `verification cache hit, median of ${runs.length} runs (goal < 0.3)`);
  report('xua_repeated_cpu_median_ms', round(med('xua_repeated_cpu_median_ms'), 4), 'CPU time of the same calls');
}

/** The MHD FHIR layer alone: mapping and codecs per DocumentReference, and a 1,000-entry Bundle (bench/fhir-mapping.ts). */
function benchFhir(): void {
  const r = measureFhirMapping();
  const med = (xs: readonly number[], digits = 1): number => round(median(xs), digits);
  report('fhir_docref_write_json_us', med(r.writeJsonUs), 'DocumentEntry → FHIR JSON text, median of 5 runs');
  report('fhir_docref_write_xml_us', med(r.writeXmlUs), 'DocumentEntry → FHIR XML text');
  report('fhir_docref_read_json_us', med(r.readJsonUs), 'FHIR JSON text → checked → DocumentEntry');
  report('fhir_docref_read_xml_us', med(r.readXmlUs), 'FHIR XML text → checked → DocumentEntry');
  report('fhir_bundle_1000_read_json_ms', med(r.bundleJsonMs), `searchset of 1,000 DocumentReferences, ${round(r.bundleJsonBytes / 1e6, 1)} MB`);
  report('fhir_bundle_1000_read_xml_ms', med(r.bundleXmlMs), 'the same Bundle as XML');
}

/**
 * The embedded store next to MongoDB at the same size (bench/mongodb-store.ts): load, commits,
 * FindDocuments, ITI-41 end to end. Runs when MONGODB_URL is set; BENCH_MONGODB_ENTRIES sets
 * the size (100,000 by default: against FerretDB, which scans, choose a few thousand).
 */
async function benchMongodb(): Promise<void> {
  const url = process.env.MONGODB_URL;
  if (!url) { console.log('mongodb: not run (MONGODB_URL is not set; scripts/mongodb-test-server.sh start prints one)'); return; }
  const entries = Number(process.env.BENCH_MONGODB_ENTRIES ?? 100_000);
  const r = await benchMongoStore(url, entries, { queries: 50, seconds: 5 });
  for (const store of ['embedded', 'mongodb'] as const) {
    const f = r[store];
    report(`store_${store}_${entries}_commits_per_s`, round(f.commitsPerSecond, 0));
    report(`store_${store}_${entries}_find_documents_p50_ms`, round(f.findP50Ms, 3), `p99 ${round(f.findP99Ms, 3)} ms`);
    report(`store_${store}_${entries}_iti41_per_s`, round(f.iti41PerSecond, 0));
  }
  report(`store_mongodb_over_embedded_${entries}_find_p50`, round(r.mongodb.findP50Ms / r.embedded.findP50Ms, 1), '(goal ≤ 2)');
  report(`store_embedded_over_mongodb_${entries}_iti41`, round(r.embedded.iti41PerSecond / r.mongodb.iti41PerSecond, 1), '(goal ≤ 2)');
}

async function main(): Promise<void> {
  console.log(`gateway benchmarks on ${os.cpus().length} cores, node ${process.version}`);
  if (wanted('iti41')) await benchIti41();
  if (wanted('iti43')) await benchIti43();
  if (wanted('stored-query')) await benchStoredQuery();
  if (wanted('xca')) await benchFanout();
  if (wanted('xua')) await benchXua();
  if (wanted('fhir')) benchFhir();
  if (wanted('mongodb')) await benchMongodb();
  writeFileSync(RESULTS, `${JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), RESULTS)}`);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
