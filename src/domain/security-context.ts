import type { Code, Cx } from './datatypes.js';

/**
 * Who is asking, as established by a verified SAML ticket or JWT (or anonymous when XUA is off).
 * The access policy and the audit trail read this and nothing else about the caller.
 */
export interface SecurityContext {
  readonly kind: 'anonymous' | 'health-personnel' | 'citizen' | 'system';
  readonly subjectId?: string;
  readonly subjectName?: string;
  readonly hprNumber?: string;
  readonly role?: Code;
  readonly organizationName?: string;
  readonly organizationId?: string;
  readonly childOrganizationId?: string;
  readonly childOrganizationName?: string;
  readonly facility?: Code;
  readonly purposeOfUse?: Code;
  readonly decisionReference?: string;
  readonly patientId?: Cx;
  readonly homeCommunityId?: string;
  readonly acpCodes?: readonly string[];
  readonly bppcDocIds?: readonly string[];
  readonly issuer?: string;
  readonly assertionId?: string;
  // --- added for XUA / HelseID (norway-profile.md §4.3, §5.2); all optional, additive
  /** How the caller was established: a SAML ticket (ITI-40) or a HelseID JWT. */
  readonly tokenType?: 'saml' | 'jwt';
  /** Which attribute names the ticket used: V1, V2, or both side by side (norway-profile §4.1). */
  readonly ticketVersion?: 'v1' | 'v2' | 'hybrid';
  /** provider-identifier II as "root^extension" (HPR number for personnel, FNR for citizens). */
  readonly providerId?: string;
  readonly facilityName?: string;
  /** Trust-framework care_relationship.healthcare_service (Volven 8655, 8663 …). */
  readonly healthcareService?: Code;
  readonly purposeOfUseDetails?: Code;
  /** decision_ref.user_selected: true = self-authorised, false = derived by the system. */
  readonly decisionUserSelected?: boolean;
  readonly decisionDescription?: string;
  /** The patient's own point of care and department in the attest (ATT-23, ATT-57). */
  readonly patientPointOfCare?: string;
  readonly patientPointOfCareName?: string;
  readonly patientDepartment?: string;
  readonly patientDepartmentName?: string;
  /** OAuth scopes (JWT) or the NHN Scope attribute (SAML). */
  readonly scopes?: readonly string[];
  readonly clientId?: string;
  readonly clientName?: string;
  readonly securityLevel?: string;
  /** Attestation time (toa), ISO 8601. */
  readonly attestedAt?: string;
  /**
   * CX keys that name the ticket's patient too: their other ids in the patient cross-reference
   * (ACCESS_PATIENT_MATCH=xref). Set by the services for one request, never read from a ticket.
   */
  readonly patientAliasKeys?: readonly string[];
  /** ACCESS_PATIENT_MATCH=off: the ticket's patient is not compared with the queried one or the documents'. */
  readonly patientMatchOff?: boolean;
  /** End of the token's validity, ISO 8601. */
  readonly validUntil?: string;
}

export const ANONYMOUS: SecurityContext = Object.freeze({ kind: 'anonymous' });
