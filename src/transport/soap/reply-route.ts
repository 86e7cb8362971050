/**
 * Where a response goes: back on the request's HTTP connection (the synchronous exchange), or
 * to the request's wsa:ReplyTo / wsa:FaultTo address (the Asynchronous Web Services Exchange,
 * ITI TF-2 Appendix V.5, which a Responding Gateway SHALL support for ITI-38 and ITI-39,
 * 3.38.1 and 3.39.1). Decided, and refused with a fault, before anything is accepted.
 *
 * The address is the caller's: sending to it would let anyone make this gateway call any
 * host, so only http(s) addresses on the operator's allow-list (XCA_ASYNC_REPLY_HOSTS) are
 * taken, and an empty list refuses every asynchronous request.
 */
import type { SoapTransaction } from '../../transactions/types.js';
import { onBackChannel, type AddressingHeaders, type EndpointReference } from './addressing.js';
import { SoapFault } from './fault.js';

/** The destinations of an asynchronous exchange. */
export interface AsyncReplyRoute {
  readonly replyTo: EndpointReference;
  /**
   * Where a fault raised after the 202 goes: FaultTo when it names an address, else ReplyTo;
   * undefined when FaultTo is anonymous or "none", which leaves such a fault nowhere to go.
   */
  readonly faultTo: EndpointReference | undefined;
  /** The request's MessageID, for wsa:RelatesTo. */
  readonly relatesTo: string;
}

/**
 * @param addressing - the request's WS-Addressing headers
 * @param row - the transaction the action selected
 * @param allowedHosts - XCA_ASYNC_REPLY_HOSTS
 * @returns the route of an asynchronous exchange, or undefined for a synchronous one
 * @throws SoapFault ONLY_ANONYMOUS (the row or the configuration does not take asynchronous
 *   requests), MESSAGE_ID_REQUIRED, REPLY_ADDRESS_REFUSED
 */
export function replyRoute(addressing: AddressingHeaders, row: SoapTransaction, allowedHosts: readonly string[]): AsyncReplyRoute | undefined {
  const replyTo = addressing.replyTo;
  if (replyTo === undefined || onBackChannel(replyTo)) return undefined;
  if (row.asyncReply !== true || allowedHosts.length === 0) throw new SoapFault('ONLY_ANONYMOUS', [replyTo.address]);
  if (!addressing.messageId) throw new SoapFault('MESSAGE_ID_REQUIRED');
  checkAddress('ReplyTo', replyTo.address, allowedHosts);
  const faultTo = addressing.faultTo;
  if (faultTo === undefined) return { replyTo, faultTo: replyTo, relatesTo: addressing.messageId };
  if (onBackChannel(faultTo)) return { replyTo, faultTo: undefined, relatesTo: addressing.messageId };
  checkAddress('FaultTo', faultTo.address, allowedHosts);
  return { replyTo, faultTo, relatesTo: addressing.messageId };
}

/** Refuses an address that is not http(s), carries credentials, or names a host not allowed. */
function checkAddress(header: string, address: string, allowedHosts: readonly string[]): void {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new SoapFault('REPLY_ADDRESS_REFUSED', [header, address, 'not an absolute URL']);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SoapFault('REPLY_ADDRESS_REFUSED', [header, address, 'only http and https addresses are called']);
  }
  if (url.username || url.password) throw new SoapFault('REPLY_ADDRESS_REFUSED', [header, address, 'credentials in the address']);
  if (!hostAllowed(url, allowedHosts)) throw new SoapFault('REPLY_ADDRESS_REFUSED', [header, address, 'the host is not on the allow-list']);
}

/**
 * Whether the URL's host (and port) is on the list. Entries are "host" (any port),
 * "host:port", or "*.domain" (any subdomain of domain, not domain itself); names compare
 * case-insensitively, IPv6 literals in brackets.
 * @param url - a parsed http(s) URL
 * @param allowedHosts - the list entries
 */
export function hostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.some((entry) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase());
    const name = m?.[1] ?? '';
    if (m?.[2] !== undefined && Number(m[2]) !== Number(port)) return false;
    return name.startsWith('*.') ? host.endsWith(name.slice(1)) : host === name;
  });
}
