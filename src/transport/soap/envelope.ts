/**
 * SOAP 1.2 envelopes: reading the request envelope (with XOP includes resolved) and building
 * response envelopes. See SOAP 1.2 Part 1 5 (envelope structure), XOP 1.0 3 (xop:Include),
 * ITI TF-2 Appendix V.
 */
import type { DocumentContent } from '../../domain/submission.js';
import { parseXml, XmlParseError, type XmlLimits, DEFAULT_XML_LIMITS } from '../../formats/xml/parse.js';
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
 * Decodes the bytes of an envelope. Only UTF-8 (and its subset US-ASCII) is accepted.
 * @param bytes - the root part or plain request body
 * @param type - its media type (for the charset parameter)
 * @throws SoapFault UNSUPPORTED_CHARSET, EMPTY_BODY
 */
export function decodeEnvelopeText(bytes: Buffer, type: MediaType | undefined): string {
  const charset = type?.params.get('charset')?.toLowerCase();
  if (charset !== undefined && !UTF8_NAMES.has(charset)) throw new SoapFault('UNSUPPORTED_CHARSET', [charset]);
  if (bytes.length === 0) throw new SoapFault('EMPTY_BODY');
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
    if (e instanceof XmlParseError) throw new SoapFault('NOT_WELL_FORMED', [e.message]);
    throw e;
  }
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
