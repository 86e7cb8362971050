/**
 * Writes the in-memory FHIR JSON form as FHIR XML (http://hl7.org/fhir/R4/xml.html): elements in
 * the specification's order (fhir-schema.ts), primitives as `value` attributes with their `_`
 * extensions as children, `id` and `url` as attributes of data types, contained resources
 * wrapped in their element, and the narrative div re-parsed and written as XHTML, so that a
 * string from elsewhere cannot inject markup.
 */
import { DEFAULT_XML_LIMITS, parseXml, XmlParseError } from '../xml/parse.js';
import { attrs } from '../xml/write.js';
import { FhirFormatError } from './fhir-format-error.js';
import { primitiveKind, typeDef, type ElementDef, type TypeDef } from './fhir-schema.js';
import { FHIR_NS, xhtmlToString } from './fhir-xml.js';
import type { Resource } from './resources.js';

type Json = Record<string, unknown>;
const NARRATIVE_LIMITS = { ...DEFAULT_XML_LIMITS, maxDepth: 32, maxElements: 100_000 };

function narrativeToXml(div: unknown): string {
  try {
    const el = parseXml(String(div), NARRATIVE_LIMITS);
    if (el.local !== 'div') throw new FhirFormatError('structure', 'the narrative is not an XHTML div', 'text.div');
    return xhtmlToString(el);
  } catch (e) {
    if (e instanceof XmlParseError) throw new FhirFormatError('structure', `the narrative is not well-formed XHTML: ${e.message}`, 'text.div');
    throw e;
  }
}

function itemAt(v: unknown, i: number, array: boolean): unknown {
  return array ? (Array.isArray(v) ? v[i] : undefined) : v;
}

function valueToXml(def: ElementDef, v: unknown, ext: Json | undefined): string {
  if (def.type === 'xhtml') return narrativeToXml(v);
  if (primitiveKind(def.type)) {
    const head = `<${def.name}${attrs({ id: ext?.['id'] as string | undefined, value: v === undefined || v === null ? undefined : String(v) })}`;
    const children = ((ext?.['extension'] as Json[] | undefined) ?? []).map((e) => complexToXml('extension', 'Extension', e)).join('');
    return children ? `${head}>${children}</${def.name}>` : `${head}/>`;
  }
  if (def.type === 'Resource') return `<${def.name}>${resourceToXml(v as Json, false)}</${def.name}>`;
  return complexToXml(def.name, def.type, v as Json);
}

function elementsToXml(obj: Json, type: TypeDef, typeName: string, isResource: boolean): string {
  let out = '';
  for (const def of type.values()) {
    if ((!isResource && def.name === 'id') || (typeName === 'Extension' && def.name === 'url')) continue;
    const v = obj[def.name];
    const ext = obj[`_${def.name}`];
    if (v === undefined && ext === undefined) continue;
    const n = def.array ? Math.max(Array.isArray(v) ? v.length : 0, Array.isArray(ext) ? ext.length : 0) : 1;
    for (let i = 0; i < n; i++) out += valueToXml(def, itemAt(v, i, def.array), (itemAt(ext, i, def.array) ?? undefined) as Json | undefined);
  }
  return out;
}

function complexToXml(name: string, typeName: string, v: Json): string {
  const head = attrs({ id: v['id'] as string | undefined, url: typeName === 'Extension' ? (v['url'] as string) : undefined });
  return `<${name}${head}>${elementsToXml(v, typeDef(typeName) as TypeDef, typeName, false)}</${name}>`;
}

function resourceToXml(r: Json, root: boolean): string {
  const rt = String(r['resourceType']);
  const type = typeDef(rt) ?? (() => { throw new FhirFormatError('not-supported', `resource type ${rt} is not one the gateway writes`); })();
  return `<${rt}${root ? ` xmlns="${FHIR_NS}"` : ''}>${elementsToXml(r, type, rt, true)}</${rt}>`;
}

/**
 * Writes a resource as FHIR XML.
 * @param resource - the resource in its JSON form
 * @returns the XML document text
 * @throws FhirFormatError for a resource type the schema does not know, or a narrative that is not XHTML
 */
export function serializeFhirXml(resource: Resource): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${resourceToXml(resource as unknown as Json, true)}`;
}
