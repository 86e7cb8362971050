import type { Xcn } from '../domain/datatypes.js';

/**
 * Storage-neutral comparison keys that every adapter must compute the same way, so that the
 * embedded and the MongoDB adapter answer a filter identically (the contract suite checks it).
 */

/** The first instant of a DTM: month and day 01, hour, minute and second 00. */
const DTM_PAD = '00000101000000';

/**
 * Turns a DTM of any precision (YYYY[MM[DD[hh[mm[ss]]]]]) into a 14-digit key that sorts as
 * the first instant it denotes: "2004" → "20040101000000", "200412" → "20041201000000".
 *
 * Decision (ITI TF-2 3.18.4.1.2.3.6 leaves the mixing of precisions open): both the stored
 * value and the query bound are taken as the first instant they denote, then compared as
 * strings: `from` inclusive (key ≥ from), `to` exclusive (key < to). So a document created
 * "2004" matches From=2004 and To=200401 is false for it (2004-01-01 is not < 2004-01-01).
 * Characters after the leading digits (fractions, zone offsets) are ignored.
 * @param dtm - the DTM string as stored or as sent in a query
 * @returns a 14-character string of digits
 */
export function dtmKey(dtm: string): string {
  let n = 0;
  while (n < dtm.length && n < 14 && dtm.charCodeAt(n) >= 48 && dtm.charCodeAt(n) <= 57) n++;
  return n === dtm.length && n === 14 ? dtm : dtm.slice(0, n) + DTM_PAD.slice(n);
}

/**
 * Whether a DTM lies in a range: from inclusive, to exclusive (ITI TF-2 3.18.4.1.2.3.6).
 * A missing value never lies in a range that has a bound.
 * @param value - the stored DTM, if any
 * @param fromKey - dtmKey of the lower bound, if any
 * @param toKey - dtmKey of the upper bound, if any
 * @returns true when the value satisfies both bounds
 */
export function dtmInRange(value: string | undefined, fromKey: string | undefined, toKey: string | undefined): boolean {
  if (fromKey === undefined && toKey === undefined) return true;
  if (value === undefined) return false;
  const k = dtmKey(value);
  return (fromKey === undefined || k >= fromKey) && (toKey === undefined || k < toKey);
}

/**
 * The XCN string an author LIKE pattern is matched against: id^family^given^second^suffix^prefix
 * ^^^&authority&ISO with trailing empty components dropped, as in ITI TF-3 4.2.3.1.8.
 * @param x - the person
 * @returns the XCN string, e.g. "^Welby^Marcus^^^Dr"
 */
export function xcnString(x: Xcn): string {
  const parts = [x.idNumber, x.familyName, x.givenName, x.secondNames, x.suffix, x.prefix, undefined, undefined,
    x.assigningAuthority === undefined ? undefined : `&${x.assigningAuthority}&ISO`];
  let end = parts.length;
  while (end > 0 && !parts[end - 1]) end--;
  return parts.slice(0, end).map((p) => p ?? '').join('^');
}
