/**
 * One outbound SOAP 1.2 request/response over HTTP(S): the request sent plain or as MTOM, the
 * answer read as plain SOAP or as an MTOM/XOP package (large parts spill to temp files, so a
 * retrieved document is never held whole in memory), its xop:Include elements resolved.
 * Reuses the inbound MIME parser and envelope reader, so both directions read MTOM alike.
 * See ITI TF-2 Appendix V, SOAP MTOM 4.3, house-style Part C F2.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { DocumentContent } from '../../domain/submission.js';
import { NS, child, type XmlElement } from '../../formats/xml/tree.js';
import { DEFAULT_XML_LIMITS, type XmlLimits } from '../../formats/xml/parse.js';
import { decodeEnvelopeText, readEnvelope } from '../soap/envelope.js';
import { DEFAULT_MULTIPART_LIMITS } from '../soap/multipart-parser.js';
import { SoapFault } from '../soap/fault.js';
import { parseMediaType } from '../soap/media-type.js';
import { mtomContentType, mtomStream, newMtomFrame, readMtomPackage } from '../soap/mtom.js';
import { streamMtomPackage } from './streaming-mtom.js';

export interface ExchangeLimits {
  /** Largest SOAP envelope (root part) accepted. */
  readonly maxXmlBytes: number;
  /** Largest whole answer accepted, MTOM parts included. */
  readonly maxResponseBytes: number;
  /** Folder for spilled parts; os.tmpdir() by default. */
  readonly tempDir?: string | undefined;
  /** Limits of the answer's XML, as for requests (soapXmlLimits). */
  readonly xml?: XmlLimits;
  /** Most MIME parts in an MTOM answer. */
  readonly maxParts?: number;
  /** Attachment bytes an answer holds in memory; further parts go to temp files. */
  readonly memoryBytes?: number;
}

/** How the parts of an MTOM answer are read. */
export interface PartHandling {
  /**
   * Relay document parts to their reader as they arrive (ITI-39) instead of storing the whole
   * answer first; the exchange then returns as soon as the envelope is in.
   */
  readonly stream: boolean;
  /** With `stream`: a community silent this long during a document fails it. */
  readonly idleMs: number;
}

export interface ExchangeRequest {
  readonly url: URL;
  readonly agent: http.Agent;
  readonly action: string;
  readonly envelope: string;
  /** Send the request as an MTOM package (ITI-39) rather than application/soap+xml. */
  readonly mtom: boolean;
  readonly signal: AbortSignal;
  readonly limits: ExchangeLimits;
  readonly parts?: PartHandling;
}

/** An answer: the single child of env:Body, and what releases its temp files. */
export interface ExchangeReply {
  readonly status: number;
  readonly body: XmlElement;
  cleanup(): Promise<void>;
}

/** Why a call failed. `retryable`: nothing was processed (no connection, or a bare 502/503/504). */
export class RemoteCallError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'RemoteCallError';
  }
}

const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
const PLAIN_TYPES = new Set(['application/soap+xml', 'text/xml', 'application/xml']);
const NO_PARTS: ReadonlyMap<string, DocumentContent> = new Map();
const noCleanup = async (): Promise<void> => {};

async function requestBytes(r: ExchangeRequest): Promise<{ contentType: string; body: Buffer }> {
  if (!r.mtom) return { contentType: `application/soap+xml; charset=UTF-8; action="${r.action}"`, body: Buffer.from(r.envelope, 'utf8') };
  const frame = newMtomFrame();
  const chunks: Buffer[] = [];
  for await (const c of mtomStream(frame, r.envelope, [])) chunks.push(c);
  return { contentType: mtomContentType(frame, r.action), body: Buffer.concat(chunks) };
}

/** Sends the request; resolves with the response head, its body still to be read. */
function send(r: ExchangeRequest, contentType: string, body: Buffer): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const lib = r.url.protocol === 'https:' ? https : http;
    const req = lib.request(r.url, {
      method: 'POST', agent: r.agent, signal: r.signal,
      headers: { 'content-type': contentType, 'content-length': body.length, accept: 'multipart/related, application/soap+xml' },
    }, resolve);
    req.on('error', (e: NodeJS.ErrnoException) => reject(connectionError(e)));
    req.end(body);
  });
}

/**
 * A failed connection as a RemoteCallError, retryable when nothing can have been processed;
 * an abort (the caller's deadline) passes through unchanged.
 * @param e - the request's error
 */
export function connectionError(e: NodeJS.ErrnoException): Error {
  if (e.name === 'AbortError') return e;
  const code = e.code ?? e.name;
  return new RemoteCallError(`connection failed (${code})`, RETRYABLE_CODES.has(code));
}

