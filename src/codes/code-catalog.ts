/**
 * The affinity domain's code lists, loaded once from metadata-codes/ (or one of its profile
 * folders) into a CodeCatalog: lookup by code system + code, the value set of each metadata
 * attribute, the 9602 class → type hierarchy, and the plain value lists (mimeType, languageCode).
 * The gateway runs without ../shared, so only metadata-codes/ is read here. See house-style A1,
 * ITI TF-3 4.2.3.1.2 (coded values), norway-profile.md §2.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANY_SYSTEM, CODE_SYSTEMS_FILE, type CodeRecord, type CodeSystemRecord, type ValueSetPart } from './code-files.js';
import { parseCodesFile, type ParsedCodesFile } from './code-file-schema.js';

/** Outcome of checking one coded value against an attribute's value set. */
export type CodeCheck =
  | { readonly result: 'ok'; readonly system: string; readonly entry?: CodeRecord }
  /** The catalog has no value set for the attribute: nothing to check. */
  | { readonly result: 'no-value-set' }
  | { readonly result: 'system-not-accepted'; readonly system: string; readonly accepted: readonly string[] }
  | { readonly result: 'unknown-code'; readonly system: string };

interface LoadedValueSet {
  readonly parts: readonly ValueSetPart[];
  /** system → code → record */
  readonly index: ReadonlyMap<string, ReadonlyMap<string, CodeRecord>>;
}

interface ValueList { readonly values: readonly string[]; readonly byFormatCode: Readonly<Record<string, readonly string[]>> }

function indexParts(parts: readonly ValueSetPart[]): Map<string, Map<string, CodeRecord>> {
  const index = new Map<string, Map<string, CodeRecord>>();
  for (const part of parts) {
    const codes = index.get(part.system) ?? new Map<string, CodeRecord>();
    for (const c of part.codes ?? []) codes.set(c.code, c);
    index.set(part.system, codes);
  }
  return index;
}

/** Code lists of one affinity domain. Immutable once built. */
export class CodeCatalog {
  private readonly systems = new Map<string, CodeSystemRecord>();
  private readonly aliases = new Map<string, string>();
  private readonly valueSets = new Map<string, LoadedValueSet>();
  private readonly lists = new Map<string, ValueList>();
  /** system → code → record, over every value set: the catalog-wide lookup. */
  private readonly codes = new Map<string, Map<string, CodeRecord>>();

  /**
   * @param files - parsed contents of a metadata-codes folder
   */
  constructor(files: readonly ParsedCodesFile[]) {
    for (const f of files) {
      if (f.kind === 'systems') f.content.systems.forEach((s) => this.addSystem(s));
      else if (f.kind === 'value-set') this.addValueSet(f.content.attribute, f.content.parts);
      else this.lists.set(f.content.attribute, { values: f.content.values, byFormatCode: f.content.byFormatCode ?? {} });
    }
  }

  private addSystem(s: CodeSystemRecord): void {
    this.systems.set(s.oid, s);
    for (const alias of [...(s.aliases ?? []), ...(s.uri ? [s.uri] : [])]) if (alias !== s.oid) this.aliases.set(alias, s.oid);
  }

  private addValueSet(attribute: string, parts: readonly ValueSetPart[]): void {
    const index = indexParts(parts);
    this.valueSets.set(attribute, { parts, index });
    for (const [system, codes] of index) {
      const all = this.codes.get(system) ?? new Map<string, CodeRecord>();
      for (const [code, rec] of codes) if (!all.has(code)) all.set(code, rec);
      this.codes.set(system, all);
    }
  }

  /**
   * The canonical id of a coding scheme as sent: `urn:oid:` dropped, FHIR URIs and other
   * known spellings mapped to the system's OID.
   * @param scheme - codingScheme or FHIR system as sent
   * @returns the canonical system id (the input, trimmed, when nothing maps it)
   */
  canonicalSystem(scheme: string): string {
    const s = scheme.trim();
    const bare = s.startsWith('urn:oid:') ? s.slice(8) : s;
    return this.aliases.get(s) ?? this.aliases.get(bare) ?? bare;
  }

