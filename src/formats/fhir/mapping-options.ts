/**
 * What the FHIR mappings need from their caller besides the resource: how code systems are
 * named, how document URLs are built and read, and how patients are referenced. Mappings do no
 * I/O; a lookup (PIXm, the Bundle's Patient entry) comes in as a function.
 */
import type { Cx } from '../../domain/datatypes.js';
import { DEFAULT_CODE_SYSTEM_NAMING, type CodeSystemNaming } from './code-systems.js';
import { cxFromIdentifier, cxToIdentifier } from './datatypes.js';
import type { IssueList } from './decode-issues.js';
import type { DocumentLocator } from './document-locator.js';
import type { Reference } from './resources.js';

export interface FhirMappingOptions {
  /** Code-system naming; the well-known systems when not given. */
  readonly naming?: CodeSystemNaming;
  /** Builds and reads attachment URLs; without one, the URL is neither written nor read. */
  readonly locator?: DocumentLocator;
  /** A literal reference for a patient id (e.g. `Patient/123`); the identifier alone when undefined. */
  readonly patientReference?: (patientId: Cx) => string | undefined;
  /** The patient id of a literal subject reference (a Bundle's Patient entry, a PIXm lookup). */
  readonly resolvePatient?: (reference: string) => Cx | undefined;
}

/** The naming to use. */
export function namingOf(options: FhirMappingOptions): CodeSystemNaming {
  return options.naming ?? DEFAULT_CODE_SYSTEM_NAMING;
}

/**
 * The subject Reference of a patient id: its identifier (`urn:oid:` of the assigning authority),
 * plus a literal reference when the caller gives one. ITI TF-2 3.65.4.1.2.2
 */
export function patientToReference(patientId: Cx, options: FhirMappingOptions): Reference {
  const reference = options.patientReference?.(patientId);
  return { ...(reference ? { reference } : {}), identifier: cxToIdentifier(patientId) };
}

/**
 * The patient id of a subject Reference: its identifier, else what the caller resolves the
 * literal reference to. An unresolvable reference is an error at `at`.
 */
export function patientFromReference(ref: Reference | undefined, options: FhirMappingOptions, issues: IssueList, at: string): Cx | undefined {
  if (!ref) return undefined;
  const byIdentifier = cxFromIdentifier(ref.identifier);
  if (byIdentifier) return byIdentifier;
  const resolved = ref.reference ? options.resolvePatient?.(ref.reference) : undefined;
  if (!resolved) issues.error(at, `the patient ${ref.reference ?? '(no reference)'} has no urn:oid: identifier and cannot be resolved to one`);
  return resolved;
}
