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
}

export const ANONYMOUS: SecurityContext = Object.freeze({ kind: 'anonymous' });
