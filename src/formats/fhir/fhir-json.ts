/**
 * FHIR JSON (application/fhir+json) ↔ the in-memory resources. Reading checks size, depth and
 * array lengths in one pass over the text before JSON.parse runs, then checks every element
 * against fhir-schema.ts (known elements, JSON types, no empty values, no prototype keys) before
 * anything maps it. See http://hl7.org/fhir/R4/json.html.
 */
import { FhirFormatError } from './fhir-format-error.js';
import { DEFAULT_FHIR_LIMITS, type FhirLimits } from './fhir-limits.js';
import { checkResource } from './fhir-structure.js';
import type { Resource } from './resources.js';

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, COLON = 0x3a;

/**
 * One pass over JSON text enforcing the depth, array-length and item limits; it does not check
 * well-formedness (JSON.parse does that next).
 */
function scanLimits(text: string, limits: FhirLimits): void {
  const arrays: number[] = [];
  const isArray: boolean[] = [];
  let items = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (isArray.length >= limits.maxDepth) throw new FhirFormatError('too-costly', `JSON nested deeper than ${limits.maxDepth}`);
      isArray.push(c === OPEN_ARRAY);
      arrays.push(1);
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      isArray.pop();
      arrays.pop();
    } else if (c === COMMA || c === COLON) {
      if (++items > limits.maxItems) throw new FhirFormatError('too-costly', `more than ${limits.maxItems} JSON values`);
      const top = arrays.length - 1;
      if (c === COMMA && isArray[top] && (arrays[top] = (arrays[top] ?? 0) + 1) > limits.maxArrayLength) {
        throw new FhirFormatError('too-costly', `a JSON array has more than ${limits.maxArrayLength} items`);
      }
    }
  }
}

/**
 * Reads a FHIR resource from JSON text.
 * @param text - the request body as text
 * @param limits - size, depth and array limits
 * @returns the resource, every element checked against the schema
 * @throws FhirFormatError (structure, too-costly or not-supported) with the FHIRPath at fault
 */
export function parseFhirJson(text: string, limits: FhirLimits = DEFAULT_FHIR_LIMITS): Resource {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new FhirFormatError('too-costly', `the resource is larger than ${limits.maxBytes} bytes`);
  scanLimits(text, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FhirFormatError('structure', `not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return checkResource(value, limits);
}

/**
 * Writes a resource as FHIR JSON.
 * @param resource - the resource (as built by the mappings or read by a codec)
 * @returns the JSON text
 */
export function serializeFhirJson(resource: Resource): string {
  return JSON.stringify(resource);
}
