/**
 * The FHIR R4 element definitions the codecs check and convert with, for the resources the MHD
 * facade reads and writes (Bundle, DocumentReference, List, Binary, OperationOutcome, Parameters,
 * Patient, and the Practitioner, PractitionerRole and Organization it contains) and their data
 * types. Elements are listed in the specification's order, which FHIR XML follows
 * (http://hl7.org/fhir/R4/xml.html). An element not listed is refused: the gateway reads what
 * MHD defines, not every FHIR resource. Written as `name:type`, `*` for repeating elements,
 * `value[x]:a|b` for choices; types named `Resource.part` are backbone elements.
 */

const PRIMITIVE_KINDS = {
  boolean: 'boolean', integer: 'number', unsignedInt: 'number', positiveInt: 'number', decimal: 'number',
  string: 'string', code: 'string', uri: 'string', url: 'string', canonical: 'string', id: 'string', oid: 'string',
  uuid: 'string', markdown: 'string', dateTime: 'string', date: 'string', instant: 'string', time: 'string',
  base64Binary: 'string', xhtml: 'string',
} as const;

export type PrimitiveType = keyof typeof PRIMITIVE_KINDS;

const VALUE_TYPES = 'boolean|integer|decimal|code|string|uri|url|canonical|dateTime|date|instant|base64Binary|Identifier|Reference|CodeableConcept|Coding|Period|Attachment';
const DOMAIN_RESOURCE = 'id:id meta:Meta implicitRules:uri language:code text:Narrative contained*:Resource extension*:Extension modifierExtension*:Extension';
const RESOURCE = 'id:id meta:Meta implicitRules:uri language:code';

const DEFINITIONS: Readonly<Record<string, string>> = {
  Extension: `url:uri value[x]:${VALUE_TYPES}`,
  Coding: 'system:uri version:string code:code display:string userSelected:boolean',
  CodeableConcept: 'coding*:Coding text:string',
  Identifier: 'use:code type:CodeableConcept system:uri value:string period:Period assigner:Reference',
  Reference: 'reference:string type:uri identifier:Identifier display:string',
  Period: 'start:dateTime end:dateTime',
  Meta: 'versionId:id lastUpdated:instant source:uri profile*:canonical security*:Coding tag*:Coding',
  Narrative: 'status:code div:xhtml',
  HumanName: 'use:code text:string family:string given*:string prefix*:string suffix*:string period:Period',
  ContactPoint: 'system:code value:string use:code rank:positiveInt period:Period',
  Address: 'use:code type:code text:string line*:string city:string district:string state:string postalCode:string country:string period:Period',
  Annotation: 'author[x]:Reference|string time:dateTime text:markdown',
  Attachment: 'contentType:code language:code data:base64Binary url:url size:unsignedInt hash:base64Binary title:string creation:dateTime',
  DocumentReference: `${DOMAIN_RESOURCE} masterIdentifier:Identifier identifier*:Identifier status:code docStatus:code type:CodeableConcept`
    + ' category*:CodeableConcept subject:Reference date:instant author*:Reference authenticator:Reference custodian:Reference'
    + ' relatesTo*:DocumentReference.relatesTo description:string securityLabel*:CodeableConcept content*:DocumentReference.content'
    + ' context:DocumentReference.context',
  'DocumentReference.relatesTo': 'code:code target:Reference',
  'DocumentReference.content': 'attachment:Attachment format:Coding',
  'DocumentReference.context': 'encounter*:Reference event*:CodeableConcept period:Period facilityType:CodeableConcept'
    + ' practiceSetting:CodeableConcept sourcePatientInfo:Reference related*:Reference',
  List: `${DOMAIN_RESOURCE} identifier*:Identifier status:code mode:code title:string code:CodeableConcept subject:Reference`
    + ' encounter:Reference date:dateTime source:Reference orderedBy:CodeableConcept note*:Annotation entry*:List.entry emptyReason:CodeableConcept',
  'List.entry': 'flag:CodeableConcept deleted:boolean date:dateTime item:Reference',
  Binary: `${RESOURCE} contentType:code securityContext:Reference data:base64Binary`,
  OperationOutcome: `${DOMAIN_RESOURCE} issue*:OperationOutcome.issue`,
  'OperationOutcome.issue': 'severity:code code:code details:CodeableConcept diagnostics:string location*:string expression*:string',
  Parameters: `${RESOURCE} parameter*:Parameters.parameter`,
  'Parameters.parameter': `name:string value[x]:${VALUE_TYPES} resource:Resource part*:Parameters.parameter`,
  Bundle: `${RESOURCE} identifier:Identifier type:code timestamp:instant total:unsignedInt link*:Bundle.link entry*:Bundle.entry`,
  'Bundle.link': 'relation:string url:uri',
  'Bundle.entry': 'link*:Bundle.link fullUrl:uri resource:Resource search:Bundle.entry.search request:Bundle.entry.request response:Bundle.entry.response',
  'Bundle.entry.search': 'mode:code score:decimal',
  'Bundle.entry.request': 'method:code url:uri ifNoneMatch:string ifModifiedSince:instant ifMatch:string ifNoneExist:string',
  'Bundle.entry.response': 'status:string location:uri etag:string lastModified:instant outcome:Resource',
  Patient: `${DOMAIN_RESOURCE} identifier*:Identifier active:boolean name*:HumanName telecom*:ContactPoint gender:code birthDate:date`
    + ' deceased[x]:boolean|dateTime address*:Address maritalStatus:CodeableConcept multipleBirth[x]:boolean|integer'
    + ' generalPractitioner*:Reference managingOrganization:Reference',
  Practitioner: `${DOMAIN_RESOURCE} identifier*:Identifier active:boolean name*:HumanName telecom*:ContactPoint address*:Address`
    + ' gender:code birthDate:date qualification*:Practitioner.qualification communication*:CodeableConcept',
  'Practitioner.qualification': 'identifier*:Identifier code:CodeableConcept period:Period issuer:Reference',
  PractitionerRole: `${DOMAIN_RESOURCE} identifier*:Identifier active:boolean period:Period practitioner:Reference organization:Reference`
    + ' code*:CodeableConcept specialty*:CodeableConcept location*:Reference healthcareService*:Reference telecom*:ContactPoint endpoint*:Reference',
  Organization: `${DOMAIN_RESOURCE} identifier*:Identifier active:boolean type*:CodeableConcept name:string alias*:string`
    + ' telecom*:ContactPoint address*:Address partOf:Reference endpoint*:Reference',
};

