import type { Association } from '../../domain/association.js';
import type { Author, Code, Cx, ExtraMetadata } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { Folder } from '../../domain/folder.js';
import type { SubmissionSet } from '../../domain/submission-set.js';

/**
 * Compact, immutable copies of stored objects. A registry of a million entries repeats the same
 * codes, patients, authors and vocabulary strings over and over; each distinct value is kept
 * once (interned) and shared, frozen, by every object that uses it. Objects handed in must be
 * private copies (parsed from the log record): they are compacted and frozen in place, so a
 * caller's objects are never frozen or kept.
 */

const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_EXTRA: ExtraMetadata = Object.freeze({});

/** Freezes a JSON-shaped value and everything inside it. */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Everything that tells two codes apart, the display name in every language included. */
const codeIdentity = (c: Code): string => `${c.code}\u0001${c.codingScheme}\u0001${c.displayName ?? '\u0002'}`
  + (c.localizedDisplayName ? `\u0001${JSON.stringify(c.localizedDisplayName)}` : '');

/** Keeps one frozen instance of every distinct value seen. */
export class Interner {
  private readonly values = new Map<string, unknown>();
  private readonly shared = new WeakSet<object>([EMPTY_LIST, EMPTY_EXTRA]);

  private one<T>(key: string, make: () => T): T {
    const hit = this.values.get(key);
    if (hit !== undefined) return hit as T;
    const v = deepFreeze(make());
    this.values.set(key, v);
    if (typeof v === 'object' && v !== null) this.shared.add(v);
    return v;
  }

  /** Whether a value is an interned instance (strings: always treated as such). */
  isShared(v: unknown): boolean {
    return typeof v === 'string' || (typeof v === 'object' && v !== null && this.shared.has(v));
  }

  /** A string from a small vocabulary (status, MIME type, repository id…). */
  str(s: string): string { return this.one(`s${s}`, () => s); }

  code(c: Code): Code {
    return this.one(`c${codeIdentity(c)}`, () => c);
  }

  codes(list: readonly Code[]): readonly Code[] {
    if (list.length === 0) return EMPTY_LIST;
    const items = list.map((c) => this.code(c));
    return this.one(`C${items.map(codeIdentity).join('\u0003')}`, () => items);
  }

  cx(c: Cx): Cx { return this.one(`x${JSON.stringify(c)}`, () => c); }

  strings(list: readonly string[]): readonly string[] {
    return list.length === 0 ? EMPTY_LIST : this.one(`S${list.join('\u0003')}`, () => list);
  }

  authors(list: readonly Author[]): readonly Author[] {
    return list.length === 0 ? EMPTY_LIST : this.one(`A${JSON.stringify(list)}`, () => list);
  }

  extra(e: ExtraMetadata): ExtraMetadata {
    return Object.keys(e).length === 0 ? EMPTY_EXTRA : deepFreeze(e);
  }
}

type Transforms<T> = { readonly [K in keyof T]?: (v: NonNullable<T[K]>) => T[K] };
type FieldFns = Readonly<Record<string, ((v: unknown) => unknown) | undefined>>;

/** The kinds of stored objects, by their letter in snapshot chunks. */
export type Kind = 's' | 'f' | 'd' | 'a';

/** Association ends: canonicalised by lookup, never interned. */
const ENDS = new Set(['sourceUuid', 'targetUuid']);

/**
 * Compacts a private object in place and freezes it: listed fields pass through their
 * transform, other nested values are frozen. In place, because V8 keeps one hidden class for all
 * objects parsed from the same JSON shape, whereas copies enumerated with for…in each got a
 * hidden class of their own (about 400 bytes per object, measured).
 */
function rebuild<T extends object>(o: T, t: Transforms<T> | FieldFns): T {
  const obj = o as Record<string, unknown>;
  const fns = t as FieldFns;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined || v === null) continue;
    const fn = fns[k];
    if (fn) obj[k] = fn(v); else if (typeof v === 'object') deepFreeze(v);
  }
  return Object.freeze(o);
}

/**
 * Compacts stored objects with one Interner. The transform tables are built once: closures
 * created per object showed up as a hot spot under the benchmark.
 */
export class Compactor {
  private readonly I = new Interner();
  private readonly de: Transforms<DocumentEntry>;
  private readonly ss: Transforms<SubmissionSet>;
  private readonly folder: Transforms<Folder>;
  private readonly assoc: Transforms<Association>;

