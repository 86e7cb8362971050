import { codeKey, type Code } from '../../domain/datatypes.js';
import type { DocumentEntry } from '../../domain/document-entry.js';
import type { DocumentEntryFilter } from '../ports.js';

/**
 * The DocumentEntry attributes that stored queries test for equality against an OR list
 * (status, objectType and the single-valued codes), kept per patient as small integers in one
 * flat array next to the entries (EntryBucket).
 *
 * Why: FindDocuments touches every entry of a patient to keep about a tenth of them. Reading a
 * uuid, looking it up in a registry-wide Map and then testing fields of the entry object costs
 * a few cache misses per candidate, and more of them the larger the registry (p50 0.039 ms at
 * 100k entries, 0.075 ms at 1M, measured). A patient's column values lie in one contiguous
 * array that is read sequentially, so the test costs about the same at any registry size, and
 * only the entries that match are touched: the store's part of that query now takes p50
 * 0.006 ms at 100k and 0.007 ms at 1M (bench/stored-query.ts). Cost: 7 numbers per entry
 * (about 50 bytes of the 1,135 an entry takes with its SubmissionSet and HasMember).
 */

/** Filter fields answered by a column, in column order. */
const COLUMN_FILTERS = ['statuses', 'objectTypes', 'classCodes', 'typeCodes', 'formatCodes',
  'practiceSettingCodes', 'healthcareFacilityTypeCodes'] as const satisfies readonly (keyof DocumentEntryFilter)[];

/** Column values of an entry, as the interned strings and Codes it holds. */
const COLUMN_VALUES: readonly ((e: DocumentEntry) => string | Code | undefined)[] = [
  (e) => e.availabilityStatus, (e) => e.objectType, (e) => e.classCode, (e) => e.typeCode, (e) => e.formatCode,
  (e) => e.practiceSettingCode, (e) => e.healthcareFacilityTypeCode,
];

/** Numbers per entry in EntryBucket.cols. */
const WIDTH = COLUMN_FILTERS.length;

/** One column test of a compiled filter: the entry passes when mask[its id] is 1. */
export interface ColumnCheck {
  readonly col: number;
  readonly mask: Uint8Array;
}

/**
 * Numbers the distinct values of each column (1, 2, …; 0 is "absent"). Values are the
 * filter's keys: the string itself, or "code^^scheme" for a Code, so Codes that differ only in
 * displayName share an id. Stored values are interned (intern.ts), so a second map by value
 * identity answers most lookups without building the key string.
 */
export class ColumnDictionary {
  private readonly byKey = Array.from({ length: WIDTH }, () => new Map<string, number>());
  private readonly byValue = Array.from({ length: WIDTH }, () => new Map<string | Code, number>());

  /** The ids of an entry's column values, appended to `out`. */
  append(e: DocumentEntry, out: number[]): void {
    for (let c = 0; c < WIDTH; c++) out.push(this.idOf(c, COLUMN_VALUES[c]!(e)));
  }

  /** The ids of an entry's column values. */
  row(e: DocumentEntry): number[] {
    const out: number[] = [];
    this.append(e, out);
    return out;
  }

  /**
   * Compiles the column part of a filter. An absent or empty list does not constrain, except
   * `statuses`, which is required: an empty list matches nothing.
   */
  checks(f: DocumentEntryFilter): ColumnCheck[] {
    const out: ColumnCheck[] = [];
    COLUMN_FILTERS.forEach((field, col) => {
      const list: readonly string[] | undefined = f[field];
      if (field !== 'statuses' && (!list || list.length === 0)) return;
      const ids = (list ?? []).map((k) => this.byKey[col]!.get(k)).filter((id): id is number => id !== undefined);
      const mask = new Uint8Array(ids.length === 0 ? 0 : Math.max(...ids) + 1);
      for (const id of ids) mask[id] = 1;
      out.push({ col, mask });
    });
    return out;
  }

  private idOf(col: number, v: string | Code | undefined): number {
    if (v === undefined) return 0;
    const byValue = this.byValue[col]!;
    let id = byValue.get(v);
    if (id !== undefined) return id;
    const byKey = this.byKey[col]!;
    const key = typeof v === 'string' ? v : codeKey(v);
    id = byKey.get(key);
    if (id === undefined) { id = byKey.size + 1; byKey.set(key, id); }
    byValue.set(v, id);
    return id;
  }
}

/** Whether a row of column ids (at `base` in `cols`) passes every check. */
export function passes(cols: readonly number[], base: number, checks: readonly ColumnCheck[]): boolean {
  for (let c = 0; c < checks.length; c++) {
    const check = checks[c]!;
    if (check.mask[cols[base + check.col]!] !== 1) return false;
  }
  return true;
}

/**
 * The DocumentEntries of one patient in insertion order, with WIDTH column ids per entry in
 * `cols`. The current version of an entry replaces the old one in place (status changes).
 */
export class EntryBucket {
  readonly entries: DocumentEntry[] = [];
  readonly cols: number[] = [];

  /** Appends an entry and its column ids. */
  add(e: DocumentEntry, dict: ColumnDictionary): void {
    this.entries.push(e);
    dict.append(e, this.cols);
  }

  /** Puts `next` where `prev` was; patient, uuid and codes are the same, the status may differ. */
  replace(prev: DocumentEntry, next: DocumentEntry, dict: ColumnDictionary): void {
    const i = this.entries.indexOf(prev);
    if (i < 0) return;
    this.entries[i] = next;
    const row = dict.row(next);
    for (let c = 0; c < WIDTH; c++) this.cols[i * WIDTH + c] = row[c]!;
  }

  /**
   * Appends the entries that pass the checks and `rest` to `out`, up to `limit` results.
   * @returns false once `out` holds `limit` results
   */
  select(checks: readonly ColumnCheck[], rest: ((e: DocumentEntry) => boolean) | undefined, out: DocumentEntry[], limit: number): boolean {
    const { entries, cols } = this;
    for (let i = 0, base = 0; i < entries.length; i++, base += WIDTH) {
      if (!passes(cols, base, checks)) continue;
      const e = entries[i]!;
      if (rest && !rest(e)) continue;
      out.push(e);
      if (out.length >= limit) return false;
    }
    return true;
  }
}
