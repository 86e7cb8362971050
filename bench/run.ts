/**
 * `npm run bench`: the gateway's benchmark figures, medians over several runs. Each figure is
 * printed next to the committed baseline (bench/results.json) with their ratio, and the run's
 * figures are written to a file of their own (.tmp/bench/); `--update-baseline` makes them the
 * new baseline. Timings on a shared machine are noisy: read medians and ratios, never single runs.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureIti41 } from './iti41-throughput.js';
import { measureIti43 } from './iti43-large.js';
import { measureFanout } from './xca-fanout.js';
import { benchAuditStartup } from './audit-startup.js';
import { measureFhirMapping } from './fhir-mapping.js';
import { benchMongoStore } from './mongodb-store.js';
import { benchStoredQueryInChild } from './stored-query.js';
import { measureUnderAttack } from './under-attack.js';
import { measureXuaVerification, summariseXua } from './xua-verification.js';
import { TEST_REPOSITORY_UNIQUE_ID } from '../src/config/schema.js';
import { startGatewayProcess } from '../test/support/gateway-process.js';
import { median, round } from './lib/stats.js';
import { CliError, EXIT, EXIT_CODES_HELP, parseCommand, runWhenMain } from '../scripts/cli/command.js';

const BASELINE = fileURLToPath(new URL('./results.json', import.meta.url));
const REPOSITORY_UNIQUE_ID = TEST_REPOSITORY_UNIQUE_ID;
const results: Record<string, number | string | boolean> = {};
let baseline: Record<string, unknown> = {};

/** Prints a figure next to the baseline's, with their ratio, and keeps it for the run's file. */
function report(key: string, value: number | string | boolean, note = ''): void {
  results[key] = value;
  const before = baseline[key];
  const ratio = typeof value === 'number' && typeof before === 'number' && before !== 0 ? `×${round(value / before, 2)}` : '';
  console.log(`${key.padEnd(44)} ${String(value).padStart(12)} ${String(before ?? '-').padStart(12)} ${ratio.padStart(7)}  ${note}`);
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

/** ITI-18 rate while one attacker sends the worst XML the limits accept (bench/under-attack.ts). */
async function benchUnderAttack(): Promise<void> {
  await withGateway(async (g) => {
    const runs = await measureUnderAttack(g.url, { clients: 4, seconds: 4, runs: 5 });
    const normal = median(runs.map((r) => r.normal));
    const attacked = median(runs.map((r) => r.attacked));
    report('iti18_per_s_4_clients', round(normal, 0), `median of ${runs.length} runs: ${runs.map((r) => round(r.normal, 0)).join(', ')}`);
    report('iti18_per_s_4_clients_under_attack', round(attacked, 0), `median; runs: ${runs.map((r) => round(r.attacked, 0)).join(', ')}; `
      + `attacker: ${runs.map((r) => r.attacks).join(', ')} requests of ${round(median(runs.map((r) => r.attackMs)), 0)} ms median`);
    report('iti18_under_attack_over_normal', round(median(runs.map((r) => r.attacked / r.normal)), 2), 'median of per-run ratios (goal ≥ 0.8)');
    report('iti18_refused_attack_over_normal', round(median(runs.map((r) => r.refusedAttacked / r.normal)), 2),
      `while refused XML nested 200,000 deep is sent in a loop (${runs.map((r) => r.refusedAttacks).join(', ')} refusals per run); median of per-run ratios`);
  });
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

/** Start-up with 1,000,000 audit records on the file store, next to an empty trail (bench/audit-startup.ts). */
async function benchAudit(): Promise<void> {
  const empty = await benchAuditStartup(0, 3);
  const full = await benchAuditStartup(1_000_000);
  const med = (xs: readonly number[]): number => round(median(xs), 1);
  report('audit_1m_index_build_once_s', round(full.indexSeconds, 1), 'closed segments indexed at the first start (an existing trail without indexes)');
  report('audit_1m_store_open_ms', med(full.openMs), `median of ${full.openMs.length} fresh processes: ${full.openMs.map((x) => round(x, 0)).join(', ')}; empty trail ${med(empty.openMs)}`);
  report('audit_1m_store_open_rss_mb', med(full.openRssMb), `empty trail ${med(empty.openRssMb)}`);
  report('audit_1m_newest_page_ms', med(full.pageMs), '100 records of one patient, first read after the open');
  report('audit_1m_gateway_start_ms', med(full.gatewayStartMs), `process start to /healthz, median of ${full.gatewayStartMs.length}; empty trail ${med(empty.gatewayStartMs)} (goal < 3000)`);
  report('audit_1m_gateway_rss_mb', med(full.gatewayRssMb), `empty trail ${med(empty.gatewayRssMb)}`);
}

const CASES: Record<string, () => Promise<void>> = {
  iti41: benchIti41, iti43: benchIti43, 'stored-query': benchStoredQuery, xca: benchFanout, xua: benchXua,
  'under-attack': benchUnderAttack, fhir: async () => benchFhir(), mongodb: benchMongodb, audit: benchAudit,
};

const HELP = `npm run bench -- [<case> …] [--out FILE] [--update-baseline]
Measures the gateway (medians of several runs; a shared machine is noisy, so compare ratios) and
prints each figure next to the committed baseline, bench/results.json, with their ratio.
  cases               ${Object.keys(CASES).join(', ')} (default all; mongodb runs when MONGODB_URL is set)
  --out FILE          where this run's figures go (default .tmp/bench/run-<time>.json)
  --update-baseline   also write them to bench/results.json, the baseline that is committed
${EXIT_CODES_HELP}`;

const SPEC = {
  name: 'bench', help: HELP, positionals: { min: 0, max: Object.keys(CASES).length },
  options: { out: { type: 'string' }, 'update-baseline': { type: 'boolean', default: false } },
} as const;

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv, (l) => console.log(l));
  if (!parsed) return EXIT.ok;
  const unknown = parsed.positionals.filter((c) => !(c in CASES));
  if (unknown.length) throw new CliError(`unknown case ${unknown.join(', ')}; the cases are ${Object.keys(CASES).join(', ')}`);
  const cases = parsed.positionals.length ? [...new Set(parsed.positionals)] : Object.keys(CASES);
  const { out, 'update-baseline': updateBaseline } = parsed.values as { out?: string; 'update-baseline': boolean };
  const at = new Date().toISOString();
  const file = out ?? fileURLToPath(new URL(`../.tmp/bench/run-${at.replace(/[:.]/g, '-')}.json`, import.meta.url));
  baseline = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, unknown> : {};
  console.log(`gateway benchmarks on ${os.cpus().length} cores, node ${process.version}; baseline of ${String(baseline.at ?? 'none')}`);
  console.log(`${'figure'.padEnd(44)} ${'this run'.padStart(12)} ${'baseline'.padStart(12)} ${'ratio'.padStart(7)}`);
  for (const [i, name] of cases.entries()) {
    const started = performance.now();
    console.log(`[${i + 1}/${cases.length}] ${name} …`);
    await (CASES[name] as () => Promise<void>)();
    console.log(`[${i + 1}/${cases.length}] ${name} done in ${round((performance.now() - started) / 1000, 1)} s`);
  }
  const text = `${JSON.stringify({ at, node: process.version, cases, ...results }, null, 2)}\n`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`this run: ${path.relative(process.cwd(), file)}`);
  if (updateBaseline) {
    writeFileSync(BASELINE, `${JSON.stringify({ ...baseline, ...JSON.parse(text) as object, at }, null, 2)}\n`);
    console.log(`baseline updated: ${path.relative(process.cwd(), BASELINE)}`);
  }
  return EXIT.ok;
}

runWhenMain(import.meta.url, 'bench', main);
