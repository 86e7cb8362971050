/**
 * ITI-18 requests per second from well-behaved clients, alone and while one attacker sends the
 * worst XML the default limits still accept (just under XML_MAX_ELEMENTS elements, the costliest
 * message per request to parse) in a loop. Alone and attacked alternate, so that both see the
 * same load from the rest of the machine.
 */
import { callSoap, envelope, post } from '../test/support/soap-client.js';
import { findDocumentsRequest, NORWEGIAN_PATIENT_CX, provideAndRegisterRequest, submitObjectsRequest } from '../test/support/xds-messages.js';
import { DEFAULT_XML_LIMITS } from '../src/formats/xml/parse.js';

const QUERY = 'urn:ihe:iti:2007:RegistryStoredQuery';
const PNR = 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b';
const SOAP = 'application/soap+xml; charset=UTF-8';

export interface UnderAttackRun { readonly normal: number; readonly attacked: number; readonly attacks: number; readonly attackMs: number }

/** The worst allowed request: an ITI-18 envelope with as many elements as the limit lets through. */
export function worstAllowedXml(): Buffer {
  const elements = DEFAULT_XML_LIMITS.maxElements - 20;
  return Buffer.from(envelope(QUERY, `<q>${'<e a="1" b="2">t</e>'.repeat(elements)}</q>`));
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
  const attack = worstAllowedXml();
  await queriesPerSecond(url, opts.clients, 1); // warm-up
  const out: UnderAttackRun[] = [];
  for (let r = 0; r < opts.runs; r++) {
    const normal = await queriesPerSecond(url, opts.clients, opts.seconds);
    let stop = false;
    let attacks = 0;
    let attackMs = 0;
    const attacker = (async () => {
      while (!stop) {
        const t0 = performance.now();
        const res = await post(url, SOAP, attack);
        if (res.status !== 200) throw new Error(`the worst allowed XML was refused: HTTP ${res.status}`);
        attacks++;
        attackMs += performance.now() - t0;
      }
    })();
    const attacked = await queriesPerSecond(url, opts.clients, opts.seconds);
    stop = true;
    await attacker;
    out.push({ normal, attacked, attacks, attackMs: attacks ? attackMs / attacks : 0 });
  }
  return out;
}