  /** Description of a code system (name, FHIR URI, completeness), by any of its spellings. */
  systemInfo(scheme: string): CodeSystemRecord | undefined {
    return this.systems.get(this.canonicalSystem(scheme));
  }

  /** Looks a code up by code system (any spelling) and code, across every value set. */
  lookup(scheme: string, code: string): CodeRecord | undefined {
    return this.codes.get(this.canonicalSystem(scheme))?.get(code);
  }

  /** The broader code a code sits under (9602: the class of a type code), if any. */
  parentOf(scheme: string, code: string): string | undefined {
    return this.lookup(scheme, code)?.parent;
  }

  /** True when the catalog binds the attribute to a value set. */
  hasValueSet(attribute: string): boolean {
    return this.valueSets.has(attribute);
  }

  /** The systems an attribute's value set draws on (ANY_SYSTEM included when present). */
  acceptedSystems(attribute: string): readonly string[] {
    return [...(this.valueSets.get(attribute)?.index.keys() ?? [])];
  }

  /**
   * Checks a coded value against an attribute's value set.
   * @param attribute - attribute name, e.g. "classCode" or "eventCodeList"
   * @param value - the code and its codingScheme as sent
   * @returns ok, or why the value is not in the value set
   */
  check(attribute: string, value: { readonly code: string; readonly codingScheme: string }): CodeCheck {
    const vs = this.valueSets.get(attribute);
    if (!vs) return { result: 'no-value-set' };
    const system = this.canonicalSystem(value.codingScheme);
    const anyScheme = vs.index.get(ANY_SYSTEM)?.get(value.code);
    if (anyScheme) return { result: 'ok', system, entry: anyScheme };
    const codes = vs.index.get(system);
    if (!codes) return { result: 'system-not-accepted', system, accepted: this.acceptedSystems(attribute).filter((s) => s !== ANY_SYSTEM) };
    const part = vs.parts.find((p) => p.system === system && p.open);
    if (part) return { result: 'ok', system };
    const entry = codes.get(value.code);
    return entry ? { result: 'ok', system, entry } : { result: 'unknown-code', system };
  }

  /** A plain value list (e.g. "mimeType", "languageCode"), or undefined when there is none. */
  valueList(attribute: string): readonly string[] | undefined {
    return this.lists.get(attribute)?.values;
  }

  /** The media types a formatCode allows, or undefined when it restricts nothing. */
  mimeTypesForFormat(formatCode: string): readonly string[] | undefined {
    return this.lists.get('mimeType')?.byFormatCode[formatCode];
  }
}

/** Finds metadata-codes/ by walking up from this module (works from src/ and from dist/). */
function findCodesRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'metadata-codes');
    if (existsSync(path.join(candidate, CODE_SYSTEMS_FILE))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('metadata-codes/ not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let codesRoot: string | undefined;

/** Absolute path of the project's metadata-codes/ folder. */
function metadataCodesDir(): string {
  codesRoot ??= findCodesRoot();
  return codesRoot;
}

/**
 * Reads one metadata-codes folder into a catalog, without caching.
 * @param dir - absolute folder path
 * @throws Error naming the file when a file is not valid JSON or not of a known shape
 */
export function readCodeCatalog(dir: string): CodeCatalog {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  return new CodeCatalog(names.map((n) => parseCodesFile(n, readFileSync(path.join(dir, n), 'utf8'))));
}

const loaded = new Map<string, CodeCatalog>();

/**
 * The catalog of a folder of metadata-codes/, read on first use and kept.
 * @param folder - "" for the norway lists at the top, or a profile folder such as "ihe-generic"
 * @returns the catalog
 */
export function loadCodeCatalog(folder = ''): CodeCatalog {
  const dir = path.join(metadataCodesDir(), folder);
  let catalog = loaded.get(dir);
  if (!catalog) {
    catalog = readCodeCatalog(dir);
    loaded.set(dir, catalog);
  }
  return catalog;
}
