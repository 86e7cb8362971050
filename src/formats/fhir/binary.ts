/**
 * Document content ↔ Binary (http://hl7.org/fhir/R4/binary.html): base64 in Binary.data. Reading
 * checks the base64 strictly (alphabet, padding, length) and the decoded size against a limit
 * before decoding, and gives the SHA-1 and size the repository compares with the metadata.
 * MHD ITI-65 carries each document as a Binary entry (ITI TF-2 3.65.4.1.2).
 */
import { createHash } from 'node:crypto';
import type { DocumentContent } from '../../domain/submission.js';
import type { Binary } from './resources.js';
import { FhirFormatError } from './fhir-format-error.js';

/** A Binary holding the bytes. */
export function binaryFromDocument(bytes: Uint8Array, contentType: string, id?: string): Binary {
  return { resourceType: 'Binary', ...(id ? { id } : {}), contentType, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The document a Binary holds.
 * @param binary - the Binary as read
 * @param maxBytes - largest document accepted
 * @returns the content, held in memory
 * @throws FhirFormatError when data is missing, not base64, or over the limit
 */
export function documentFromBinary(binary: Binary, maxBytes: number): DocumentContent {
  const data = binary.data;
  if (data === undefined) throw new FhirFormatError('required', 'the Binary has no data', 'Binary.data');
  if (data.length % 4 !== 0 || !BASE64.test(data)) throw new FhirFormatError('value', 'Binary.data is not base64', 'Binary.data');
  const size = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (size > maxBytes) throw new FhirFormatError('too-costly', `the document is ${size} bytes, more than the ${maxBytes} accepted`, 'Binary.data');
  const bytes = new Uint8Array(Buffer.from(data, 'base64'));
  return { size: bytes.byteLength, sha1: createHash('sha1').update(bytes).digest('hex'), bytes, async *open() { yield bytes; } };
}
