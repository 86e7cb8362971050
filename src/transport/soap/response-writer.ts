/**
 * Writes SOAP responses onto an HTTP response, or serialises them for a reply sent to a ReplyTo
 * address (asynchronous exchange): MTOM (multipart/related) when the request was MTOM,
 * otherwise application/soap+xml with each xop:Include replaced by the base64 of its
 * attachment. Attachments are streamed in both cases, never joined in memory.
 * See ITI TF-2 Appendix V, SOAP MTOM 4.3, SOAP 1.2 Part 2 7.
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OutgoingAttachment } from '../../transactions/types.js';
import { responseAddressing } from './addressing.js';
import type { SoapOutcome } from './dispatch.js';
import { envelopeAround } from './envelope.js';
import { faultElement, faultHeaderBlocks, type SoapFault } from './fault.js';
import { contentIdFromCidUrl } from './media-type.js';
import { mtomContentType, mtomStream, newMtomFrame } from './mtom.js';

/** An xop:Include element in our own response bodies (any prefix, self-closed or empty). */
const XOP_INCLUDE = /<(?:[A-Za-z_][\w.-]*:)?Include\b[^>]*?\bhref\s*=\s*["']([^"']*)["'][^>]*?(?:\/>|>\s*<\/(?:[A-Za-z_][\w.-]*:)?Include\s*>)/g;
const EMPTY = Buffer.alloc(0);

/** A response outcome (not a fault). */
export type ResponseOutcome = Extract<SoapOutcome, { kind: 'response' }>;

/** A serialised SOAP message: its Content-Type and a producer of its bytes. */
export interface SerializedSoap {
  readonly contentType: string;
  /** True when the bytes are produced from attachment streams (else they are small). */
  readonly streamed: boolean;
  /** The bytes; each call reads attachments from their sources again. */
  open(): AsyncIterable<Buffer>;
}

/**
 * Serialises a response: MTOM (multipart/related) or plain SOAP with each xop:Include replaced
 * by base64 of its attachment. Attachment references are checked here, before anything is sent.
 * See SOAP MTOM 4.3, XOP 1.0; ITI TF-2 Appendix V.
 * @param outcome - the response
 * @param mtom - whether to send MTOM
 * @param headerBlocks - the serialised header blocks (addressing)
 * @returns the message
 * @throws Error when the body names an attachment the handler did not supply
 */
export function serializeResponse(outcome: ResponseOutcome, mtom: boolean, headerBlocks: string): SerializedSoap {
  const { head, tail } = envelopeAround(headerBlocks);
  const streamed = outcome.attachments.length > 0;
  if (mtom) {
    const frame = newMtomFrame();
    return { contentType: mtomContentType(frame, outcome.action), streamed,
      open: () => mtomStream(frame, head + outcome.body + tail, outcome.attachments) };
  }
  if (!streamed) {
    const bytes = Buffer.from(head + outcome.body + tail, 'utf8');
    return { contentType: soapContentType(outcome.action), streamed, open: async function* () { yield bytes; } };
  }
  const includes = findIncludes(outcome.body, outcome.attachments);
  return { contentType: soapContentType(outcome.action), streamed, open: () => inlineStream(head, outcome.body, tail, includes) };
}

/**
 * The text of a fault envelope.
 * @param fault - the fault
 * @param addressing - the serialised addressing header blocks
 */
export function faultEnvelope(fault: SoapFault, addressing: string): { contentType: string; text: string } {
  const { head, tail } = envelopeAround(addressing + faultHeaderBlocks(fault));
  return { contentType: soapContentType(fault.action), text: head + faultElement(fault) + tail };
}

/**
 * Sends a dispatch outcome.
 * @param res - the HTTP response (headers not yet sent)
 * @param outcome - response or fault
 * @param mtom - whether the request was MTOM (the response then is too)
 */
export async function writeOutcome(res: ServerResponse, outcome: SoapOutcome, mtom: boolean): Promise<void> {
  if (outcome.kind === 'fault') {
    writeFault(res, outcome.fault, outcome.relatesTo);
    return;
  }
  const message = serializeResponse(outcome, mtom, responseAddressing(outcome.action, outcome.relatesTo));
  res.statusCode = 200;
  res.setHeader('Content-Type', message.contentType);
  // without attachments the message is small: one write with a Content-Length, no stream machinery
  if (!message.streamed) await endWith(res, message.open());
  else await pipeline(Readable.from(message.open(), { objectMode: false }), res);
}

/**
 * Sends a SOAP 1.2 fault as application/soap+xml.
 * @param res - the HTTP response
 * @param fault - the fault
 * @param relatesTo - the request's MessageID, when known
 * @param close - also close the connection (used when the request body was not read to its end)
 */
export function writeFault(res: ServerResponse, fault: SoapFault, relatesTo?: string, close = false): void {
  const { contentType, text } = faultEnvelope(fault, responseAddressing(fault.action, relatesTo));
  res.statusCode = fault.httpStatus;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  if (close) res.setHeader('Connection', 'close');
  res.end(text);
}

async function endWith(res: ServerResponse, parts: AsyncIterable<Buffer>): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const p of parts) chunks.push(p);
  const bytes = Buffer.concat(chunks);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

function soapContentType(action: string): string {
  return `application/soap+xml; charset=UTF-8; action="${action.replace(/[\r\n"]/g, '')}"`;
}

interface Include { readonly start: number; readonly end: number; readonly att: OutgoingAttachment }

/**
 * Where the body refers to attachments, found before anything is sent.
 * @throws Error when the body names an attachment that is not there (a handler bug)
 */
function findIncludes(body: string, attachments: readonly OutgoingAttachment[]): Include[] {
  const byId = new Map(attachments.map((a) => [a.contentId, a]));
  return [...body.matchAll(XOP_INCLUDE)].map((m) => {
    const id = contentIdFromCidUrl(m[1] ?? '') ?? '';
    const att = byId.get(id);
    if (!att) throw new Error(`response body refers to attachment ${id}, which the handler did not supply`);
    return { start: m.index, end: m.index + m[0].length, att };
  });
}

/** The body with each xop:Include replaced by base64 of the attachment it names. */
async function* inlineStream(head: string, body: string, tail: string, includes: readonly Include[]): AsyncGenerator<Buffer> {
  yield Buffer.from(head, 'utf8');
  let at = 0;
  for (const inc of includes) {
    yield Buffer.from(body.slice(at, inc.start), 'utf8');
    yield* base64Of(inc.att.open());
    at = inc.end;
  }
  yield Buffer.from(body.slice(at) + tail, 'utf8');
}

/** Base64 of a byte stream, chunk by chunk (3-byte groups carried across chunks). */
async function* base64Of(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let carry: Buffer = EMPTY;
  for await (const chunk of source) {
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = carry.length ? Buffer.concat([carry, c]) : c;
    const whole = buf.length - (buf.length % 3);
    if (whole) yield Buffer.from(buf.toString('base64', 0, whole), 'latin1');
    carry = Buffer.from(buf.subarray(whole));
  }
  if (carry.length) yield Buffer.from(carry.toString('base64'), 'latin1');
}
