/**
 * FHIR XML (application/fhir+xml) ↔ the in-memory FHIR JSON form, driven by fhir-schema.ts
 * (http://hl7.org/fhir/R4/xml.html). Reading uses the project's XML parser, which refuses DOCTYPE
 * and limits depth and element count; the size limit is checked before it runs, repetitions of
 * an element are counted as they are read, and the result goes through the same structure check
 * as JSON. Writing follows the specification's element order. Narrative XHTML is kept as its
 * text and elements; where text and child elements interleave, the text is written first (the
 * parser does not keep mixed-content order), which narrative alone uses.
 */
import { DEFAULT_XML_LIMITS, parseXml, XmlParseError } from '../xml/parse.js';
import type { XmlElement } from '../xml/tree.js';
import { attrs, escapeText } from '../xml/write.js';
import { FhirFormatError } from './fhir-format-error.js';
import { DEFAULT_FHIR_LIMITS, type FhirLimits } from './fhir-limits.js';
import { primitiveKind, RESOURCE_TYPES, typeDef, type ElementDef, type TypeDef } from './fhir-schema.js';
import { checkResource } from './fhir-structure.js';
import type { Resource } from './resources.js';

export const FHIR_NS = 'http://hl7.org/fhir';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type Json = Record<string, unknown>;
const fail = (path: string, message: string): never => { throw new FhirFormatError('structure', `${path}: ${message}`, path); };

function primitiveFromXml(el: XmlElement, def: ElementDef, path: string, limits: FhirLimits): { value?: unknown; ext?: Json } {
  const raw = el.attrs['value'];
  let value: unknown = raw;
  const kind = primitiveKind(def.type);
  if (raw !== undefined && kind === 'boolean') value = raw === 'true' ? true : raw === 'false' ? false : fail(path, 'not true or false');
  if (raw !== undefined && kind === 'number') {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) fail(path, 'not a number');
    value = Number(raw);
  }
  const extension = el.children.map((c, i) => {
    const at = `${path}.extension[${i}]`;
    if (c.ns !== FHIR_NS || c.local !== 'extension') fail(at, `a primitive element holds only extensions, not ${c.local}`);
    return complexFromXml(c, typeDef('Extension') as TypeDef, at, 'Extension', limits);
  });
  const ext = { ...(el.attrs['id'] ? { id: el.attrs['id'] } : {}), ...(extension.length ? { extension } : {}) };
  if (raw === undefined && !extension.length) fail(path, 'an element without a value or extension');
  return { ...(raw !== undefined ? { value } : {}), ...(Object.keys(ext).length ? { ext } : {}) };
}

/** An XHTML element (a narrative div) as text, namespaced at its root. */
export function xhtmlToString(el: XmlElement, root = true): string {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k.startsWith(`{${XML_NS}}`)) a[`xml:${k.slice(XML_NS.length + 2)}`] = v;
    else if (!k.startsWith('{')) a[k] = v;
  }
  if (el.ns !== XHTML_NS) throw new FhirFormatError('structure', `narrative element ${el.local} is not XHTML`);
  const head = root ? { xmlns: XHTML_NS, ...a } : a;
  return `<${el.local}${attrs(head)}>${escapeText(el.text)}${el.children.map((c) => xhtmlToString(c, false)).join('')}</${el.local}>`;
}

function childValue(c: XmlElement, def: ElementDef, path: string, limits: FhirLimits): { value?: unknown; ext?: Json } {
  if (def.type === 'xhtml') {
    if (c.ns !== XHTML_NS || c.local !== 'div') fail(path, 'narrative must be an XHTML div');
    return { value: xhtmlToString(c) };
  }
  if (c.ns !== FHIR_NS) fail(path, `element in namespace ${c.ns || '(none)'}, not ${FHIR_NS}`);
  if (primitiveKind(def.type)) return primitiveFromXml(c, def, path, limits);
  if (def.type !== 'Resource') return { value: complexFromXml(c, typeDef(def.type) as TypeDef, path, def.type, limits) };
  const inner = c.children.length === 1 ? c.children[0] : fail(path, 'must hold exactly one resource');
  return { value: resourceFromXml(inner as XmlElement, path, limits) };
}

function complexFromXml(el: XmlElement, type: TypeDef, path: string, typeName: string, limits: FhirLimits, isResource = false): Json {
  if (el.text.trim() !== '') fail(path, 'text is not allowed here');
  const out: Json = {};
  if (!isResource && el.attrs['id']) out['id'] = el.attrs['id'];
  if (typeName === 'Extension') out['url'] = el.attrs['url'] ?? fail(path, 'an extension needs a url');
  const values = new Map<string, unknown[]>();
  const exts = new Map<string, (Json | null)[]>();
  for (const c of el.children) {
    const def = type.get(c.local) ?? fail(`${path}.${c.local}`, 'unknown element');
    if ((isResource ? false : def.name === 'id') || (typeName === 'Extension' && def.name === 'url')) fail(`${path}.${c.local}`, 'must be an attribute');
    const list = values.get(def.name) ?? [];
    if (list.length >= limits.maxArrayLength) throw new FhirFormatError('too-costly', `${path}.${def.name}: more than ${limits.maxArrayLength} repetitions`);
    if (!def.array && list.length) fail(`${path}.${def.name}`, 'repeats but is a single element');
    const at = def.array ? `${path}.${def.name}[${list.length}]` : `${path}.${def.name}`;
    const { value, ext } = childValue(c, def, at, limits);
    list.push(value === undefined ? null : value);
    values.set(def.name, list);
    const extList = exts.get(def.name);
    if (extList) extList.push(ext ?? null);
    else if (ext) exts.set(def.name, [...Array<null>(list.length - 1).fill(null), ext]);
  }
  for (const [name, list] of values) {
    const def = type.get(name) as ElementDef;
    if (list.some((v) => v !== null)) out[name] = def.array ? list : list[0];
    const ext = exts.get(name);
    if (ext) out[`_${name}`] = def.array ? [...ext, ...Array<null>(list.length - ext.length).fill(null)] : ext[0];
  }
  return out;
}

function resourceFromXml(el: XmlElement, path: string, limits: FhirLimits): Json {
  if (el.ns !== FHIR_NS) fail(path || el.local, `not a FHIR element (namespace ${el.ns || 'none'})`);
  if (!RESOURCE_TYPES.has(el.local)) throw new FhirFormatError('not-supported', `${path || 'the resource'}: resource type ${el.local} is not one the gateway reads`, path || el.local);
  return { resourceType: el.local, ...complexFromXml(el, typeDef(el.local) as TypeDef, path || el.local, el.local, limits, true) };
}

/**
 * Reads a FHIR resource from XML text.
 * @param text - the request body as text
 * @param limits - size, depth, repetition and element limits
 * @returns the resource in its JSON form, checked like parsed JSON
 * @throws FhirFormatError naming the element at fault
 */
export function parseFhirXml(text: string, limits: FhirLimits = DEFAULT_FHIR_LIMITS): Resource {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new FhirFormatError('too-costly', `the resource is larger than ${limits.maxBytes} bytes`);
  let root: XmlElement;
  try {
    root = parseXml(text, { ...DEFAULT_XML_LIMITS, maxDepth: limits.maxDepth, maxElements: limits.maxItems });
  } catch (e) {
    if (e instanceof XmlParseError) throw new FhirFormatError(/nested|more than/.test(e.message) ? 'too-costly' : 'structure', e.message);
    throw e;
  }
  return checkResource(resourceFromXml(root, '', limits), limits);
}
