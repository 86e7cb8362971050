import { canonicalCommunityId } from '../../domain/oid.js';
import { localizedBeyondPlain, type Author, type InternationalString, type AvailabilityStatus, type Code, type Cx, type ExtraMetadata, type Xcn } from '../../domain/datatypes.js';
import { AVAILABILITY_STATUS } from '../../domain/vocabulary.js';
import { issue, type Issue } from '../../errors/issue.js';
import { parseCxLenient, serializeCx } from '../hl7v2/cx.js';
import { parseXcn, serializeXcn } from '../hl7v2/xcn.js';
import { parseXon, serializeXon } from '../hl7v2/xon.js';
import { prune } from '../prune.js';
import { classificationXml, slotXml, type Owner, type RimClassification, type RimExternalIdentifier, type RimObject, type RimSlot } from './rim.js';

/**
 * Attribute-level helpers shared by the per-type mappings: slot access with cardinality
 * checks, coded values, availabilityStatus, authors, patient ids. ITI TF-3 4.2.3.1
 */

/** Slot access that remembers which slots were read, so the rest become extraMetadata. */
export interface SlotBag {
  /** The one value of a single-valued slot; more values are reported (MULTIPLE_VALUES). */
  single(name: string): string | undefined;
  /** All values of a multi-valued slot. */
  list(name: string): readonly string[];
  /** The values of a slot without taking it (it stays extra metadata unless read). */
  peek(name: string): readonly string[];
  /** The slots not read so far, as extra metadata. */
  extra(): ExtraMetadata;
}

/** Builds a SlotBag over an object's slots. */
export function slotBag(slots: readonly RimSlot[], owner: Owner, issues: Issue[]): SlotBag {
  const byName = new Map<string, readonly string[]>();
  for (const s of slots) byName.set(s.name, s.values);
  const used = new Set<string>();
  return {
    single(name) {
      used.add(name);
      const values = byName.get(name);
      if (values && values.length > 1) {
        issues.push(issue('MULTIPLE_VALUES', [owner.kind, owner.id, values.length, name], { location: owner.id }));
      }
      return values?.[0];
    },
    list(name) {
      used.add(name);
      return byName.get(name) ?? [];
    },
    peek: (name) => byName.get(name) ?? [],
    extra() {
      const out: Record<string, readonly string[]> = {};
      // defineProperty, not assignment: a slot named __proto__ must stay a slot, not set a prototype
      for (const [name, values] of byName) if (!used.has(name)) Object.defineProperty(out, name, { value: values, enumerable: true, writable: true, configurable: true });
      return out;
    },
  };
}

/** Classifications and external identifiers of one object, grouped by scheme. */
export interface SchemeIndex {
  classifications(scheme: string): readonly RimClassification[];
  identifiers(scheme: string): readonly RimExternalIdentifier[];
  /** True when a classification has this classificationNode (or scheme, as some senders write it). */
  hasNode(node: string): boolean;
}

/** Groups an object's classifications and external identifiers by scheme. */
export function schemeIndex(o: RimObject): SchemeIndex {
  const cls = new Map<string, RimClassification[]>();
  for (const c of o.classifications) {
    const key = c.classificationScheme ?? '';
    const list = cls.get(key);
    if (list) list.push(c); else cls.set(key, [c]);
  }
  const ids = new Map<string, RimExternalIdentifier[]>();
  for (const e of o.externalIdentifiers) {
    const list = ids.get(e.identificationScheme);
    if (list) list.push(e); else ids.set(e.identificationScheme, [e]);
  }
  return {
    classifications: (scheme) => cls.get(scheme) ?? [],
    identifiers: (scheme) => ids.get(scheme) ?? [],
    hasNode: (node) => o.classifications.some((c) => c.classificationNode === node || c.classificationScheme === node),
  };
}

/** A coded value from a Classification: nodeRepresentation, codingScheme slot, Name. ITI TF-3 4.2.3.1.2 */
function codeFromClassification(c: RimClassification): Code {
  const scheme = c.slots.find((s) => s.name === 'codingScheme')?.values[0];
  return prune<Code>({
    code: c.nodeRepresentation ?? '', codingScheme: scheme ?? '', displayName: c.name?.[0]?.value, localizedDisplayName: localizedBeyondPlain(c.name),
  });
}

/** The one code of a single-valued coded attribute; a second one is reported. */
export function singleCode(index: SchemeIndex, scheme: string, attribute: string, owner: Owner, issues: Issue[]): Code | undefined {
  const list = index.classifications(scheme);
  if (list.length > 1) issues.push(issue('MULTIPLE_VALUES', [owner.kind, owner.id, list.length, attribute], { location: owner.id }));
  const first = list[0];
  return first ? codeFromClassification(first) : undefined;
}

/** All codes of a multi-valued coded attribute. */
export function codeList(index: SchemeIndex, scheme: string): Code[] {
  return index.classifications(scheme).map(codeFromClassification);
}