/** The body chunks, refused beyond `max` bytes. */
async function* capped(source: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > max) throw new RemoteCallError(`the answer is larger than ${max} bytes`, false);
    yield chunk;
  }
}

async function readWhole(source: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of capped(source, max)) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Reads the answer into envelope text and parts, by its Content-Type. */
async function receive(res: IncomingMessage, limits: ExchangeLimits, handling: PartHandling | undefined): Promise<{ text: string; parts: ReadonlyMap<string, DocumentContent>; mtom: boolean; cleanup: () => Promise<void> }> {
  const status = res.statusCode ?? 0;
  const type = parseMediaType(res.headers['content-type']);
  if (type?.type === 'multipart/related' && handling?.stream) {
    const pkg = await streamMtomPackage(res, type, { maxRootBytes: limits.maxXmlBytes, idleMs: handling.idleMs, maxBytes: limits.maxResponseBytes,
      maxParts: limits.maxParts ?? DEFAULT_MULTIPART_LIMITS.maxParts, tempDir: limits.tempDir });
    try {
      return { text: decodeEnvelopeText(pkg.root, pkg.rootContentType), parts: pkg.parts, mtom: true, cleanup: () => pkg.release() };
    } catch (e) {
      await pkg.release();
      throw e;
    }
  }
  if (type?.type === 'multipart/related') {
    const pkg = await readMtomPackage(capped(res, limits.maxResponseBytes), type, {
      maxRootBytes: limits.maxXmlBytes, ...(limits.tempDir ? { tempDir: limits.tempDir } : {}),
      ...(limits.memoryBytes === undefined ? {} : { memoryBytes: limits.memoryBytes }),
      multipart: { ...DEFAULT_MULTIPART_LIMITS, ...(limits.maxParts === undefined ? {} : { maxParts: limits.maxParts }) },
    });
    try {
      return { text: decodeEnvelopeText(pkg.root, pkg.rootContentType), parts: pkg.parts, mtom: true, cleanup: () => pkg.cleanup() };
    } catch (e) {
      await pkg.cleanup();
      throw e;
    }
  }
  if (!type || !PLAIN_TYPES.has(type.type)) {
    res.resume();
    throw new RemoteCallError(`HTTP ${status} with Content-Type ${res.headers['content-type'] ?? '(none)'}`, status === 502 || status === 503 || status === 504);
  }
  const bytes = await readWhole(res, Math.min(limits.maxXmlBytes, limits.maxResponseBytes));
  return { text: decodeEnvelopeText(bytes, type), parts: NO_PARTS, mtom: false, cleanup: noCleanup };
}

/** "Sender: reason" of a SOAP 1.2 fault. */
function faultText(fault: XmlElement): string {
  const code = child(fault, NS.soap12, 'Code');
  const value = code && child(code, NS.soap12, 'Value')?.text.trim();
  const reason = child(fault, NS.soap12, 'Reason');
  const text = reason && child(reason, NS.soap12, 'Text')?.text.trim();
  return `${value ?? 'fault'}: ${text ?? '(no reason)'}`;
}

/**
 * Performs the exchange.
 * @param r - destination, agent, action, envelope, framing, abort signal and limits
 * @returns the answer's body element; call cleanup() once its documents have been read
 * @throws RemoteCallError (connection, HTTP, SOAP fault, unreadable answer) or the AbortError of `signal`
 */
export async function soapExchange(r: ExchangeRequest): Promise<ExchangeReply> {
  const { contentType, body } = await requestBytes(r);
  const res = await send(r, contentType, body);
  let received;
  try {
    received = await receive(res, r.limits, r.parts);
  } catch (e) {
    if (e instanceof SoapFault) throw new RemoteCallError(`unreadable answer: ${e.reason}`, false);
    throw e;
  }
  try {
    const message = await readEnvelope(received.text, received.parts, received.mtom, r.limits.xml ?? DEFAULT_XML_LIMITS);
    if (message.body.ns === NS.soap12 && message.body.local === 'Fault') throw new RemoteCallError(`SOAP fault ${faultText(message.body)}`, false);
    if ((res.statusCode ?? 0) >= 300) throw new RemoteCallError(`HTTP ${res.statusCode} without a SOAP fault`, false);
    return { status: res.statusCode ?? 0, body: message.body, cleanup: received.cleanup };
  } catch (e) {
    await received.cleanup();
    if (e instanceof SoapFault) throw new RemoteCallError(`unreadable answer: ${e.reason}`, false);
    throw e;
  }
}