  /**
   * @param source - finds the stored instance of an association's sourceUuid string
   * @param target - the same for its targetUuid (looked up in another order: a target is
   *   usually a DocumentEntry, a source a SubmissionSet)
   */
  constructor(source: (uuid: string) => string, target: (uuid: string) => string) {
    const I = this.I;
    const s = <V extends string>(v: V): V => I.str(v) as V;
    const c = (v: Code): Code => I.code(v);
    const cx = (v: Cx): Cx => I.cx(v);
    const extra = (v: ExtraMetadata): ExtraMetadata => I.extra(v);
    const authors = (v: readonly Author[]): readonly Author[] => I.authors(v);
    this.de = {
      objectType: s, availabilityStatus: s, homeCommunityId: s, patientId: cx, sourcePatientId: cx,
      sourcePatientInfo: (v) => I.strings(v), classCode: c, typeCode: c, formatCode: c, healthcareFacilityTypeCode: c,
      practiceSettingCode: c, confidentialityCodes: (v) => I.codes(v), eventCodeList: (v) => I.codes(v), languageCode: s,
      mimeType: s, repositoryUniqueId: s, authors, referenceIdList: (v) => I.strings(v), version: s, documentAvailability: s, extraMetadata: extra,
    };
    this.ss = { sourceId: s, patientId: cx, contentTypeCode: c, authors, availabilityStatus: s, homeCommunityId: s, extraMetadata: extra };
    this.folder = { patientId: cx, codeList: (v) => I.codes(v), availabilityStatus: s, homeCommunityId: s, extraMetadata: extra, version: s };
    // An association's ends reuse the string held by the object they name, so a link costs no new string.
    this.assoc = {
      type: (v) => (typeof v === 'string' ? s(v) : deepFreeze(v)), sourceUuid: source, targetUuid: target,
      availabilityStatus: s, submissionSetStatus: s, homeCommunityId: s, extraMetadata: extra,
    };
  }

  documentEntry(e: DocumentEntry): DocumentEntry { return rebuild(e, this.de); }
  submissionSet(ss: SubmissionSet): SubmissionSet { return rebuild(ss, this.ss); }
  folderOf(f: Folder): Folder { return rebuild(f, this.folder); }
  association(a: Association): Association { return rebuild(a, this.assoc); }
  /** The shared instance of a vocabulary string. */
  str<V extends string>(v: V): V { return this.I.str(v) as V; }

  /**
   * Fields whose values are interned, per kind. A snapshot writes each such value once and
   * refers to it by number (snapshot-codec.ts). Association ends are not among them: they are
   * canonicalised against the objects they name instead.
   */
  refFields(kind: Kind): readonly string[] {
    return Object.keys(this.table(kind)).filter((k) => !ENDS.has(k));
  }

  /**
   * A decoder of encoded objects (snapshot-codec.ts) whose ref fields hold numbers into
   * `values` (which may grow between calls) or, for values that were not shared, the value
   * itself. Each number is interned once, so the objects share the values of objects committed
   * later. Association ends given as numbers are ordinals into `scope`. Compacts and freezes
   * the object in place, like the methods above.
   */
  decoder(values: readonly unknown[], scope: readonly string[]): (kind: Kind, o: object) => object {
    const resolved: unknown[] = [];
    const ref = (fn: (v: unknown) => unknown) => (id: unknown): unknown => {
      if (typeof id !== 'number') return fn(id);
      let v = resolved[id];
      if (v === undefined) { v = fn(values[id]); resolved[id] = v; }
      return v;
    };
    const end = (fn: (v: unknown) => unknown) => (v: unknown): unknown => (typeof v === 'number' ? scope[v] : fn(v));
    const decoding = (kind: Kind): FieldFns => Object.fromEntries(Object.entries(this.table(kind) as FieldFns)
      .map(([k, fn]) => [k, fn && (ENDS.has(k) ? end(fn) : ref(fn))]));
    const tables: Readonly<Record<Kind, FieldFns>> = { s: decoding('s'), f: decoding('f'), d: decoding('d'), a: decoding('a') };
    return (kind, o) => rebuild(o, tables[kind]);
  }

  /** Whether a value is interned, so that an encoder may write it once and refer to it. */
  isShared(v: unknown): boolean { return this.I.isShared(v); }

  private table(kind: Kind): FieldFns {
    const t = kind === 'd' ? this.de : kind === 's' ? this.ss : kind === 'f' ? this.folder : this.assoc;
    return t as FieldFns;
  }
}
