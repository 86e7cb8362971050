/**
 * ITI-18 requests per second from well-behaved clients, alone and while one attacker sends in a
 * loop the worst XML the default limits still accept (just under XML_MAX_ELEMENTS elements, the
 * costliest message per request to parse), or XML that is refused at the depth limit. The phases
 * alternate, so that all see the same load from the rest of the machine.
 */
import { callSoap, envelope, post } from '../test/support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX, provideAndRegisterRequest, submitObjectsRequest } from '../test/support/xds-messages.js';
import { DEFAULT_XML_LIMITS } from '../src/formats/xml/parse.js';

const QUERY = 'urn:ihe:iti:2007:RegistryStoredQuery';
const PNR = 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b';
const SOAP = 'application/soap+xml; charset=UTF-8';

/** ITI-18 per second alone, and while each attack runs; attacker requests and their mean duration. */
export interface UnderAttackRun {
  readonly normal: number;
  readonly attacked: number;
  readonly attacks: number;
  readonly attackMs: number;
  /** While the attacker sends XML nested 200,000 deep, refused at the depth limit. */
  readonly refusedAttacked: number;
  readonly refusedAttacks: number;
}

/** The worst allowed request: an ITI-18 envelope with as many elements as the limit lets through. */
export function worstAllowedXml(): Buffer {
  const elements = DEFAULT_XML_LIMITS.maxElements - 20;
  return Buffer.from(envelope(QUERY, `<q>${'<e a="1" b="2">t</e>'.repeat(elements)}</q>`));
}

/** A refused request: XML nested 200,000 deep (1.4 MB), which once stalled the gateway for minutes. */
function deepXml(): Buffer {
  return Buffer.from(envelope(QUERY, `${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`));
}

/** Runs the clients for a phase while one attacker loops on `attack`, expecting `status` each time. */
async function whileAttacked(url: string, attack: Buffer, status: number, clients: number, seconds: number): Promise<{ rate: number; attacks: number; attackMs: number }> {
  let stop = false;
  let attacks = 0;
  let attackMs = 0;
  const attacker = (async () => {
    while (!stop) {
      const t0 = performance.now();
      const res = await post(url, SOAP, attack);
      if (res.status !== status) throw new Error(`the attack was answered with HTTP ${res.status}, not ${status}`);
      attacks++;
      attackMs += performance.now() - t0;
    }
  })();
  const rate = await queriesPerSecond(url, clients, seconds);
  stop = true;
  await attacker;
  return { rate, attacks, attackMs: attacks ? attackMs / attacks : 0 };
}

async function queriesPerSecond(url: string, clients: number, seconds: number): Promise<number> {
  let ok = 0;
  const end = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (Date.now() < end) {
      const res = await callSoap(url, QUERY, findDocumentsRequest(NORWEGIAN_PATIENT_CX));
      if (res.status === 200 && res.envelope.includes('ResponseStatusType:Success')) ok++;
    }
  }));
  return ok / ((performance.now() - started) / 1000);
}

/**
 * Stores one document, then alternates `runs` times: clients alone, clients with the attacker.
 * @param baseUrl - the gateway
 * @param opts - clients, seconds per phase, runs
 */
export async function measureUnderAttack(baseUrl: string, opts: { clients: number; seconds: number; runs: number }): Promise<UnderAttackRun[]> {
  const m = submitObjectsRequest();
  await callSoap(`${baseUrl}/services/repository`, PNR, provideAndRegisterRequest(m.xml, { inline: Buffer.from('bench') }));
  const url = `${baseUrl}/services/registry`;
  const worst = worstAllowedXml();
  const deep = deepXml();
  await queriesPerSecond(url, opts.clients, 1); // warm-up
  const out: UnderAttackRun[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const normal = await queriesPerSecond(url, opts.clients, opts.seconds);
    const allowed = await whileAttacked(url, worst, 200, opts.clients, opts.seconds);
    const refused = await whileAttacked(url, deep, 400, opts.clients, opts.seconds);
    out.push({ normal, attacked: allowed.rate, attacks: allowed.attacks, attackMs: allowed.attackMs, refusedAttacked: refused.rate, refusedAttacks: refused.attacks });
  }
  return out;
}
