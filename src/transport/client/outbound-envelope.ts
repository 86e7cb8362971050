/**
 * Request envelopes the gateway sends: SOAP 1.2 with the WS-Addressing 1.0 headers of a
 * synchronous IHE exchange, and the caller's SAML assertion passed on in a fresh
 * wsse:Security header. ITI TF-2 Appendix V.3 (addressing), ITI TF-2 3.40.4.1 (XUA),
 * OASIS WSS 1.1 SAML Token Profile 3.4 (assertion in wsse:Security).
 */
import { NS } from '../../formats/xml/tree.js';
import { escapeText } from '../../formats/xml/write.js';
import { envelopeAround } from '../soap/envelope.js';

const ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
/** How long a receiver may accept the message's timestamp; the assertion's own lifetime governs the rest. */
const TIMESTAMP_LIFETIME_MS = 5 * 60_000;

export interface OutboundEnvelope {
  readonly action: string;
  readonly to: string;
  readonly messageId: string;
  /** The body element, namespaces bound. */
  readonly body: string;
  /** The caller's SAML assertion as received (its inherited namespace declarations added). */
  readonly samlAssertion?: string | undefined;
  readonly now?: Date;
}

/**
 * The wsse:Security header carrying the assertion. Only the assertion is passed on: the
 * caller's own timestamp and any message signature belonged to the caller's message, so a
 * new wsu:Timestamp is written. The assertion text is inserted as received, so its
 * enveloped signature still verifies.
 */
function securityHeader(assertion: string, now: Date): string {
  const created = now.toISOString();
  const expires = new Date(now.getTime() + TIMESTAMP_LIFETIME_MS).toISOString();
  return `<wsse:Security xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}">`
    + `<wsu:Timestamp><wsu:Created>${created}</wsu:Created><wsu:Expires>${expires}</wsu:Expires></wsu:Timestamp>`
    + `${assertion}</wsse:Security>`;
}

/**
 * Writes a request envelope.
 * @param e - action, destination, message id, body and the assertion to pass on
 * @returns the envelope text
 */
export function outboundEnvelope(e: OutboundEnvelope): string {
  const security = e.samlAssertion ? securityHeader(e.samlAssertion, e.now ?? new Date()) : '';
  const { head, tail } = envelopeAround(`<wsa:Action env:mustUnderstand="true">${escapeText(e.action)}</wsa:Action>`
    + `<wsa:MessageID>${escapeText(e.messageId)}</wsa:MessageID>`
    + `<wsa:ReplyTo><wsa:Address>${ANONYMOUS}</wsa:Address></wsa:ReplyTo>`
    + `<wsa:To env:mustUnderstand="true">${escapeText(e.to)}</wsa:To>`
    + security);
  return head + e.body + tail;
}
