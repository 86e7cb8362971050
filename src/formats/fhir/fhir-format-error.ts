/**
 * Raised by the FHIR codecs for input that is not acceptable: not JSON or XML, not a FHIR
 * resource of a type the gateway reads, over a limit, or malformed in a way that stops reading.
 * It carries the FHIR issue type and the FHIRPath of the element at fault, for the
 * OperationOutcome; the message is safe to show to the sender.
 */
import type { FhirReadIssueType } from './decode-issues.js';

export class FhirFormatError extends Error {
  readonly issueType: FhirReadIssueType;
  readonly expression: string | undefined;

  constructor(issueType: FhirReadIssueType, message: string, expression?: string) {
    super(message);
    this.name = 'FhirFormatError';
    this.issueType = issueType;
    this.expression = expression;
  }
}
