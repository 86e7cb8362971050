/**
 * Keys and tickets of the conformance runner's XUA variant. The test identity provider's key
 * is made with openssl under .tmp/conformance/xua/keys (reused while its certificate is valid,
 * so a gateway started with that trust folder can be tested again with --url); tickets are
 * Norwegian health-personnel tickets (purpose TREAT) signed by xmlsec1, one per patient and
 * reused for every request about that patient, as EPJ systems reuse theirs (signing spawns a
 * process; the gateway caches verification by assertion). See docs/conformance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NS } from '../../src/formats/xml/tree.js';
import { createTestKeys, openTestKeys, signWithXmlsec, type TestKeyPair, type TestKeys } from '../../test/support/saml-signer.js';
import { assertionTemplate, TEST_AUDIENCE, TEST_ISSUER } from '../../test/support/saml-tickets.js';

/** Keys are made anew when their certificate would expire within this time (tickets live an hour). */
const MIN_KEY_VALIDITY_MS = 6 * 3600_000;

/**
 * The test identity provider's keys: those under `dir` when still valid, else new ones.
 * @param dir - e.g. .tmp/conformance/xua/keys
 * @returns the keys, and whether they were made now
 */
export function xuaKeys(dir: string): { keys: TestKeys; made: boolean } {
  const existing = openTestKeys(dir, MIN_KEY_VALIDITY_MS);
  return existing ? { keys: existing, made: false } : { keys: createTestKeys(dir), made: true };
}

/**
 * The gateway settings under which the runner's tickets are valid and required.
 * @param keys - the test identity provider's keys
 * @returns environment variables for the gateway (interface.md "XUA")
 */
export function xuaGatewayEnv(keys: TestKeys): Record<string, string> {
  return { XUA_MODE: 'required', XUA_TRUST_DIR: keys.trustDir, XUA_AUDIENCES: TEST_AUDIENCE, XUA_ISSUERS: TEST_ISSUER };
}

export interface TicketBookOptions {
  /** Where to keep a copy of each ticket (for `npm run xua -- inspect`); none when undefined. */
  readonly dir?: string;
  readonly now?: () => Date;
  /** The signer; xmlsec1 unless given (tests count calls). */
  readonly sign?: (xml: string, pair: TestKeyPair) => string;
}

/** Signed tickets by patient: each patient's ticket is signed once and then reused. */
export class TicketBook {
  private readonly tickets = new Map<string, string>();
  private readonly now: () => Date;
  private readonly sign: (xml: string, pair: TestKeyPair) => string;

  /**
   * @param signer - the trusted identity provider's key pair
   * @param opts - where to keep copies, the clock and the signer
   */
  constructor(private readonly signer: TestKeyPair, private readonly opts: TicketBookOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.sign = opts.sign ?? signWithXmlsec;
  }

  /** How many tickets were signed. */
  get signed(): number {
    return this.tickets.size;
  }

  /**
   * The ticket of a patient: a health-personnel ticket (a physician, role LE, purpose TREAT)
   * whose resource-id is the patient, signed on first use.
   * @param patientCx - the patient id as the runner writes it (id^^^&OID&ISO)
   * @returns the signed saml2:Assertion text
   */
  ticketFor(patientCx: string): string {
    const known = this.tickets.get(patientCx);
    if (known) return known;
    const { xml } = assertionTemplate({ now: this.now(), patientCx, purposes: ['TREAT'] });
    const ticket = this.sign(xml, this.signer).replace(/^<\?xml[^>]*\?>\s*/, '');
    this.tickets.set(patientCx, ticket);
    if (this.opts.dir) this.keep(patientCx, ticket);
    return ticket;
  }

  private keep(patientCx: string, ticket: string): void {
    const dir = this.opts.dir ?? '';
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${patientCx.replace(/[^\w.-]+/g, '_')}.xml`), ticket);
  }
}

/**
 * The wsse:Security header carrying a ticket, with a wsu:Timestamp of this request (15 minutes,
 * as NHN's requests carry).
 * @param assertion - the signed assertion
 * @param now - the time of the request
 * @returns the header block as XML text
 */
export function securityHeader(assertion: string, now: Date = new Date()): string {
  const expires = new Date(now.getTime() + 900_000);
  return `<wsse:Security xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}">`
    + `<wsu:Timestamp><wsu:Created>${now.toISOString()}</wsu:Created><wsu:Expires>${expires.toISOString()}</wsu:Expires></wsu:Timestamp>`
    + `${assertion}</wsse:Security>`;
}
