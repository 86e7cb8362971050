/**
 * XUA ticket inspector: npm run xua -- inspect <ticket.xml> [--at <ISO time>] [--trust <dir>]
 *   [--audience <uri>]… [--issuer <uri>]… [--skew <seconds>]
 * The file may hold a SOAP envelope, a wsse:Security header or a bare saml2:Assertion. Prints
 * the verdict, every failed check and the principal. When the signature does not verify, the
 * principal read from the unverified text is shown too, clearly marked, to help diagnosis.
 * Audiences and issuers default to XUA_AUDIENCES / XUA_ISSUERS, the trust folder to XUA_TRUST_DIR.
 * Exit code: 0 accepted, 1 refused, 2 bad usage or unreadable input (one line on stderr, never a stack trace).
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
import { CliError, EXIT, oneLine, parseCommand, runWhenMain } from './cli/command.js';

interface Options { file: string; at: Date; trust?: string; audiences: string[]; issuers: string[]; skew: number }

const HELP = `npm run xua -- inspect <ticket.xml> [--at <ISO time>] [--trust <dir>] [--audience <uri>]… [--issuer <uri>]… [--skew <seconds>]
Checks a SAML ticket (a SOAP envelope, a wsse:Security header or a bare saml2:Assertion) as the
gateway would, and prints the verdict, every failed check and the principal.
  --at        the time to check against (default now)
  --trust     folder of trusted signer certificates, PEM (default XUA_TRUST_DIR)
  --audience  accepted audience, repeatable (default XUA_AUDIENCES)
  --issuer    accepted issuer, repeatable (default XUA_ISSUERS)
  --skew      clock skew in seconds (default XUA_CLOCK_SKEW_SECONDS, else 300)
exit codes: 0 accepted, 1 refused, 2 bad usage or unreadable input`;

const SPEC = {
  name: 'xua', help: HELP, positionals: { min: 2, max: 2 },
  options: {
    at: { type: 'string' }, trust: { type: 'string' }, skew: { type: 'string' },
    audience: { type: 'string', multiple: true, default: [] as string[] }, issuer: { type: 'string', multiple: true, default: [] as string[] },
  },
} as const;
const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

function options(argv: readonly string[]): Options | undefined {
  const parsed = parseCommand(SPEC, argv, (l) => console.log(l));
  if (!parsed) return undefined;
  const [command, file] = parsed.positionals as [string, string];
  if (command !== 'inspect') throw new CliError(`unknown command "${command}"; the command is inspect`);
  const v = parsed.values as { at?: string; trust?: string; skew?: string; audience: string[]; issuer: string[] };
  const at = v.at === undefined ? new Date() : new Date(v.at);
  if (Number.isNaN(at.getTime())) throw new CliError(`--at "${v.at}" is not an ISO time`);
  const skew = Number(v.skew ?? process.env.XUA_CLOCK_SKEW_SECONDS ?? 300);
  if (!Number.isInteger(skew) || skew < 0) throw new CliError(`--skew must be a whole number of seconds, got "${v.skew ?? process.env.XUA_CLOCK_SKEW_SECONDS}"`);
  const trust = v.trust ?? process.env.XUA_TRUST_DIR;
  return {
    file, at, skew, ...(trust ? { trust } : {}),
    audiences: v.audience.length ? v.audience : list(process.env.XUA_AUDIENCES),
    issuers: v.issuer.length ? v.issuer : list(process.env.XUA_ISSUERS),
  };
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

function main(argv: readonly string[]): number {
  const o = options(argv);
  if (!o) return EXIT.ok;
  let trustedCerts;
  try {
    trustedCerts = o.trust ? loadTrustedCerts(o.trust) : [];
  } catch (e) {
    throw new CliError(`--trust ${o.trust}: ${oneLine(e)}`);
  }
  const settings = createXuaSettings({ mode: 'required', trustedCerts, audiences: o.audiences, issuers: o.issuers, clockSkewSeconds: o.skew });
  let text: string;
  try {
    text = readFileSync(o.file, 'utf8');
  } catch (e) {
    throw new CliError(`${o.file}: ${oneLine(e)}`);
  }
  let located;
  try {
    located = securityOf(text);
  } catch (e) {
    throw new CliError(`${o.file}: not readable as XML: ${oneLine(e)}`);
  }
  const { header, raw } = located;
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

runWhenMain(import.meta.url, 'xua', main);
