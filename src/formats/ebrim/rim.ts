import { randomUUID } from 'node:crypto';
import { localizedToWrite, type InternationalString, type LocalizedString } from '../../domain/datatypes.js';
import { issue, type Issue } from '../../errors/issue.js';
import { NS, type XmlElement } from '../xml/tree.js';
import { escapeAttr, escapeText } from '../xml/write.js';

/**
 * Typed view of the ebRIM 3.0 building blocks (Slot, LocalizedString, Classification,
 * ExternalIdentifier, RegistryObject) and their writers. See OASIS regrep-rim-3.0 and
 * ITI TF-3 4.2.3 / 4.2.5.
 *
 * Writers emit the `rim:` prefix and expect an enclosing element to bind it to NS.rim.
 */

/** The longest Value text a Slot may carry (rim:LongName). ITI TF-3 4.2.3.1.1 */
const MAX_SLOT_VALUE_LENGTH = 256;

export interface RimSlot {
  readonly name: string;
  readonly values: readonly string[];
}

export interface RimClassification {
  readonly id: string;
  readonly classifiedObject?: string;
  readonly classificationScheme?: string;
  readonly classificationNode?: string;
  readonly nodeRepresentation?: string;
  readonly slots: readonly RimSlot[];
  readonly name?: InternationalString;
}

export interface RimExternalIdentifier {
  readonly id: string;
  readonly registryObject?: string;
  readonly identificationScheme: string;
  readonly value: string;
}

/** One ExtrinsicObject, RegistryPackage or Association with its nested parts. */
export interface RimObject {
  readonly local: string;
  readonly id: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly slots: readonly RimSlot[];
  readonly name?: InternationalString;
  readonly description?: InternationalString;
  readonly versionName?: string;
  readonly classifications: readonly RimClassification[];
  readonly externalIdentifiers: readonly RimExternalIdentifier[];
}

/** Where a problem sits, for codeContext and location. */
export interface Owner {
  readonly kind: string;
  readonly id: string;
}

/**
 * A URI-valued attribute with all whitespace removed: some senders break UUID URNs with
 * spaces (seen in IPF samples), and no identifier ever contains whitespace.
 */
export function uriAttr(el: XmlElement, name: string): string | undefined {
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  const compact = v.replace(/\s+/g, '');
  return compact === '' ? undefined : compact;
}

/**
 * Reads the rim:Slot children of an element. A repeated slot name and a Value longer than
 * 256 characters are reported; the first occurrence of a name wins. Values are trimmed.
 * @param el - the element owning the slots
 * @param owner - the object, for messages
 * @param issues - collects the problems found
 * @returns the slots in document order
 */
function readSlots(el: XmlElement, owner: Owner, issues: Issue[]): RimSlot[] {
  const slots: RimSlot[] = [];
  let seen: Set<string> | undefined;
  for (const s of el.children) {
    if (s.local !== 'Slot' || s.ns !== NS.rim) continue;
    const name = (s.attrs['name'] ?? '').trim();
    seen ??= new Set();
    if (seen.has(name)) {
      issues.push(issue('DUPLICATE_SLOT', [name, owner.id], { location: owner.id }));
      continue;
    }
    seen.add(name);
    const values = readValues(s);
    if (values.some((v) => v.length > MAX_SLOT_VALUE_LENGTH)) {
      issues.push(issue('SLOT_VALUE_TOO_LONG', [name, owner.id], { location: owner.id }));
    }
    slots.push({ name, values });
  }
  return slots;
}

/** The Value texts of a Slot's ValueList, trimmed. */
export function readValues(slot: XmlElement, trim = true): string[] {
  const out: string[] = [];
  for (const list of slot.children) {
    if (list.local !== 'ValueList' || list.ns !== NS.rim) continue;
    for (const v of list.children) {
      if (v.local === 'Value' && v.ns === NS.rim) out.push(trim ? v.text.trim() : v.text);
    }
  }
  return out;
}

const XML_LANG = `{${NS.xml}}lang`;