/** Writes a coded value as a Classification. */
export function codeXml(scheme: string, objectId: string, code: Code | undefined): string {
  if (code === undefined) return '';
  return classificationXml({
    classificationScheme: scheme, classifiedObject: objectId, nodeRepresentation: code.code,
    slotsXml: slotXml('codingScheme', [code.codingScheme]), name: code.displayName, localizedName: code.localizedDisplayName,
  });
}

/** The value of a single-valued external identifier; a second one is reported. */
export function singleIdentifier(index: SchemeIndex, scheme: string, attribute: string, owner: Owner, issues: Issue[]): string | undefined {
  const list = index.identifiers(scheme);
  if (list.length > 1) issues.push(issue('MULTIPLE_VALUES', [owner.kind, owner.id, list.length, attribute], { location: owner.id }));
  return list[0]?.value;
}

/** A CX read leniently (see parseCxLenient), or undefined when absent. */
export function cxOf(text: string | undefined): Cx | undefined {
  return text === undefined ? undefined : parseCxLenient(text);
}

/** The CX string of a patient id, or undefined when absent. */
export function cxText(cx: Cx | undefined): string | undefined {
  return cx === undefined ? undefined : serializeCx(cx);
}

/** An XCN slot value as a person, or undefined when absent or blank. */
export function xcnOf(text: string | undefined): Xcn | undefined {
  return text === undefined ? undefined : parseXcn(text);
}

/** The XCN string of a person, or undefined when absent. */
export function xcnText(xcn: Xcn | undefined): string | undefined {
  return xcn === undefined ? undefined : serializeXcn(xcn);
}

const STATUS_BY_URN: ReadonlyMap<string, AvailabilityStatus> = new Map([
  [AVAILABILITY_STATUS.approved, 'Approved'],
  [AVAILABILITY_STATUS.deprecated, 'Deprecated'],
  [AVAILABILITY_STATUS.submitted, 'Submitted'],
]);

/** The availabilityStatus of an object from its `status` attribute; an unknown URN is reported. */
export function statusOf(o: RimObject, owner: Owner, issues: Issue[]): AvailabilityStatus | undefined {
  const urn = o.attrs['status']?.trim();
  if (urn === undefined || urn === '') return undefined;
  const status = STATUS_BY_URN.get(urn);
  if (!status) issues.push(issue('BAD_STATUS', [urn, owner.id], { location: owner.id }));
  return status;
}

/** The status URN of an availabilityStatus. */
export function statusUrn(s: AvailabilityStatus | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s === 'Approved' ? AVAILABILITY_STATUS.approved : s === 'Deprecated' ? AVAILABILITY_STATUS.deprecated : AVAILABILITY_STATUS.submitted;
}

/** An attribute value or undefined when it is empty (e.g. `home=""` in NIST samples). */
export function attrOf(o: RimObject, name: string): string | undefined {
  const v = o.attrs[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * Title and comments (rim:Name, rim:Description) of a DocumentEntry, SubmissionSet or Folder:
 * the first LocalizedString as plain text, and every one of them when they say more.
 * ITI TF-3 4.2.3.2.26, 4.2.3.2.7
 */
export function textAttributesFromRim(o: RimObject): { title?: string; comments?: string; localizedTitle?: InternationalString; localizedComments?: InternationalString } {
  return prune({
    title: o.name?.[0]?.value, comments: o.description?.[0]?.value,
    localizedTitle: localizedBeyondPlain(o.name), localizedComments: localizedBeyondPlain(o.description),
  });
}

/** The object's `home` attribute, in canonical urn:oid: form whichever form was sent. ITI TF-2 3.38.4.1.3 */
export function homeOf(o: RimObject): string | undefined {
  const v = attrOf(o, 'home');
  return v === undefined ? undefined : canonicalCommunityId(v);
}

/** One author from its Classification slots. ITI TF-3 4.2.3.1.4 */
export function authorFromClassification(c: RimClassification, owner: Owner, issues: Issue[]): Author {
  const bag = slotBag(c.slots, owner, issues);
  const person = bag.single('authorPerson');
  return prune<Author>({
    person: person === undefined ? undefined : parseXcn(person),
    institutions: bag.list('authorInstitution').map(parseXon).filter((x) => x !== undefined),
    roles: bag.list('authorRole'),
    specialties: bag.list('authorSpecialty'),
    telecommunications: bag.list('authorTelecommunication'),
  });
}

/** Writes one author as a Classification of the given author scheme. */
export function authorXml(scheme: string, objectId: string, a: Author): string {
  const slots = slotXml('authorPerson', a.person ? [serializeXcn(a.person)] : [])
    + slotXml('authorInstitution', a.institutions.map(serializeXon))
    + slotXml('authorRole', a.roles)
    + slotXml('authorSpecialty', a.specialties)
    + slotXml('authorTelecommunication', a.telecommunications);
  return classificationXml({ classificationScheme: scheme, classifiedObject: objectId, nodeRepresentation: '', slotsXml: slots });
}
