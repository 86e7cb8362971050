import type { Xcn } from '../../domain/datatypes.js';
import { prune } from '../prune.js';
import { joinComponents, nonEmpty, parseHd, serializeHd } from './hd.js';

/**
 * HL7 v2 XCN (person) ↔ domain Xcn: `id^family^given^second^suffix^prefix^^^&OID&ISO`.
 * Components the model does not keep (degree, source table, name type …) are dropped.
 * See ITI TF-3 4.2.3.1.8.
 */

/**
 * Parses an XCN string. Any non-empty text is accepted: a value without `^` is XCN.1, the
 * id number (as HL7 reads it), and the rules decide whether the result is enough.
 * @param text - the XCN as sent, e.g. `565505933^Nordmann^Kari^^^^^^&2.16.578.1.12.4.1.4.4&ISO`
 * @returns the Xcn, or undefined for an empty or blank string
 */
export function parseXcn(text: string): Xcn | undefined {
  if (text.trim() === '') return undefined;
  const c = text.split('^');
  const hd = parseHd(c[8] ?? '');
  return prune<Xcn>({
    idNumber: nonEmpty(c[0]),
    familyName: nonEmpty(c[1]),
    givenName: nonEmpty(c[2]),
    secondNames: nonEmpty(c[3]),
    suffix: nonEmpty(c[4]),
    prefix: nonEmpty(c[5]),
    assigningAuthority: nonEmpty(hd.universalId),
  });
}

/**
 * Writes an XCN string with trailing empty components dropped.
 * @param xcn - the person
 * @returns the XCN string
 */
export function serializeXcn(xcn: Xcn): string {
  return joinComponents([
    xcn.idNumber, xcn.familyName, xcn.givenName, xcn.secondNames, xcn.suffix, xcn.prefix,
    '', '', serializeHd(xcn.assigningAuthority),
  ]);
}
