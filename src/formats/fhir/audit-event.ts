/**
 * The subset of the FHIR R4 AuditEvent resource the gateway writes (http://hl7.org/fhir/R4/auditevent.html),
 * as plain JSON types, and the code systems it uses (IHE BALP, DICOM, HL7 Norway AuditEvent IG).
 * See ihe-requirements.md §12 and norway-profile.md §7.
 */

export interface Coding { readonly system?: string; readonly code: string; readonly display?: string }
export interface CodeableConcept { readonly coding: readonly Coding[]; readonly text?: string }
export interface Identifier { readonly system?: string; readonly value: string }
export interface Reference { readonly identifier?: Identifier; readonly display?: string }

export interface Extension {
  readonly url: string;
  readonly valueString?: string;
  readonly valueBoolean?: boolean;
  readonly valueUnsignedInt?: number;
  readonly valueIdentifier?: Identifier;
  readonly valueReference?: Reference;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly extension?: readonly Extension[];
}

export interface AuditEventAgent {
  readonly extension?: readonly Extension[];
  readonly type?: CodeableConcept;
  readonly role?: readonly CodeableConcept[];
  readonly who?: Reference;
  readonly requestor: boolean;
  readonly policy?: readonly string[];
  readonly network?: { readonly address: string; readonly type: '1' | '2' | '5' };
  readonly purposeOfUse?: readonly CodeableConcept[];
}

export interface AuditEventEntity {
  readonly extension?: readonly Extension[];
  readonly what?: Reference;
  readonly type?: Coding;
  readonly role?: Coding;
  readonly description?: string;
  /** base64 of the query, for role 24. */
  readonly query?: string;
  readonly detail?: readonly { readonly type: string; readonly valueString: string }[];
}

export interface AuditEvent {
  readonly resourceType: 'AuditEvent';
  readonly id: string;
  readonly meta?: { readonly profile?: readonly string[] };
  readonly extension?: readonly Extension[];
  readonly type: Coding;
  readonly subtype?: readonly Coding[];
  readonly action: 'C' | 'R' | 'U' | 'D' | 'E';
  readonly recorded: string;
  /** 0 success, 4 minor failure, 8 serious failure, 12 major failure. */
  readonly outcome: '0' | '4' | '8' | '12';
  readonly outcomeDesc?: string;
  readonly purposeOfEvent?: readonly CodeableConcept[];
  readonly agent: readonly AuditEventAgent[];
  readonly source: { readonly site?: string; readonly observer: Reference; readonly type?: readonly Coding[] };
  readonly entity?: readonly AuditEventEntity[];
}

export const SYSTEMS = {
  dcm: 'http://dicom.nema.org/resources/ontology/DCM',
  auditEventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  restful: 'http://hl7.org/fhir/restful-interaction',
  iheEventType: 'urn:ihe:event-type-code',
  entityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  sourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  balpUserAgent: 'https://profiles.ihe.net/ITI/BALP/CodeSystem/UserAgentTypes',
  balpEntityType: 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType',
} as const;

const BALP = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/';
export const PROFILES = {
  saml: `${BALP}IHE.BasicAudit.SAMLaccessTokenUse.Minimal`,
  oauth: `${BALP}IHE.BasicAudit.OAUTHaccessTokenUse.Minimal`,
} as const;

/**
 * Extension URLs. BALP's otherId is published; the Norwegian ones follow the ids of the
 * HL7 Norway AuditEvent IG (canonical http://hl7.no/fhir, draft 0.9.x): check them when the
 * IG is published. The gateway's own extension marks break-the-glass.
 */
const NO = 'http://hl7.no/fhir/StructureDefinition/';
export const EXTENSIONS = {
  otherId: 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/ihe-otherId',
  careRelation: `${NO}auditevent-carerelation-metadata-extension`,
  patient: `${NO}auditevent-patient-extension`,
  organization: `${NO}Organization`,
  childOrganization: `${NO}ChildOrganization`,
  facility: `${NO}Facility`,
  breakTheGlass: 'urn:dokumentdeling-gateway:audit:break-the-glass',
} as const;
