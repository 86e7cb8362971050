/**
 * XUA ticket inspector: npm run xua -- inspect <ticket.xml> [--at <ISO time>] [--trust <dir>]
 *   [--audience <uri>]… [--issuer <uri>]… [--skew <seconds>]
 * The file may hold a SOAP envelope, a wsse:Security header or a bare saml2:Assertion. Prints
 * the verdict, every failed check and the principal. When the signature does not verify, the
 * principal read from the unverified text is shown too, clearly marked, to help diagnosis.
 * Audiences and issuers default to XUA_AUDIENCES / XUA_ISSUERS, the trust folder to XUA_TRUST_DIR.
 * Exit code: 0 accepted, 1 refused, 2 usage error (also an empty or unreadable trust folder or ticket file).
 */
import { readFileSync } from 'node:fs';
import { parseXml } from '../src/formats/xml/parse.js';
import { NS, child, type XmlElement } from '../src/formats/xml/tree.js';
import { principalFromAssertion } from '../src/transport/security/norwegian-attributes.js';
import { readSignedAssertion } from '../src/transport/security/saml-assertion.js';
import { checkAssertion } from '../src/transport/security/saml-checks.js';
import { locateAssertion } from '../src/transport/security/saml-locate.js';
import { verifySamlTicket } from '../src/transport/security/saml.js';
import { createXuaSettings, loadTrustedCerts, type XuaSettings } from '../src/transport/security/xua-settings.js';

interface Options { file: string; at: Date; trust?: string; audiences: string[]; issuers: string[]; skew: number }

const USAGE = 'usage: npm run xua -- inspect <ticket.xml> [--at <ISO time>] [--trust <dir>] [--audience <uri>]… [--issuer <uri>]… [--skew <seconds>]';
const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

function parseArgs(argv: readonly string[]): Options | string {
  const [command, file, ...rest] = argv;
  if (command !== 'inspect' || !file) return USAGE;
  const o: Options = { file, at: new Date(), audiences: [], issuers: [], skew: Number(process.env.XUA_CLOCK_SKEW_SECONDS ?? 300) };
  const trust = process.env.XUA_TRUST_DIR;
  if (trust) o.trust = trust;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) return `${flag} needs a value\n${USAGE}`;
    if (flag === '--at') o.at = new Date(value);
    else if (flag === '--trust') o.trust = value;
    else if (flag === '--audience') o.audiences.push(value);
    else if (flag === '--issuer') o.issuers.push(value);
    else if (flag === '--skew') o.skew = Number(value);
    else return `unknown option ${flag}\n${USAGE}`;
  }
  if (Number.isNaN(o.at.getTime())) return `--at is not an ISO time\n${USAGE}`;
  if (!o.audiences.length) o.audiences = list(process.env.XUA_AUDIENCES);
  if (!o.issuers.length) o.issuers = list(process.env.XUA_ISSUERS);
  return o;
}

/** The Security header and the raw text it was parsed from, whatever the file holds. */
function securityOf(text: string): { header: XmlElement | undefined; raw: string } {
  const root = parseXml(text);
  if (root.ns === NS.soap12 || root.local === 'Envelope') {
    const header = root.children.find((c) => c.local === 'Header');
    return { header: header && child(header, NS.wsse, 'Security'), raw: text };
  }
  if (root.ns === NS.wsse && root.local === 'Security') return { header: root, raw: text };
  const raw = `<wsse:Security xmlns:wsse="${NS.wsse}">${text.replace(/^<\?xml[^>]*\?>/, '')}</wsse:Security>`;
  return { header: parseXml(raw), raw };
}

/** For a refused ticket: what the unverified text says, and which other checks it would fail. */
function unverified(header: XmlElement | undefined, raw: string, settings: XuaSettings, at: Date): void {
  const loc = header && locateAssertion(header, raw);
  if (!loc || loc.kind !== 'found') return;
  const a = readSignedAssertion(loc.assertion.xml);
  const more = checkAssertion(a, settings, at).map((f) => f.message);
  if (more.length) console.log(`checks on the unverified content:\n${more.map((m) => `  - ${m}`).join('\n')}`);
  const p = principalFromAssertion(a, settings.citizenIssuers, settings.syntheticPatients);
  console.log('principal (UNVERIFIED, not to be trusted):');
  console.log(JSON.stringify(p.ok ? p.context : p.failures.map((f) => f.message), null, 2));
}

/**
 * The settings and the ticket, or the one-line reason they cannot be had (an empty or unreadable
 * trust folder, an unreadable ticket file, a file that is not XML): a usage problem, not a stack trace.
 */
function prepare(o: Options): { settings: XuaSettings; header: XmlElement | undefined; raw: string } | string {
  try {
    const settings = createXuaSettings({
      mode: 'required', trustedCerts: o.trust ? loadTrustedCerts(o.trust) : [],
      audiences: o.audiences, issuers: o.issuers, clockSkewSeconds: o.skew,
    });
    let text: string;
    try {
      text = readFileSync(o.file, 'utf8');
    } catch (e) {
      return `the ticket file ${o.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
    return { settings, ...securityOf(text) };
  } catch (e) {
    return (e as Error).message;
  }
}

function main(): number {
  const o = parseArgs(process.argv.slice(2));
  if (typeof o === 'string') { console.error(o); return 2; }
  const prepared = prepare(o);
  if (typeof prepared === 'string') { console.error(`xua inspect: ${prepared}`); return 2; }
  const { settings, header, raw } = prepared;
  console.log(`checked at ${o.at.toISOString()} against ${settings.trustedCerts.length} pinned certificate(s)`
    + `${o.audiences.length ? '' : '; audience not checked (no XUA_AUDIENCES)'}${o.issuers.length ? '' : '; any issuer'}`);
  const v = verifySamlTicket(header, raw, settings, o.at);
  if (v.ok) {
    console.log('verdict: ACCEPTED');
    console.log('principal:');
    console.log(JSON.stringify(v.context, null, 2));
    return 0;
  }
  console.log(`verdict: REFUSED (${v.faultCode})`);
  console.log(`failed checks:\n${v.failures.map((f) => `  - ${f}`).join('\n')}`);
  unverified(header, raw, settings, o.at);
  return 1;
}

process.exitCode = main();
