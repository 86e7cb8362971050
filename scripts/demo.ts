/**
 * `npm run demo`: a first exchange with a running gateway, from the messages in examples/.
 * Submits the example document (ITI-41), finds it by patient (ITI-18), retrieves it (ITI-43),
 * checks that the bytes are those submitted, and prints each step and the document's SHA-1.
 * Fresh unique ids each run, so it can run again against the same gateway.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SOAP_ACTION } from '../src/domain/vocabulary.js';
import { parseXml } from '../src/formats/xml/parse.js';
import { NS, type XmlElement } from '../src/formats/xml/tree.js';
import { CliError, EXIT, EXIT_CODES_HELP, oneLine, parseCommand, runWhenMain } from './cli/command.js';
import { EXAMPLE } from './demo/example-ids.js';

const HELP = `npm run demo -- [--url <gateway base URL>] [--profile norway|ihe-generic]
Submits examples/iti41-<profile>.xml (ITI-41), finds it (ITI-18) and retrieves it (ITI-43) from a
running gateway (npm start), and prints what happened and the retrieved document's SHA-1.
  --url       the gateway (default http://127.0.0.1:8080)
  --profile   which example to submit; it must match the gateway's METADATA_PROFILE (default norway)
${EXIT_CODES_HELP}`;

const SPEC = {
  name: 'demo', help: HELP,
  options: { url: { type: 'string', default: 'http://127.0.0.1:8080' }, profile: { type: 'string', default: 'norway' } },
} as const;

const ACTION = { iti41: SOAP_ACTION.provideAndRegister, iti18: SOAP_ACTION.registryStoredQuery, iti43: SOAP_ACTION.retrieveDocumentSet } as const;
const SUCCESS = /:(Success|PartialSuccess)$/;
const example = (name: string): string => readFileSync(fileURLToPath(new URL(`../examples/${name}`, import.meta.url)), 'utf8');

function descendants(el: XmlElement, ns: string, local: string, found: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.ns === ns && c.local === local) found.push(c);
    descendants(c, ns, local, found);
  }
  return found;
}
function slot(el: XmlElement, name: string): string | undefined {
  const s = descendants(el, NS.rim, 'Slot').find((x) => x.attrs.name === name);
  return s && descendants(s, NS.rim, 'Value')[0]?.text;
}

/** Replaces an id where it stands as a whole attribute value or element text. */
const replaceId = (xml: string, from: string, to: string): string =>
  xml.replace(new RegExp(`(?<=[>"'])${from.replace(/[.^&]/g, '\\$&')}(?=[<"'])`, 'g'), to);
const freshMessageId = (xml: string): string => xml.replace(/<wsa:MessageID>[^<]*</, `<wsa:MessageID>urn:uuid:${randomUUID()}<`);
/** The examples' fixed entryUUIDs (00000000-0000-4000-8000-…) replaced by fresh ones, so that a submission can be repeated. */
const freshEntryUuids = (xml: string): string => xml.replace(/urn:uuid:00000000-0000-4000-8000-\d{12}/g, () => `urn:uuid:${randomUUID()}`);

/** POSTs a SOAP 1.2 message and returns the parsed envelope's Body child. */
async function post(url: string, action: string, xml: string): Promise<XmlElement> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: xml, headers: { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? oneLine(e);
    throw new CliError(`cannot reach the gateway at ${url} (${why}); start it with npm start, or give --url`, EXIT.unreachable);
  }
  const text = await res.text();
  let body: XmlElement | undefined;
  try {
    body = parseXml(text).children.find((c) => c.ns === NS.soap12 && c.local === 'Body')?.children[0];
  } catch { /* reported below */ }
  if (!body) throw new CliError(`${url} answered HTTP ${res.status} without a SOAP body: ${text.slice(0, 200)}`, EXIT.failed);
  if (body.local === 'Fault') {
    const noTicket = descendants(body, NS.soap12, 'Value').some((v) => v.text.trim().endsWith(':SecurityTokenUnavailable'));
    const hint = noTicket ? '; the demo sends no XUA ticket, so run it against a gateway with XUA_MODE=optional or off' : '';
    throw new CliError(`${url} answered with a SOAP fault: ${descendants(body, NS.soap12, 'Text')[0]?.text ?? '?'}${hint}`, EXIT.failed);
  }
  return body;
}

