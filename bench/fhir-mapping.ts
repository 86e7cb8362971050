/**
 * Cost of the MHD FHIR layer alone, per resource: DocumentEntry → DocumentReference → FHIR JSON
 * or XML text, and back (codec checks and mapping included), with a fully populated Norwegian
 * entry; and reading a searchset Bundle of 1,000 DocumentReferences, the size of an ITI-67 page.
 * Standalone: npx tsx bench/fhir-mapping.ts
 */
import { documentEntryFromFhir, documentEntryToFhir } from '../src/formats/fhir/document-reference.js';
import { parseFhirJson, serializeFhirJson } from '../src/formats/fhir/fhir-json.js';
import { serializeFhirXml } from '../src/formats/fhir/fhir-xml-write.js';
import { parseFhirXml } from '../src/formats/fhir/fhir-xml.js';
import type { Bundle, DocumentReference, Resource } from '../src/formats/fhir/resources.js';
import { aFullDocumentEntry, FHIR_OPTIONS } from '../test/support/fhir-samples.js';
import { median } from './lib/stats.js';

export interface FhirBenchResult {
  /** Microseconds per entry written as JSON text / as XML text, one figure per run. */
  readonly writeJsonUs: readonly number[];
  readonly writeXmlUs: readonly number[];
  /** Microseconds per entry read from JSON text / XML text. */
  readonly readJsonUs: readonly number[];
  readonly readXmlUs: readonly number[];
  /** Milliseconds to read a 1,000-entry searchset Bundle from JSON / XML (codec only). */
  readonly bundleJsonMs: readonly number[];
  readonly bundleXmlMs: readonly number[];
  readonly bundleJsonBytes: number;
}

function perCall(n: number, fn: () => void): number {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t) * 1000) / n;
}

/**
 * @param runs - runs per figure (medians are taken over them)
 * @param n - resources per run
 */
export function measureFhirMapping(runs = 5, n = 2000): FhirBenchResult {
  const entry = aFullDocumentEntry();
  const doc = documentEntryToFhir(entry, FHIR_OPTIONS);
  const json = serializeFhirJson(doc);
  const xml = serializeFhirXml(doc);
  const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', total: 1000, entry: Array.from({ length: 1000 }, () => ({ resource: doc })) };
  const bundleJson = serializeFhirJson(bundle);
  const bundleXml = serializeFhirXml(bundle);
  const read = (r: Resource): void => { documentEntryFromFhir(r as DocumentReference, FHIR_OPTIONS); };
  const out: Record<keyof Omit<FhirBenchResult, 'bundleJsonBytes'>, number[]> = {
    writeJsonUs: [], writeXmlUs: [], readJsonUs: [], readXmlUs: [], bundleJsonMs: [], bundleXmlMs: [],
  };
  perCall(n, () => read(parseFhirJson(serializeFhirJson(documentEntryToFhir(entry, FHIR_OPTIONS))))); // warm-up
  for (let r = 0; r < runs; r++) {
    out.writeJsonUs.push(perCall(n, () => serializeFhirJson(documentEntryToFhir(entry, FHIR_OPTIONS))));
    out.writeXmlUs.push(perCall(n, () => serializeFhirXml(documentEntryToFhir(entry, FHIR_OPTIONS))));
    out.readJsonUs.push(perCall(n, () => read(parseFhirJson(json))));
    out.readXmlUs.push(perCall(n, () => read(parseFhirXml(xml))));
    out.bundleJsonMs.push(perCall(3, () => parseFhirJson(bundleJson)) / 1000);
    out.bundleXmlMs.push(perCall(3, () => parseFhirXml(bundleXml)) / 1000);
  }
  return { ...out, bundleJsonBytes: bundleJson.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = measureFhirMapping();
  for (const [k, v] of Object.entries(r)) console.log(k.padEnd(18), Array.isArray(v) ? `median ${median(v).toFixed(1)} of ${v.map((x) => x.toFixed(1)).join(', ')}` : v);
}
