import { createHash } from 'node:crypto';
import type { DocumentContent } from '../../domain/submission.js';

/**
 * Document bytes held in memory as DocumentContent, and the base64 text of
 * unoptimised (non-MTOM) messages. ITI TF-2 3.41.4.1.2, Appendix V.
 */

/**
 * Wraps bytes as DocumentContent with their size and SHA-1 (lower-case hex).
 * @param bytes - the document
 * @returns content that can be opened any number of times
 */
export function contentFromBytes(bytes: Uint8Array): DocumentContent {
  return {
    size: bytes.byteLength,
    sha1: createHash('sha1').update(bytes).digest('hex'),
    bytes,
    async *open() { yield bytes; },
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes base64 element text (line breaks and spaces allowed, as xs:base64Binary permits).
 * @param text - the element text
 * @returns the bytes, or undefined when the text is not base64
 */
export function bytesFromBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/** Base64 text of bytes. */
export function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
