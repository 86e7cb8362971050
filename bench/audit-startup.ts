/**
 * Start-up with a long file audit trail: a trail of N records (default 1,000,000; about a day
 * of a busy gateway at 10 requests/s is 864,000) is generated as full segments of the default
 * size, indexed once, and then opened again and again, each time in a fresh process:
 * `FileAuditStore.open` alone (time, RSS, one patient page), and the whole gateway process
 * until /healthz answers. The same for an empty trail, for the ratio.
 * Run alone: `npx tsx bench/audit-startup.ts [records]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAuditEvent } from '../src/audit/audit-event.js';
import { FileAuditStore } from '../src/audit/file-audit-store.js';
import { cxKey } from '../src/domain/datatypes.js';
import { ANONYMOUS } from '../src/domain/security-context.js';
import { startGatewayProcess } from '../test/support/gateway-process.js';
import { median } from './lib/stats.js';

const SEGMENT_BYTES = 16 * 1024 * 1024;
const FNR = '2.16.578.1.12.4.1.4.1';
const patientId = (i: number): string => String(10_000_000_000 + (i % 100_000));

export interface AuditStartup {
  readonly records: number;
  readonly indexSeconds: number;
  readonly openMs: number[];
  readonly openRssMb: number[];
  readonly pageMs: number[];
  readonly gatewayStartMs: number[];
  readonly gatewayRssMb: number[];
}

/** Writes `records` ITI-18 records for 100,000 patients as full segments and a partly filled open one. */
function generateTrail(auditDir: string, records: number): void {
  mkdirSync(auditDir, { recursive: true });
  const template = JSON.stringify(buildAuditEvent({
    transaction: 'ITI-18', outcome: 'success', recorded: new Date('2026-01-01T00:00:00Z'), id: 'ID-TEMPLATE',
    security: ANONYMOUS, correlationId: 'CORR-TEMPLATE', client: { address: '10.1.2.3' },
    server: { endpoint: '/services/registry' }, patient: { id: 'PATIENT-TEMPLATE', assigningAuthority: FNR },
    documents: [{ uniqueId: '2.999.1.2.3.4.5', repositoryUniqueId: '2.999.1.2', decision: 'allow' }],
  }));
  let seq = 1;
  let lines: string[] = [];
  let size = 0;
  const flush = (): void => {
    writeFileSync(path.join(auditDir, `segment-${String(seq).padStart(12, '0')}.jsonl`), `${lines.join('\n')}\n`);
    seq += 1;
    lines = [];
    size = 0;
  };
  for (let i = 0; i < records; i++) {
    const line = template.replace('ID-TEMPLATE', `r-${i}`).replace('CORR-TEMPLATE', `c-${i}`).replaceAll('PATIENT-TEMPLATE', patientId(i));
    lines.push(line);
    size += line.length + 1;
    if (size >= SEGMENT_BYTES) flush();
  }
  // what is left is the open segment
  if (lines.length) flush();
}

/** In a fresh process: open the store, note time and RSS, read one patient's newest page. */
async function openOnce(auditDir: string): Promise<{ openMs: number; rssMb: number; pageMs: number }> {
  const t0 = performance.now();
  const store = await FileAuditStore.open(auditDir);
  const openMs = performance.now() - t0;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const t1 = performance.now();
  await store.pageByPatient(cxKey({ id: patientId(12_345), assigningAuthority: FNR }), { limit: 100 });
  const pageMs = performance.now() - t1;
  await store.close();
  return { openMs, rssMb, pageMs };
}

function openInChild(auditDir: string): { openMs: number; rssMb: number; pageMs: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--open', auditDir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`opening the audit trail failed (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { openMs: number; rssMb: number; pageMs: number };
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * @param records - how many records the trail holds
 * @param runs - fresh-process opens (and gateway starts) to take the median of
 */
export async function benchAuditStartup(records: number, runs = 5): Promise<AuditStartup> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'audit-startup-'));
  const auditDir = path.join(root, 'audit');
  try {
    generateTrail(auditDir, records);
    const t0 = performance.now();
    await (await FileAuditStore.open(auditDir)).close();
    const indexSeconds = (performance.now() - t0) / 1000;
    const opens = Array.from({ length: runs }, () => openInChild(auditDir));
    const gatewayStartMs: number[] = [];
    const gatewayRssMb: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const g = await startGatewayProcess({ STORAGE_URL: `file:${root}` });
      gatewayStartMs.push(performance.now() - t);
      gatewayRssMb.push(await rssOf(g.pid));
      await g.stop();
    }
    return {
      records, indexSeconds, openMs: opens.map((o) => o.openMs), openRssMb: opens.map((o) => o.rssMb), pageMs: opens.map((o) => o.pageMs),
      gatewayStartMs, gatewayRssMb,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--open') {
    console.log(JSON.stringify(await openOnce(process.argv[3] as string)));
    return;
  }
  const records = Number(process.argv[2] ?? 1_000_000);
  const r = await benchAuditStartup(records);
  console.log(`${records.toLocaleString('en')} records: index build once ${r.indexSeconds.toFixed(1)} s; `
    + `open median ${median(r.openMs).toFixed(1)} ms, RSS ${median(r.openRssMb).toFixed(0)} MB, newest page ${median(r.pageMs).toFixed(1)} ms; `
    + `gateway start ${median(r.gatewayStartMs).toFixed(0)} ms, RSS ${median(r.gatewayRssMb).toFixed(0)} MB`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => { console.error(e); process.exit(1); });
}
