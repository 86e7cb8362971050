/**
 * The FHIR R4 OperationOutcome (http://hl7.org/fhir/R4/operationoutcome.html): the one builder
 * every FHIR error of the gateway goes through, from free text or from catalogue issues
 * (mapped by errors/mapping.ts).
 */
import type { Issue } from '../../errors/issue.js';
import { errorMapping, type FhirIssueType } from '../../errors/mapping.js';

export interface OperationOutcomeIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: FhirIssueType;
  readonly diagnostics: string;
  /** The element or parameter at fault. */
  readonly expression?: readonly string[];
}

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly OperationOutcomeIssue[];
}

/**
 * @param code - the issue type
 * @param diagnostics - what went wrong, for the caller
 * @returns an OperationOutcome with one error issue
 */
export function operationOutcome(code: FhirIssueType, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/**
 * @param issues - catalogue issues, e.g. of an XdsError
 * @returns the OperationOutcome and the HTTP status of its first error (200 when there is none)
 */
export function operationOutcomeFromIssues(issues: readonly Issue[]): { status: number; body: OperationOutcome } {
  let status = 200;
  const issue = issues.map((i): OperationOutcomeIssue => {
    const { fhir } = errorMapping(i.messageId);
    if (i.severity === 'Error' && status === 200) status = fhir.http;
    return {
      severity: i.severity === 'Error' ? 'error' : 'warning', code: fhir.type, diagnostics: `${i.code}: ${i.codeContext}`,
      ...(i.location ? { expression: [i.location] } : {}),
    };
  });
  return { status, body: { resourceType: 'OperationOutcome', issue } };
}
