import type { Xon } from '../../domain/datatypes.js';
import { prune } from '../prune.js';
import { joinComponents, nonEmpty, parseHd, serializeHd } from './hd.js';

/**
 * HL7 v2 XON (organisation) ↔ domain Xon: `name^^^^^&OID&ISO^type^^^orgId`.
 * Norwegian institutions: `Name^^^^^&2.16.578.1.12.4.1.4.101&ISO^^^^<orgnr>`.
 * See ITI TF-3 4.2.3.1.9.
 */

/**
 * Parses an XON string; a plain name (no `^`) is XON.1.
 * @param text - the XON as sent
 * @returns the Xon, or undefined for an empty or blank string
 */
export function parseXon(text: string): Xon | undefined {
  if (text.trim() === '') return undefined;
  const c = text.split('^');
  const hd = parseHd(c[5] ?? '');
  return prune<Xon>({
    organizationName: c[0] ?? '',
    assigningAuthority: nonEmpty(hd.universalId),
    identifierTypeCode: nonEmpty(c[6]),
    organizationIdentifier: nonEmpty(c[9]),
  });
}

/**
 * Writes an XON string with trailing empty components dropped.
 * @param xon - the organisation
 * @returns the XON string
 */
export function serializeXon(xon: Xon): string {
  return joinComponents([
    xon.organizationName, '', '', '', '', serializeHd(xon.assigningAuthority),
    xon.identifierTypeCode, '', '', xon.organizationIdentifier,
  ]);
}
