/**
 * Cost of XUA ticket verification per request (verifySamlTicket alone; the SOAP envelope is
 * parsed by the transport either way): a ticket seen for the first time (signature with
 * xml-crypto, attributes) and a repeated ticket (verification cache, time checks, replay
 * register). Tickets are realistic Norwegian hybrid V1+V2 tickets (about 10 KB) signed by
 * xmlsec1. Goals: first sight < 8 ms, repeated < 0.3 ms.
 * Standalone: npx tsx bench/xua-verification.ts
 */
import { parseXml } from '../src/formats/xml/parse.js';
import { NS, child } from '../src/formats/xml/tree.js';
import { verifySamlTicket } from '../src/transport/security/saml.js';
import { createXuaSettings, loadTrustedCerts } from '../src/transport/security/xua-settings.js';
import { testKeys, testNow } from '../test/support/saml-signer.js';
import { TEST_AUDIENCE, TEST_ISSUER, signedEnvelope } from '../test/support/saml-tickets.js';

export interface XuaBenchResult {
  /** Wall-clock milliseconds per first-sight verification, one per distinct ticket. */
  readonly firstSightMs: readonly number[];
  /** CPU milliseconds (user + system) of the same calls: steadier on a shared machine. */
  readonly firstSightCpuMs: readonly number[];
  /** Milliseconds per repeated verification, one per batch (mean over the batch). */
  readonly repeatedMs: readonly number[];
  readonly repeatedCpuMs: readonly number[];
  readonly ticketBytes: number;
}

/** Wall and CPU milliseconds of one call. */
function timed(fn: () => void): [number, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(c);
  return [wall, (cpu.user + cpu.system) / 1000];
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : Number.NaN;
};

/**
 * @param o - how many distinct tickets, and repeated batches of which size
 * @returns per-call timings
 */
export function measureXuaVerification(o: { tickets?: number; batches?: number; batchSize?: number } = {}): XuaBenchResult {
  const now = testNow();
  const settings = createXuaSettings({
    mode: 'required', trustedCerts: loadTrustedCerts(testKeys().trustDir), audiences: [TEST_AUDIENCE], issuers: [TEST_ISSUER],
  });
  const requests = Array.from({ length: o.tickets ?? 40 }, () => {
    const { xml } = signedEnvelope({ now, inheritNamespaces: true });
    const header = child(parseXml(xml), NS.soap12, 'Header');
    return { xml, security: header && child(header, NS.wsse, 'Security') };
  });
  const verify = (r: (typeof requests)[number], s = settings): void => {
    const v = verifySamlTicket(r.security, r.xml, s, now);
    if (!v.ok) throw new Error(`bench ticket refused: ${v.reason}`);
  };
  // Warm the JIT as a running server is warm: every ticket through the full path with
  // throw-away caches. The measured settings have never seen any of them.
  for (let round = 0; round < 5; round++) {
    const scratch = createXuaSettings({ ...settings, mode: 'required' });
    for (const r of requests) verify(r, scratch);
  }
  const first = requests.map((r) => timed(() => verify(r)));
  const repeated = requests[0] as (typeof requests)[number];
  const n = o.batchSize ?? 2000;
  const batches = Array.from({ length: o.batches ?? 7 }, () => timed(() => { for (let i = 0; i < n; i++) verify(repeated); }));
  const firstSightMs = first.map(([w]) => w);
  const firstSightCpuMs = first.map(([, c]) => c);
  const repeatedMs = batches.map(([w]) => w / n);
  const repeatedCpuMs = batches.map(([, c]) => c / n);
  return { firstSightMs, firstSightCpuMs, repeatedMs, repeatedCpuMs, ticketBytes: /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(repeated.xml)?.[0].length ?? 0 };
}

/** Medians of a run, for bench/run.ts's report. */
export function summariseXua(r: XuaBenchResult): Record<string, number> {
  const sorted = [...r.firstSightMs].sort((a, b) => a - b);
  return {
    xua_first_sight_median_ms: median(r.firstSightMs),
    xua_first_sight_p90_ms: sorted[Math.floor(sorted.length * 0.9)] ?? Number.NaN,
    xua_first_sight_cpu_median_ms: median(r.firstSightCpuMs),
    xua_repeated_median_ms: median(r.repeatedMs),
    xua_repeated_cpu_median_ms: median(r.repeatedCpuMs),
  };
}

if (process.argv[1]?.endsWith('xua-verification.ts')) {
  const r = measureXuaVerification();
  console.log(`xua ticket of ${r.ticketBytes} bytes (goals: first sight < 8 ms, repeated < 0.3 ms)`);
  for (const [k, v] of Object.entries(summariseXua(r))) console.log(`${k.padEnd(32)} ${v.toFixed(4)}`);
}
