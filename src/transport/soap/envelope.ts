/**
 * SOAP 1.2 envelopes: reading the request envelope (with XOP includes resolved) and building
 * response envelopes. See SOAP 1.2 Part 1 5 (envelope structure), XOP 1.0 3 (xop:Include),
 * ITI TF-2 Appendix V.
 */
import { isUtf8 } from 'node:buffer';
import type { DocumentContent } from '../../domain/submission.js';
import type { Config } from '../../config/schema.js';
import { DEFAULT_XML_LIMITS, parseXml, parseXmlYielding, XmlParseError, type XmlLimits } from '../../formats/xml/parse.js';
import { NS, type XmlElement } from '../../formats/xml/tree.js';
import { SoapFault } from './fault.js';
import { contentIdFromCidUrl, type MediaType } from './media-type.js';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * A request as the transport sees it, before dispatch. Internal to transport/: the XUA check
 * reads the raw envelope text and the wsse:Security header from here.
 */
export interface InboundSoapMessage {
  /** The root XML text exactly as received (decoded from UTF-8). */
  readonly rawEnvelope: string;
  readonly envelope: XmlElement;
  /** The children of env:Header, in order (empty without a Header). */
  readonly headerBlocks: readonly XmlElement[];
  /** The wsse:Security header block, if any. */
  readonly securityHeader: XmlElement | undefined;
  /** The single child of env:Body. */
  readonly body: XmlElement;
  /** True when the request came as multipart/related (MTOM/XOP). */
  readonly mtom: boolean;
  /** MIME parts other than the root, by Content-ID. */
  readonly parts: ReadonlyMap<string, DocumentContent>;
}

/**
 * Decodes the bytes of an envelope. Only UTF-8 (and its subset US-ASCII) is accepted, and
 * only when it is valid: a malformed byte sequence is refused, never replaced.
 * @param bytes - the root part or plain request body
 * @param type - its media type (for the charset parameter)
 * @throws SoapFault UNSUPPORTED_CHARSET, EMPTY_BODY, INVALID_UTF8
 */
