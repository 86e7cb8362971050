/**
 * What reading FHIR found wrong: a FHIR issue type, a message for the sender and the FHIRPath
 * of the element at fault, ready for an OperationOutcome issue (severity, code, diagnostics,
 * expression). Readers collect every issue instead of stopping at the first.
 */
import type { FhirIssueType } from '../../errors/mapping.js';

/** The FHIR issue types reading reports (http://hl7.org/fhir/R4/valueset-issue-type.html). */
export type FhirReadIssueType = Extract<FhirIssueType, 'structure' | 'required' | 'value' | 'invalid' | 'not-supported' | 'too-costly'>;

export interface FhirIssue {
  readonly severity: 'error' | 'warning';
  readonly code: FhirReadIssueType;
  readonly diagnostics: string;
  /** FHIRPath of the element at fault, e.g. `DocumentReference.content[0].attachment.hash`. */
  readonly expression: string;
}

/** A value read from FHIR together with what was found on the way. */
export interface Decoded<T> {
  readonly value: T;
  readonly issues: readonly FhirIssue[];
}

/** Collects issues while one resource is read. */
export class IssueList {
  readonly issues: FhirIssue[] = [];

  error(expression: string, diagnostics: string, code: FhirReadIssueType = 'invalid'): void {
    this.issues.push({ severity: 'error', code, diagnostics, expression });
  }

  warning(expression: string, diagnostics: string, code: FhirReadIssueType = 'invalid'): void {
    this.issues.push({ severity: 'warning', code, diagnostics, expression });
  }
}

/** True when any issue is an error, i.e. the resource is refused. */
export function hasFhirErrors(issues: readonly FhirIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