/** One element of a type: its JSON name, type, and whether it repeats. */
export interface ElementDef {
  readonly name: string;
  readonly type: string;
  readonly array: boolean;
  /** For a choice (`value[x]`), its base name: at most one of the choice's elements may appear. */
  readonly choice?: string;
}

/** A type's elements by JSON name, in specification order. */
export type TypeDef = ReadonlyMap<string, ElementDef>;

const upper = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

function parseDefinition(def: string, backbone: boolean): TypeDef {
  const elements = new Map<string, ElementDef>();
  const add = (name: string, type: string, array: boolean, choice?: string): void => {
    elements.set(name, { name, type, array, ...(choice ? { choice } : {}) });
  };
  if (!def.startsWith('id:id')) { add('id', 'string', false); add('extension', 'Extension', true); }
  if (backbone) add('modifierExtension', 'Extension', true);
  for (const part of def.split(' ')) {
    const [rawName = '', type = ''] = part.split(':');
    const array = rawName.endsWith('*');
    const name = array ? rawName.slice(0, -1) : rawName;
    const base = name.slice(0, -3);
    if (name.endsWith('[x]')) for (const t of type.split('|')) add(`${base}${upper(t)}`, t, false, base);
    else add(name, type, array);
  }
  return elements;
}

const TYPES = new Map<string, TypeDef>(Object.entries(DEFINITIONS).map(([n, d]) => [n, parseDefinition(d, n.includes('.'))]));

/** The resource types the codecs read and write. */
export const RESOURCE_TYPES: ReadonlySet<string> = new Set(
  Object.keys(DEFINITIONS).filter((n) => !n.includes('.') && DEFINITIONS[n]?.startsWith('id:id')),
);

/** The elements of a data type, backbone element or resource, or undefined when unknown. */
export function typeDef(type: string): TypeDef | undefined {
  return TYPES.get(type);
}

/** The JSON kind of a primitive type, or undefined for a complex type. */
export function primitiveKind(type: string): 'boolean' | 'number' | 'string' | undefined {
  return (PRIMITIVE_KINDS as Readonly<Record<string, 'boolean' | 'number' | 'string'>>)[type];
}

/** Primitive types whose number must be a whole number. */
export const INTEGER_TYPES: ReadonlySet<string> = new Set(['integer', 'unsignedInt', 'positiveInt']);
