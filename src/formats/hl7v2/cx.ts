import type { Cx } from '../../domain/datatypes.js';
import { prune } from '../prune.js';
import { joinComponents, nonEmpty, parseHd } from './hd.js';

/**
 * HL7 v2 CX (patient identifier) ↔ domain Cx. XDS uses `id^^^&OID&ISO`, and CXi
 * (referenceIdList) adds CX.5 and CX.6. See ITI TF-3 4.2.3.1.7 and 4.2.3.2.28.
 *
 * Convention: `universalIdType` is left out of the domain value when it is `ISO` (the only
 * type XDS allows), so `{ id, assigningAuthority }` is the normal form and anything else
 * that a sender wrote (including '') is kept for the rules to reject.
 */

/**
 * Parses a CX string.
 * @param text - the CX as sent, e.g. `13116900216^^^&2.16.578.1.12.4.1.4.1&ISO`
 * @returns the Cx, or undefined when CX.4 carries no universal id (no assigning authority OID)
 */
export function parseCx(text: string): Cx | undefined {
  const c = text.split('^');
  if (c.length < 4) return undefined;
  const hd = parseHd(c[3] ?? '');
  if (hd.universalId === '') return undefined;
  return prune<Cx>({
    id: c[0] ?? '',
    assigningAuthority: hd.universalId,
    namespaceId: nonEmpty(hd.namespaceId),
    universalIdType: hd.universalIdType === 'ISO' ? undefined : hd.universalIdType,
    identifierTypeCode: nonEmpty(c[4]),
    assigningFacility: nonEmpty(c[5]),
  });
}

/**
 * Lenient reading for metadata: a string that is not a CX is kept whole as the id with an
 * empty assigning authority, so the submission rules can report it (BAD_CX) instead of the
 * decoder losing it. serializeCx writes such a value back unchanged.
 * @param text - the CX as sent
 * @returns the Cx, never undefined
 */
export function parseCxLenient(text: string): Cx {
  return parseCx(text) ?? { id: text, assigningAuthority: '' };
}

/**
 * Writes a CX string: `id^^^ns&OID&type[^CX.5[^CX.6]]`. A Cx without an assigning authority
 * (see parseCxLenient) is written as its bare id.
 * @param cx - the identifier
 * @returns the CX string
 */
export function serializeCx(cx: Cx): string {
  if (cx.assigningAuthority === '' && !cx.namespaceId) return cx.id;
  const hd = `${cx.namespaceId ?? ''}&${cx.assigningAuthority}&${cx.universalIdType ?? 'ISO'}`;
  return joinComponents([cx.id, '', '', hd, cx.identifierTypeCode, cx.assigningFacility]);
}
