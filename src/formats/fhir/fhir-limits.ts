/**
 * Limits on FHIR input, checked before the input is parsed or converted, so that a hostile
 * request costs bounded time and memory: total size, nesting depth, items in one array, and
 * items overall.
 */

export interface FhirLimits {
  /** Largest input accepted, in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Deepest nesting of objects and arrays (JSON) or elements (XML). */
  readonly maxDepth: number;
  /** Most items in one array (JSON) or repetitions of one element (XML). */
  readonly maxArrayLength: number;
  /** Most values (JSON) or elements (XML) in the whole input. */
  readonly maxItems: number;
}

/** Defaults sized for an ITI-65 Bundle with its documents inline as base64. */
export const DEFAULT_FHIR_LIMITS: FhirLimits = { maxBytes: 64 * 1024 * 1024, maxDepth: 48, maxArrayLength: 10_000, maxItems: 2_000_000 };