/**
 * Every LocalizedString of a rim:Name or rim:Description child, in order, with its xml:lang and
 * charset (ebRIM 3.0 InternationalString); undefined when there is none.
 */
function readInternationalString(el: XmlElement, local: 'Name' | 'Description'): InternationalString | undefined {
  const out: LocalizedString[] = [];
  for (const c of el.children) {
    if (c.local !== local || c.ns !== NS.rim) continue;
    for (const ls of c.children) {
      if (ls.local !== 'LocalizedString' || ls.ns !== NS.rim) continue;
      const value = ls.attrs['value'];
      if (value === undefined) continue;
      const lang = ls.attrs[XML_LANG]?.trim();
      const charset = ls.attrs['charset']?.trim();
      out.push({ value, ...(lang ? { lang } : {}), ...(charset ? { charset } : {}) });
    }
  }
  return out.length ? out : undefined;
}

function readVersionName(el: XmlElement): string | undefined {
  for (const c of el.children) {
    if (c.local === 'VersionInfo' && c.ns === NS.rim) return c.attrs['versionName'];
  }
  return undefined;
}

/** Reads a rim:Classification (nested or at list level). */
export function readClassification(el: XmlElement, issues: Issue[]): RimClassification {
  const id = el.attrs['id'] ?? '';
  const out: { -readonly [K in keyof RimClassification]: RimClassification[K] } = {
    id, slots: readSlots(el, { kind: 'Classification', id }, issues),
  };
  const classifiedObject = uriAttr(el, 'classifiedObject');
  const scheme = uriAttr(el, 'classificationScheme');
  const node = uriAttr(el, 'classificationNode');
  const nodeRepresentation = el.attrs['nodeRepresentation'];
  const name = readInternationalString(el, 'Name');
  if (classifiedObject !== undefined) out.classifiedObject = classifiedObject;
  if (scheme !== undefined) out.classificationScheme = scheme;
  if (node !== undefined) out.classificationNode = node;
  if (nodeRepresentation !== undefined) out.nodeRepresentation = nodeRepresentation;
  if (name !== undefined) out.name = name;
  return out;
}

/** Reads a rim:ExternalIdentifier (nested or at list level). */
export function readExternalIdentifier(el: XmlElement): RimExternalIdentifier {
  const registryObject = uriAttr(el, 'registryObject');
  const base = {
    id: el.attrs['id'] ?? '',
    identificationScheme: uriAttr(el, 'identificationScheme') ?? '',
    value: (el.attrs['value'] ?? '').trim(),
  };
  return registryObject === undefined ? base : { ...base, registryObject };
}

/**
 * Reads an ExtrinsicObject, RegistryPackage or Association with its slots, name,
 * description, version and nested classifications and external identifiers.
 * @param el - the rim element
 * @param issues - collects slot problems
 * @returns the typed view
 */
export function readRegistryObject(el: XmlElement, issues: Issue[]): RimObject {
  const id = (el.attrs['id'] ?? '').trim();
  if (id === '') issues.push(issue('MISSING_ATTRIBUTE', [el.local, '(without id)', 'id']));
  const classifications: RimClassification[] = [];
  const externalIdentifiers: RimExternalIdentifier[] = [];
  for (const c of el.children) {
    if (c.ns !== NS.rim) continue;
    if (c.local === 'Classification') classifications.push(readClassification(c, issues));
    else if (c.local === 'ExternalIdentifier') externalIdentifiers.push(readExternalIdentifier(c));
  }
  const out: { -readonly [K in keyof RimObject]: RimObject[K] } = {
    local: el.local, id, attrs: el.attrs,
    slots: readSlots(el, { kind: el.local, id }, issues),
    classifications, externalIdentifiers,
  };
  const name = readInternationalString(el, 'Name');
  const description = readInternationalString(el, 'Description');
  const versionName = readVersionName(el);
  if (name !== undefined) out.name = name;
  if (description !== undefined) out.description = description;
  if (versionName !== undefined) out.versionName = versionName;
  return out;
}