/** Throws with the RegistryErrors when the response's status is not Success or PartialSuccess. */
function expectSuccess(step: string, response: XmlElement): string {
  const status = response.attrs.status ?? descendants(response, NS.rs, 'RegistryResponse')[0]?.attrs.status ?? '';
  const errors = descendants(response, NS.rs, 'RegistryError');
  if (!SUCCESS.test(status)) {
    const first = errors.slice(0, 3).map((e) => `${e.attrs.errorCode}: ${e.attrs.codeContext}`).join('; ');
    const hint = errors.some((e) => /^\[(no|ihe)\./.test(e.attrs.codeContext ?? '')) ? '; does --profile match the gateway\'s METADATA_PROFILE?' : '';
    throw new CliError(`${step} failed (${status.split(':').pop() || 'no status'}): ${first || 'no RegistryError'}${hint}`, EXIT.failed);
  }
  return `${status.split(':').pop()}${errors.length ? `, ${errors.length} warning(s)` : ''}`;
}

/**
 * Runs the demo.
 * @param argv - the arguments after the script name
 * @param out - where progress lines go
 * @returns the exit code (errors the user can act on are thrown as CliError)
 */
export async function runDemo(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const parsed = parseCommand(SPEC, argv, out);
  if (!parsed) return EXIT.ok;
  const { url, profile } = parsed.values as { url: string; profile: string };
  if (profile !== 'norway' && profile !== 'ihe-generic') throw new CliError(`unknown profile "${profile}"; give norway or ihe-generic`);
  const base = url.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(base)) throw new CliError(`--url must be a base URL such as http://127.0.0.1:8080, got "${url}"`);

  const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const documentUniqueId = `2.999.1.3.${run}.1`;
  let iti41 = freshEntryUuids(freshMessageId(example(`iti41-${profile}.xml`)));
  iti41 = replaceId(replaceId(iti41, EXAMPLE.documentUniqueId, documentUniqueId), EXAMPLE.submissionSetUniqueId, `2.999.1.3.${run}.2`);
  const patientCx = /identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" value="([^"]+)"/.exec(iti41)?.[1] ?? '';
  const sent = Buffer.from(EXAMPLE.documentText);
  const sentSha1 = createHash('sha1').update(sent).digest('hex');

  out(`ITI-41 submit ${documentUniqueId} (${sent.length} bytes, text/plain) for patient ${patientCx.replace(/&amp;/g, '&')} to ${base}/services/repository`);
  out(`  -> ${expectSuccess('ITI-41', await post(`${base}/services/repository`, ACTION.iti41, iti41))}`);

  const iti18 = freshMessageId(example('iti18-find-documents.xml')).replace(/(\$XDSDocumentEntryPatientId[^]*?<rim:Value>')[^']*'/, `$1${patientCx}'`);
  out(`ITI-18 FindDocuments for the same patient at ${base}/services/registry`);
  const found = await post(`${base}/services/registry`, ACTION.iti18, iti18);
  const summary = expectSuccess('ITI-18', found);
  const entries = descendants(found, NS.rim, 'ExtrinsicObject');
  const ours = entries.find((e) => descendants(e, NS.rim, 'ExternalIdentifier').some((x) => x.attrs.value === documentUniqueId));
  if (!ours) throw new CliError(`ITI-18 found ${entries.length} document(s), but not ${documentUniqueId}`, EXIT.failed);
  const repositoryUniqueId = slot(ours, 'repositoryUniqueId') ?? '';
  out(`  -> ${summary}: ${entries.length} document(s), ours among them (repository ${repositoryUniqueId}, hash ${slot(ours, 'hash')}, size ${slot(ours, 'size')})`);

  const iti43 = replaceId(replaceId(freshMessageId(example('iti43-retrieve.xml')), EXAMPLE.documentUniqueId, documentUniqueId), EXAMPLE.repositoryUniqueId, repositoryUniqueId);
  out(`ITI-43 retrieve ${documentUniqueId} from ${base}/services/repository`);
  const retrieved = await post(`${base}/services/repository`, ACTION.iti43, iti43);
  const retrieveSummary = expectSuccess('ITI-43', retrieved);
  const doc = descendants(retrieved, NS.xdsb, 'Document')[0];
  const bytes = Buffer.from(doc?.text ?? '', 'base64');
  const sha1 = createHash('sha1').update(bytes).digest('hex');
  out(`  -> ${retrieveSummary}: ${bytes.length} bytes, SHA-1 ${sha1}`);
  if (sha1 !== sentSha1) throw new CliError(`the retrieved document differs from the submitted one (SHA-1 ${sha1}, sent ${sentSha1})`, EXIT.failed);
  out(`done: stored, found and retrieved; the retrieved document's SHA-1 ${sha1} is that of the submitted one`);
  return EXIT.ok;
}

runWhenMain(import.meta.url, 'demo', (argv) => runDemo(argv, (l) => console.log(l)));
