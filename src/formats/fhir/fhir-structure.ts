/**
 * Checks a parsed FHIR JSON value against fhir-schema.ts before any mapping touches it: only
 * known resource types and elements, the right JSON types, repeating elements as non-empty
 * arrays, no empty strings or objects, at most one element of a choice, and no key that could
 * reach an object's prototype. Every refusal names the FHIRPath at fault.
 * See http://hl7.org/fhir/R4/json.html.
 */
import { FhirFormatError } from './fhir-format-error.js';
import type { FhirLimits } from './fhir-limits.js';
import { INTEGER_TYPES, primitiveKind, RESOURCE_TYPES, typeDef, type ElementDef, type TypeDef } from './fhir-schema.js';
import type { Resource } from './resources.js';

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const PRIMITIVE_ELEMENT: TypeDef = new Map([
  ['id', { name: 'id', type: 'string', array: false }], ['extension', { name: 'extension', type: 'Extension', array: true }],
]);

const fail = (path: string, message: string): never => { throw new FhirFormatError('structure', `${path}: ${message}`, path); };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkPrimitive(v: unknown, type: string, path: string): void {
  const kind = primitiveKind(type);
  if (typeof v !== kind) fail(path, `expected a ${kind} (${type})`);
  if (typeof v === 'string' && v.trim() === '') fail(path, 'a string must not be empty');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(path, 'not a finite number');
    if (INTEGER_TYPES.has(type) && (!Number.isInteger(v) || (type !== 'integer' && v < (type === 'positiveInt' ? 1 : 0)))) fail(path, `not a valid ${type}`);
  }
}

function checkValue(v: unknown, def: ElementDef, path: string, depth: number, limits: FhirLimits): void {
  if (v === null) fail(path, 'null is not a value');
  if (primitiveKind(def.type)) checkPrimitive(v, def.type, path);
  else if (def.type === 'Resource') checkAnyResource(v, path, depth + 1, limits);
  else checkObject(v, typeDef(def.type) ?? fail(path, `no definition for ${def.type}`), path, depth + 1, limits);
}

function checkElement(obj: Record<string, unknown>, key: string, type: TypeDef, path: string, depth: number, limits: FhirLimits): void {
  const primitiveExtension = key.startsWith('_');
  const def = type.get(primitiveExtension ? key.slice(1) : key);
  const at = `${path}.${key}`;
  if (!def || (primitiveExtension && !primitiveKind(def.type))) fail(at, 'unknown element');
  const d = def as ElementDef;
  const value = obj[key];
  if (!d.array) {
    if (Array.isArray(value)) fail(at, 'a single value was expected, not an array');
    if (primitiveExtension) checkObject(value, PRIMITIVE_ELEMENT, at, depth + 1, limits);
    else checkValue(value, d, at, depth, limits);
    return;
  }
  if (!Array.isArray(value) || value.length === 0) fail(at, 'a non-empty array was expected');
  const partner = obj[primitiveExtension ? key.slice(1) : `_${key}`];
  if (partner !== undefined && (!Array.isArray(partner) || partner.length !== (value as unknown[]).length)) {
    fail(at, 'a primitive array and its extensions must have the same length');
  }
  (value as unknown[]).forEach((item, i) => {
    const itemAt = `${at}[${i}]`;
    if (item === null && primitiveKind(d.type)) return; // paired with a primitive extension at this index
    if (primitiveExtension) checkObject(item, PRIMITIVE_ELEMENT, itemAt, depth + 1, limits);
    else checkValue(item, d, itemAt, depth, limits);
  });
}

function checkObject(v: unknown, type: TypeDef, path: string, depth: number, limits: FhirLimits, resourceType?: string): void {
  if (depth > limits.maxDepth) throw new FhirFormatError('too-costly', `${path}: nested deeper than ${limits.maxDepth}`, path);
  if (!isPlainObject(v)) fail(path, 'an object was expected');
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 0 || (resourceType && keys.length === 1)) fail(path, 'an element must have content');
  const choices = new Set<string>();
  for (const key of keys) {
    if (PROTOTYPE_KEYS.has(key)) fail(`${path}.${key}`, 'this key is not accepted');
    if (key === 'resourceType' && resourceType) continue;
    const choice = type.get(key)?.choice;
    if (choice) {
      if (choices.has(choice)) fail(`${path}.${key}`, `more than one ${choice}[x]`);
      choices.add(choice);
    }
    checkElement(obj, key, type, path, depth, limits);
  }
}

function checkAnyResource(v: unknown, path: string, depth: number, limits: FhirLimits): Resource {
  if (!isPlainObject(v)) fail(path, 'a resource (a JSON object) was expected');
  const resourceType = (v as Record<string, unknown>)['resourceType'];
  if (typeof resourceType !== 'string') fail(path, 'the resource has no resourceType');
  const rt = resourceType as string;
  if (!RESOURCE_TYPES.has(rt)) throw new FhirFormatError('not-supported', `${path || 'the resource'}: resource type ${rt.slice(0, 64)} is not one the gateway reads`, path || rt.slice(0, 64));
  checkObject(v, typeDef(rt) as TypeDef, path === '' ? rt : path, depth, limits, rt);
  return v as unknown as Resource;
}

/**
 * Checks a parsed JSON value as a FHIR resource.
 * @param value - the result of JSON.parse, or of reading FHIR XML
 * @param limits - the depth limit applies here too
 * @returns the value, typed as a resource
 * @throws FhirFormatError naming the FHIRPath at fault
 */
export function checkResource(value: unknown, limits: FhirLimits): Resource {
  return checkAnyResource(value, '', 0, limits);
}
