/**
 * The FHIR R4 resources and data types the MHD mapping reads and writes
 * (http://hl7.org/fhir/R4/), as plain JSON types: FHIR JSON is the in-memory form, XML is
 * converted to and from it at the edge (fhir-xml.ts). Only the elements the mapping uses are
 * typed; the codecs check every element against fhir-schema.ts.
 */

export interface Element { readonly id?: string; readonly extension?: readonly Extension[] }

export interface Coding { readonly system?: string; readonly version?: string; readonly code?: string; readonly display?: string }
export interface CodeableConcept extends Element { readonly coding?: readonly Coding[]; readonly text?: string }
export interface Period extends Element { readonly start?: string; readonly end?: string }

export interface Identifier extends Element {
  readonly use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  readonly type?: CodeableConcept;
  readonly system?: string;
  readonly value?: string;
  readonly assigner?: Reference;
}

export interface Reference extends Element {
  readonly reference?: string;
  readonly type?: string;
  readonly identifier?: Identifier;
  readonly display?: string;
}

export interface Extension extends Element {
  readonly url: string;
  readonly valueIdentifier?: Identifier;
  readonly valueReference?: Reference;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly valueCode?: string;
  readonly valueString?: string;
  readonly valueDateTime?: string;
}

export interface HumanName extends Element {
  readonly use?: string; readonly text?: string; readonly family?: string;
  readonly given?: readonly string[]; readonly prefix?: readonly string[]; readonly suffix?: readonly string[];
}
export interface ContactPoint extends Element { readonly system?: string; readonly value?: string; readonly use?: string }
export interface Annotation extends Element { readonly text: string; readonly time?: string }

export interface Attachment extends Element {
  readonly contentType?: string;
  readonly language?: string;
  readonly data?: string;
  readonly url?: string;
  readonly size?: number;
  /** base64 of the SHA-1 bytes. */
  readonly hash?: string;
  readonly title?: string;
  readonly creation?: string;
}

export interface Meta extends Element {
  readonly versionId?: string;
  readonly lastUpdated?: string;
  readonly profile?: readonly string[];
  readonly security?: readonly Coding[];
  readonly tag?: readonly Coding[];
}

export interface Resource {
  readonly resourceType: string;
  readonly id?: string;
  readonly meta?: Meta;
}

export interface DomainResource extends Resource {
  readonly contained?: readonly ContainedResource[];
  readonly extension?: readonly Extension[];
}

export interface Patient extends DomainResource {
  readonly resourceType: 'Patient';
  readonly identifier?: readonly Identifier[];
  readonly name?: readonly HumanName[];
  readonly gender?: 'male' | 'female' | 'other' | 'unknown';
  readonly birthDate?: string;
  readonly _birthDate?: Element;
}

export interface Practitioner extends DomainResource {
  readonly resourceType: 'Practitioner';
  readonly identifier?: readonly Identifier[];
  readonly name?: readonly HumanName[];
  readonly telecom?: readonly ContactPoint[];
}

export interface Organization extends DomainResource {
  readonly resourceType: 'Organization';
  readonly identifier?: readonly Identifier[];
  readonly name?: string;
  readonly telecom?: readonly ContactPoint[];
  readonly partOf?: Reference;
}

export interface PractitionerRole extends DomainResource {
  readonly resourceType: 'PractitionerRole';
  readonly practitioner?: Reference;
  readonly organization?: Reference;
  readonly code?: readonly CodeableConcept[];
  readonly specialty?: readonly CodeableConcept[];
  readonly telecom?: readonly ContactPoint[];
}

export type ContainedResource = Patient | Practitioner | Organization | PractitionerRole;

export interface DocumentReferenceRelatesTo { readonly code: 'replaces' | 'transforms' | 'signs' | 'appends'; readonly target: Reference }

export interface DocumentReference extends DomainResource {
  readonly resourceType: 'DocumentReference';
  readonly masterIdentifier?: Identifier;
  readonly identifier?: readonly Identifier[];
  readonly status: string;
  readonly type?: CodeableConcept;
  readonly category?: readonly CodeableConcept[];
  readonly subject?: Reference;
  readonly date?: string;
  readonly author?: readonly Reference[];
  readonly authenticator?: Reference;
  readonly relatesTo?: readonly DocumentReferenceRelatesTo[];
  readonly description?: string;
  readonly securityLabel?: readonly CodeableConcept[];
  readonly content: readonly { readonly attachment: Attachment; readonly format?: Coding }[];
  readonly context?: {
    readonly encounter?: readonly Reference[];
    readonly event?: readonly CodeableConcept[];
    readonly period?: Period;
    readonly facilityType?: CodeableConcept;
    readonly practiceSetting?: CodeableConcept;
    readonly sourcePatientInfo?: Reference;
    readonly related?: readonly Reference[];
  };
}

export interface ListEntry { readonly item: Reference }

export interface List extends DomainResource {
  readonly resourceType: 'List';
  readonly identifier?: readonly Identifier[];
  readonly status: string;
  readonly mode: string;
  readonly title?: string;
  readonly code?: CodeableConcept;
  readonly subject?: Reference;
  readonly date?: string;
  readonly source?: Reference;
  readonly note?: readonly Annotation[];
  readonly entry?: readonly ListEntry[];
}

export interface Binary extends Resource {
  readonly resourceType: 'Binary';
  readonly contentType: string;
  readonly securityContext?: Reference;
  readonly data?: string;
}

export interface BundleEntry {
  readonly fullUrl?: string;
  readonly resource?: Resource;
  readonly search?: { readonly mode?: 'match' | 'include' | 'outcome'; readonly score?: number };
  readonly request?: { readonly method: string; readonly url: string };
  readonly response?: { readonly status: string; readonly location?: string; readonly etag?: string; readonly lastModified?: string };
}

export interface Bundle extends Resource {
  readonly resourceType: 'Bundle';
  readonly type: string;
  readonly timestamp?: string;
  readonly total?: number;
  readonly link?: readonly { readonly relation: string; readonly url: string }[];
  readonly entry?: readonly BundleEntry[];
}