// ---------------------------------------------------------------- writers

/** A fresh `urn:uuid:` id for Classifications and ExternalIdentifiers we write. */
export function newUuid(): string {
  return `urn:uuid:${randomUUID()}`;
}

/** `<rim:Slot name=…><rim:ValueList><rim:Value>…` or '' when there are no values. */
export function slotXml(name: string, values: readonly string[]): string {
  if (values.length === 0) return '';
  let out = `<rim:Slot name="${escapeAttr(name)}"><rim:ValueList>`;
  for (const v of values) out += `<rim:Value>${escapeText(v)}</rim:Value>`;
  return `${out}</rim:ValueList></rim:Slot>`;
}

/** A slot with one value, or '' when the value is absent. */
export function singleSlotXml(name: string, value: string | undefined): string {
  return value === undefined ? '' : slotXml(name, [value]);
}

/** Slots for extra (non-IHE) metadata, in insertion order. */
export function extraSlotsXml(extra: Readonly<Record<string, readonly string[]>>): string {
  let out = '';
  for (const name in extra) out += slotXml(name, extra[name] ?? []);
  return out;
}

/**
 * `<rim:Name>` or `<rim:Description>` with every LocalizedString of the attribute, each with its
 * xml:lang and charset, or '' when absent.
 * @param local - Name or Description
 * @param value - the plain text
 * @param localized - the kept LocalizedStrings (written when their first value is still `value`)
 */
export function localizedXml(local: 'Name' | 'Description', value: string | undefined, localized?: InternationalString): string {
  const strings = localizedToWrite(value, localized);
  if (strings.length === 0) return '';
  let out = `<rim:${local}>`;
  for (const s of strings) {
    out += '<rim:LocalizedString'
      + (s.lang === undefined ? '' : ` xml:lang="${escapeAttr(s.lang)}"`)
      + (s.charset === undefined ? '' : ` charset="${escapeAttr(s.charset)}"`)
      + ` value="${escapeAttr(s.value)}"/>`;
  }
  return `${out}</rim:${local}>`;
}

/** `<rim:VersionInfo versionName=…/>` or '' when absent. */
export function versionInfoXml(versionName: string | undefined): string {
  return versionName === undefined ? '' : `<rim:VersionInfo versionName="${escapeAttr(versionName)}"/>`;
}

export interface ClassificationOut {
  readonly classifiedObject: string;
  readonly classificationScheme?: string;
  readonly classificationNode?: string;
  readonly nodeRepresentation?: string;
  /** Already-written Slot markup. */
  readonly slotsXml?: string;
  readonly name?: string | undefined;
  readonly localizedName?: InternationalString | undefined;
}

/** Writes a rim:Classification with a fresh id. */
export function classificationXml(c: ClassificationOut): string {
  let out = `<rim:Classification id="${newUuid()}"`;
  if (c.classificationScheme !== undefined) out += ` classificationScheme="${escapeAttr(c.classificationScheme)}"`;
  if (c.classificationNode !== undefined) out += ` classificationNode="${escapeAttr(c.classificationNode)}"`;
  out += ` classifiedObject="${escapeAttr(c.classifiedObject)}"`;
  if (c.nodeRepresentation !== undefined) out += ` nodeRepresentation="${escapeAttr(c.nodeRepresentation)}"`;
  const content = (c.slotsXml ?? '') + localizedXml('Name', c.name, c.localizedName);
  return content === '' ? `${out}/>` : `${out}>${content}</rim:Classification>`;
}

/** Writes a rim:ExternalIdentifier with a fresh id, or '' when the value is absent. */
export function externalIdentifierXml(registryObject: string, scheme: string, value: string | undefined, name: string): string {
  if (value === undefined) return '';
  return `<rim:ExternalIdentifier id="${newUuid()}" registryObject="${escapeAttr(registryObject)}"`
    + ` identificationScheme="${scheme}" value="${escapeAttr(value)}">${localizedXml('Name', name)}</rim:ExternalIdentifier>`;
}
