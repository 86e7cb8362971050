/**
 * Receives a SOAP request body by its Content-Type: application/soap+xml read whole under the
 * XML cap, multipart/related (MTOM/XOP) streamed through the MIME parser. See ITI TF-2
 * Appendix V; SOAP 1.2 Part 2 7.1.4 (media type); house-style A6.
 */
import type { IncomingMessage } from 'node:http';
import type { Config } from '../../config/schema.js';
import type { ReceivedSoap } from '../soap/dispatch.js';
import { decodeEnvelopeText } from '../soap/envelope.js';
import { SoapFault } from '../soap/fault.js';
import { parseMediaType } from '../soap/media-type.js';
import { mtomLimits, readMtomPackage } from '../soap/mtom.js';
import { readWholeBody, requestChunks } from './body.js';

/** A received request; cleanup() removes its temp files once the response is out. */
export interface ReceivedRequest extends ReceivedSoap {
  cleanup(): Promise<void>;
}

/** Media types of a plain SOAP body. text/xml is read too, so that a SOAP 1.1 sender gets a VersionMismatch fault. */
const PLAIN_TYPES = new Set(['application/soap+xml', 'text/xml', 'application/xml']);
const NO_PARTS: ReadonlyMap<string, never> = new Map<string, never>();
const noCleanup = async (): Promise<void> => {};

/**
 * Reads the request body.
 * @param req - the request
 * @param config - limits (MAX_REQUEST_BYTES, MAX_XML_BYTES, REQUEST_IDLE_TIMEOUT_MS)
 * @param onChunk - told the size of each chunk read
 * @returns the envelope text and parts
 * @throws SoapFault (415, 413, 408, broken multipart), ClientGoneError
 */
export async function receiveSoap(req: IncomingMessage, config: Config, onChunk?: (bytes: number) => void): Promise<ReceivedRequest> {
  const type = parseMediaType(req.headers['content-type']);
  const isMultipart = type?.type === 'multipart/related';
  if (!type || (!isMultipart && !PLAIN_TYPES.has(type.type))) {
    throw new SoapFault('UNSUPPORTED_MEDIA_TYPE', [req.headers['content-type'] ?? '(none)']);
  }
  const maxBytes = isMultipart ? config.MAX_REQUEST_BYTES : Math.min(config.MAX_REQUEST_BYTES, config.MAX_XML_BYTES);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new SoapFault('REQUEST_TOO_LARGE', [maxBytes]);
  const limits = { maxBytes, idleMs: config.REQUEST_IDLE_TIMEOUT_MS, ...(onChunk ? { onChunk } : {}) };
  if (!isMultipart) {
    const bytes = await readWholeBody(req, limits);
    return { rootXml: decodeEnvelopeText(bytes, type), parts: NO_PARTS, mtom: false, cleanup: noCleanup };
  }
  const pkg = await readMtomPackage(requestChunks(req, limits), type, mtomLimits(config));
  try {
    return { rootXml: decodeEnvelopeText(pkg.root, pkg.rootContentType), parts: pkg.parts, mtom: true, cleanup: () => pkg.cleanup() };
  } catch (e) {
    await pkg.cleanup();
    throw e;
  }
}
