/**
 * The identifiers written into examples/ (scripts/build-examples.ts). `npm run demo` replaces the
 * unique ids with fresh ones so that it can run again against the same gateway.
 */
export const EXAMPLE = {
  /** The gateway's defaults (README "Settings"): test OIDs under 2.999. */
  homeCommunityId: 'urn:oid:2.999.1.1',
  repositoryUniqueId: '2.999.1.2',
  documentUniqueId: '2.999.1.3.1',
  submissionSetUniqueId: '2.999.1.3.2',
  genericPatientId: 'DEMO-1001',
  genericPatientAuthority: '1.3.6.1.4.1.21367.13.20.1000',
  documentText: 'Epikrise (eksempel)\nSyntetisk pasient; dette dokumentet er laget for å prøve gatewayen.\n',
  mtomBoundary: 'MIMEBoundary_example_iti41',
} as const;