export function decodeEnvelopeText(bytes: Buffer, type: MediaType | undefined): string {
  const charset = type?.params.get('charset')?.toLowerCase();
  if (charset !== undefined && !UTF8_NAMES.has(charset)) throw new SoapFault('UNSUPPORTED_CHARSET', [charset]);
  if (bytes.length === 0) throw new SoapFault('EMPTY_BODY');
  // Replacing bad sequences with U+FFFD would store text the sender never sent (XML 1.0 4.3.3).
  if (!isUtf8(bytes)) throw new SoapFault('INVALID_UTF8', [firstBadUtf8Offset(bytes)]);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Where the first malformed UTF-8 sequence starts; only called once the bytes are known to hold one. */
function firstBadUtf8Offset(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // the longest valid prefix, by bisection; a cut inside a sequence is allowed at the end (stream mode)
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * The XML limits of a SOAP message from the settings: the parser limits, the SOAP Header and
 * SAML assertion caps, and the parsing budget. See README "Limits".
 * @param config - the XML_*, SOAP_MAX_HEADER_CHARS, XUA_MAX_TICKET_CHARS and REQUEST_CPU_BUDGET_MS settings
 * @returns the limits for parseXmlYielding
 */
export function soapXmlLimits(config: Pick<Config, 'XML_MAX_DEPTH' | 'XML_MAX_ELEMENTS' | 'XML_MAX_ATTRIBUTES'
  | 'XML_MAX_NAMESPACE_DECLARATIONS' | 'XML_MAX_TEXT_CHARS' | 'SOAP_MAX_HEADER_CHARS' | 'XUA_MAX_TICKET_CHARS' | 'REQUEST_CPU_BUDGET_MS'>): XmlLimits {
  return {
    maxDepth: config.XML_MAX_DEPTH,
    maxElements: config.XML_MAX_ELEMENTS,
    maxAttributes: config.XML_MAX_ATTRIBUTES,
    maxNamespaceDeclarations: config.XML_MAX_NAMESPACE_DECLARATIONS,
    maxTextChars: config.XML_MAX_TEXT_CHARS,
    elementCaps: [
      { ns: NS.soap12, local: 'Header', maxChars: config.SOAP_MAX_HEADER_CHARS, what: 'the SOAP Header' },
      { ns: NS.saml2, local: 'Assertion', maxChars: config.XUA_MAX_TICKET_CHARS, what: 'a SAML assertion' },
    ],
    budgetMs: config.REQUEST_CPU_BUDGET_MS,
  };
}

/**
 * The content of soap:Body exactly as the sender wrote it (without the header, and so without
 * the ticket): the query a query transaction's audit record shows (ITI-18/ITI-38: BALP / DICOM
 * ParticipantObjectQuery is the AdhocQueryRequest as sent; ihe-requirements.md §12).
 * @param message - a parsed envelope
 * @param maxChars - the most characters kept
 * @returns the text between the Body's tags, or undefined when there is none
 */
export function bodyAsReceived(message: Pick<InboundSoapMessage, 'rawEnvelope'>, maxChars: number): string | undefined {
  const raw = message.rawEnvelope;
  const open = /<([A-Za-z_][\w.-]*:)?Body\b[^>]*>/.exec(raw);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const end = raw.lastIndexOf(`</${open[1] ?? ''}Body`);
  return end > start ? raw.slice(start, Math.min(end, start + maxChars)) : undefined;
}

/**
 * Parses a SOAP 1.2 envelope and resolves its xop:Include elements.
 * @param raw - the envelope text
 * @param parts - MIME parts by Content-ID (empty for a plain request)
 * @param mtom - whether the request was multipart
 * @param limits - XML depth and size limits
 * @returns the message
 * @throws SoapFault for XML that is not well-formed, SOAP 1.1, a bad structure or a missing part
 */
export function parseEnvelope(raw: string, parts: ReadonlyMap<string, DocumentContent>, mtom: boolean,
  limits: XmlLimits = DEFAULT_XML_LIMITS): InboundSoapMessage {
  let envelope: XmlElement;
  try {
    envelope = parseXml(raw, limits);
  } catch (e) {
    throw notWellFormed(e);
  }
  return messageFromTree(raw, envelope, parts, mtom);
}

/**
 * As parseEnvelope, for the wire: the event loop runs between slices of the text, and the
 * parsing work is capped by `limits.budgetMs`, so one large or hostile message does not hold
 * up the others.
 * @param raw - the envelope text
 * @param parts - MIME parts by Content-ID (empty for a plain request)
 * @param mtom - whether the request was multipart
 * @param limits - the limits, from soapXmlLimits
 * @returns the message
 * @throws SoapFault as parseEnvelope
 */
export async function readEnvelope(raw: string, parts: ReadonlyMap<string, DocumentContent>, mtom: boolean,
  limits: XmlLimits): Promise<InboundSoapMessage> {
  let envelope: XmlElement;
  try {
    envelope = await parseXmlYielding(raw, limits);
  } catch (e) {
    throw notWellFormed(e);
  }
  return messageFromTree(raw, envelope, parts, mtom);
}

function notWellFormed(e: unknown): unknown {
  return e instanceof XmlParseError ? new SoapFault('NOT_WELL_FORMED', [e.message]) : e;
}

function messageFromTree(raw: string, envelope: XmlElement, parts: ReadonlyMap<string, DocumentContent>, mtom: boolean): InboundSoapMessage {
  if (envelope.local === 'Envelope' && envelope.ns === SOAP11_NS) throw new SoapFault('SOAP11_ENVELOPE');
  if (envelope.local !== 'Envelope' || envelope.ns !== NS.soap12) throw new SoapFault('NOT_AN_ENVELOPE', [envelope.ns, envelope.local]);
  const { header, body } = envelopeParts(envelope);
  if (body.children.length !== 1) throw new SoapFault('BODY_CHILD_COUNT', [body.children.length]);
  const headerBlocks = header?.children ?? [];
  // Only walk the tree when the XOP namespace occurs at all: plain requests skip the walk.
  if (raw.includes(NS.xop)) resolveXopIncludes(envelope, parts);
  return {
    rawEnvelope: raw,
    envelope,
    headerBlocks,
    securityHeader: headerBlocks.find((h) => h.ns === NS.wsse && h.local === 'Security'),
    body: body.children[0] as XmlElement,
    mtom,
    parts,
  };
}

/** Checks Envelope = Header? Body, nothing else (SOAP 1.2 Part 1 5.1). */
function envelopeParts(envelope: XmlElement): { header: XmlElement | undefined; body: XmlElement } {
  const kids = envelope.children;
  const names = kids.map((k) => (k.ns === NS.soap12 ? k.local : `{${k.ns}}${k.local}`)).join(', ') || 'nothing';
  const first = kids[0];
  const hasHeader = first !== undefined && first.ns === NS.soap12 && first.local === 'Header';
  const body = kids[hasHeader ? 1 : 0];
  const ok = body !== undefined && body.ns === NS.soap12 && body.local === 'Body' && kids.length === (hasHeader ? 2 : 1);
  if (!ok) throw new SoapFault('ENVELOPE_STRUCTURE', [names]);
  return { header: hasHeader ? first : undefined, body };
}

/**
 * Sets `binary` on every element that holds an xop:Include, from the part its href names.
 * The xop:Include child stays in `children`; decoders read `binary` first.
 */
function resolveXopIncludes(el: XmlElement, parts: ReadonlyMap<string, DocumentContent>): void {
  for (const c of el.children) {
    if (c.ns === NS.xop && c.local === 'Include') {
      const href = c.attrs.href ?? '';
      const id = contentIdFromCidUrl(href);
      if (id === undefined) throw new SoapFault('XOP_BAD_HREF', [href]);
      const part = parts.get(id) ?? parts.get(href.trim().slice(4));
      if (!part) throw new SoapFault('XOP_PART_MISSING', [`cid:${id}`]);
      el.binary = part;
    } else if (c.children.length) {
      resolveXopIncludes(c, parts);
    }
  }
}

const ENVELOPE_OPEN = `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${NS.soap12}" xmlns:wsa="${NS.wsa}">`;

/**
 * The text of a response envelope around a body, split so that the body (which may be large)
 * is never copied into a bigger string.
 * @param headerBlocks - serialised header blocks (may use the env and wsa prefixes)
 * @returns the text before and after the body
 */
export function envelopeAround(headerBlocks: string): { head: string; tail: string } {
  return {
    head: `${ENVELOPE_OPEN}${headerBlocks ? `<env:Header>${headerBlocks}</env:Header>` : ''}<env:Body>`,
    tail: '</env:Body></env:Envelope>',
  };
}
