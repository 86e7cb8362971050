/**
 * WS-Addressing 1.0 for IHE web services: reading the request headers (with the ReplyTo and
 * FaultTo endpoint references of an asynchronous exchange), checking mustUnderstand, and the
 * headers of a response (Action + "Response", RelatesTo, a new MessageID; To and the echoed
 * reference parameters when the response goes to a ReplyTo address).
 * See WS-Addressing 1.0 Core 2-3, SOAP Binding 2-6; ITI TF-2 Appendix V.3, V.5; SOAP 1.2 Part 1 5.2.3.
 */
import { randomUUID } from 'node:crypto';
import { NS, type XmlElement } from '../../formats/xml/tree.js';
import { escapeText } from '../../formats/xml/write.js';
import { SoapFault, type QNameRef } from './fault.js';
import { referenceParameterHeaders } from './reference-parameters.js';

/** An endpoint reference: where a message goes, and what it must carry back. WS-Addressing 1.0 Core 2.1 */
export interface EndpointReference {
  readonly address: string;
  /** The children of wsa:ReferenceParameters, echoed as header blocks (SOAP Binding 2.3). */
  readonly referenceParameters: readonly XmlElement[];
}

export interface AddressingHeaders {
  readonly action: string;
  readonly messageId?: string;
  readonly to?: string;
  readonly replyTo?: EndpointReference;
  readonly faultTo?: EndpointReference;
}

const ROLE_NEXT = 'http://www.w3.org/2003/05/soap-envelope/role/next';
const ROLE_ULTIMATE = 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver';
const MUST_UNDERSTAND = `{${NS.soap12}}mustUnderstand`;
const ROLE = `{${NS.soap12}}role`;
/** Addresses meaning "reply on this connection" (WS-A 1.0, and the 2004 submission's role URI some clients still send). */
const ANONYMOUS = new Set([
  'http://www.w3.org/2005/08/addressing/anonymous',
  'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous',
]);
/** "Send no reply" (WS-A 1.0 Core 2.1). As ReplyTo it keeps the synchronous exchange, as before. */
const WSA_NONE = 'http://www.w3.org/2005/08/addressing/none';
/** Single-valued message addressing properties (WS-A 1.0 Core 3.1). */
const SINGLE = ['Action', 'MessageID', 'To', 'ReplyTo', 'FaultTo', 'From'] as const;
/** Header blocks this transport processes: WS-A, and wsse:Security (handed to the XUA check). */
const UNDERSTOOD_WSA = new Set(['Action', 'MessageID', 'To', 'ReplyTo', 'FaultTo', 'From', 'RelatesTo']);

/**
 * Reads the WS-Addressing 1.0 headers. Whether a ReplyTo address is acceptable depends on the
 * transaction, so it is decided by dispatch (reply-route.ts), not here.
 * @param blocks - the children of env:Header
 * @returns the addressing properties
 * @throws SoapFault ACTION_MISSING, ADDRESSING_CARDINALITY
 */
export function readAddressing(blocks: readonly XmlElement[]): AddressingHeaders {
  const wsa = blocks.filter((b) => b.ns === NS.wsa);
  for (const name of SINGLE) {
    if (wsa.filter((b) => b.local === name).length > 1) throw new SoapFault('ADDRESSING_CARDINALITY', [name]);
  }
  const text = (name: string): string | undefined => wsa.find((b) => b.local === name)?.text.trim();
  const action = text('Action');
  if (!action) throw new SoapFault('ACTION_MISSING');
  const replyTo = endpointReference(wsa.find((b) => b.local === 'ReplyTo'));
  const faultTo = endpointReference(wsa.find((b) => b.local === 'FaultTo'));
  const messageId = text('MessageID');
  const to = text('To');
  return {
    action,
    ...(messageId ? { messageId } : {}),
    ...(to ? { to } : {}),
    ...(replyTo ? { replyTo } : {}),
    ...(faultTo ? { faultTo } : {}),
  };
}

/** An EPR header; one without an Address counts as absent (anonymous), as it always has here. */
function endpointReference(el: XmlElement | undefined): EndpointReference | undefined {
  const address = el?.children.find((c) => c.ns === NS.wsa && c.local === 'Address')?.text.trim();
  if (!el || !address) return undefined;
  const params = el.children.find((c) => c.ns === NS.wsa && c.local === 'ReferenceParameters');
  return { address, referenceParameters: params?.children ?? [] };
}

/**
 * Whether replies to this EPR travel on the request's own HTTP connection: no EPR, the
 * anonymous address, or "none" (which this gateway answers synchronously, as before).
 * WS-Addressing 1.0 Core 3.2; SOAP Binding 5.2.
 * @param epr - a ReplyTo or FaultTo
 */
export function onBackChannel(epr: EndpointReference | undefined): boolean {
  return epr === undefined || ANONYMOUS.has(epr.address) || epr.address === WSA_NONE;
}

/**
 * Refuses header blocks marked env:mustUnderstand="true" that this node does not process.
 * Only the SOAP-namespace attribute counts: a wsa:mustUnderstand (sent by some clients,
 * schema-invalid) is deliberately ignored rather than refused.
 * @param blocks - the children of env:Header
 * @throws SoapFault NOT_UNDERSTOOD naming every such block
 */
export function checkMustUnderstand(blocks: readonly XmlElement[]): void {
  const missed: QNameRef[] = [];
  for (const b of blocks) {
    const mu = b.attrs[MUST_UNDERSTAND]?.trim();
    if (mu !== 'true' && mu !== '1') continue;
    const role = b.attrs[ROLE]?.trim();
    if (role !== undefined && role !== ROLE_NEXT && role !== ROLE_ULTIMATE) continue;
    if (isUnderstood(b)) continue;
    missed.push({ ns: b.ns, local: b.local });
  }
  if (missed.length) throw new SoapFault('NOT_UNDERSTOOD', [missed.map((q) => `{${q.ns}}${q.local}`).join(', ')], missed);
}

function isUnderstood(b: XmlElement): boolean {
  if (b.ns === NS.wsa) return UNDERSTOOD_WSA.has(b.local);
  return b.ns === NS.wsse && b.local === 'Security';
}

/** A new message id, urn:uuid form. */
export function newMessageId(): string {
  return `urn:uuid:${randomUUID()}`;
}

/**
 * The WS-Addressing header blocks of a response (prefixes env and wsa as declared by
 * envelope.ts). ITI TF-2 V.3.2.
 * @param action - the response action
 * @param relatesTo - the request's MessageID, if it had one
 */
export function responseAddressing(action: string, relatesTo: string | undefined): string {
  return `<wsa:Action env:mustUnderstand="true">${escapeText(action)}</wsa:Action>`
    + `<wsa:MessageID>${newMessageId()}</wsa:MessageID>`
    + (relatesTo ? `<wsa:RelatesTo>${escapeText(relatesTo)}</wsa:RelatesTo>` : '');
}

/**
 * The WS-Addressing header blocks of a response sent to a ReplyTo or FaultTo address as a new
 * request: Action, a new MessageID, To = the address, RelatesTo = the request's MessageID, and
 * the EPR's reference parameters. ITI TF-2 Appendix V.5; WS-Addressing 1.0 SOAP Binding 2.3.
 * @param action - the response (or fault) action
 * @param relatesTo - the request's MessageID
 * @param destination - the ReplyTo or FaultTo
 */
export function replyAddressing(action: string, relatesTo: string, destination: EndpointReference): string {
  return responseAddressing(action, relatesTo)
    + `<wsa:To>${escapeText(destination.address)}</wsa:To>`
    + referenceParameterHeaders(destination.referenceParameters);
}
