import type { Author, Cx } from '../domain/datatypes.js';

/**
 * Value formats of Document Sharing metadata, as predicates. See ITI TF-3 4.2.3.1
 * (data types) and 4.2.3.2 (DocumentEntry attributes).
 */

/**
 * ITI TF-3 4.2.3.1.6 asks for "digits and dots". ISO/IEC 8824 would also bound the first arc
 * to 0–2, but sources in the field (among them the NIST XDS Toolkit's own test data, with
 * sourceId 129.6.58.92.1.1) send other first arcs, and refusing them gains nothing for the
 * registry: it never resolves an OID, it only compares them.
 */
const OID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/;
const DTM = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2}))?)?)?)?)?$/;
const HASH = /^[0-9a-fA-F]{40}$/;
/** RFC 5646 in the shape metadata uses: a primary subtag and optional subtags. */
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MIME = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;.*)?$`);

/** An OID of digits and dots, at most 64 characters. ITI TF-3 4.2.3.1.6 */
export function isOid(v: string): boolean {
  return v.length <= 64 && OID.test(v);
}

/**
 * A DTM of 4 to 14 digits whose fields are in range. ITI TF-3 4.2.3.1.5 (UTC, no zone).
 * @param v - the value as sent
 * @returns true when it is a well-formed DTM
 */
export function isDtm(v: string): boolean {
  const m = DTM.exec(v);
  if (m === null) return false;
  const [, , month, day, hour, minute, second] = m;
  const within = (s: string | undefined, lo: number, hi: number): boolean =>
    s === undefined || (Number(s) >= lo && Number(s) <= hi);
  return within(month, 1, 12) && within(day, 1, 31) && within(hour, 0, 23)
    && within(minute, 0, 59) && within(second, 0, 59);
}

/**
 * A patient id CX as XDS wants it: id^^^&OID&ISO. ITI TF-3 4.2.3.1.7
 * @param cx - the decoded CX
 * @returns true when the id is present and the assigning authority is an ISO OID
 */
export function isXdsCx(cx: Cx): boolean {
  return cx.id.trim() !== '' && !/[\^&~]/.test(cx.id) && isOid(cx.assigningAuthority)
    && (cx.universalIdType === undefined || cx.universalIdType === 'ISO');
}

/** SHA-1 as 40 hexadecimal characters. ITI TF-3 4.2.3.2.11 */
export function isSha1Hex(v: string): boolean {
  return HASH.test(v);
}

/** A byte count. ITI TF-3 4.2.3.2.22 */
export function isSize(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

/** An RFC 5646 language tag. ITI TF-3 4.2.3.2.14 */
export function isLanguageCode(v: string): boolean {
  return LANGUAGE.test(v);
}

/** A media type type/subtype with optional parameters. ITI TF-3 4.2.3.2.16 */
export function isMimeType(v: string): boolean {
  return MIME.test(v);
}

/**
 * A uniqueId: OID, or for a DocumentEntry OID^extension, at most 128 characters.
 * ITI TF-3 4.2.3.2.26, 4.2.3.3.12, 4.2.3.4.7
 * @param v - the value
 * @param kind - whose uniqueId: only a DocumentEntry may carry an extension
 * @param strict - false checks the length only
 * @returns true when acceptable
 */
export function isUniqueId(v: string, kind: 'DocumentEntry' | 'SubmissionSet' | 'Folder', strict: boolean): boolean {
  if (v.trim() === '' || v.length > 128) return false;
  if (!strict) return true;
  if (kind !== 'DocumentEntry') return isOid(v);
  const [root, ext, ...rest] = v.split('^');
  return rest.length === 0 && root !== undefined && isOid(root) && (ext === undefined || ext !== '');
}

/** An author names at least a person, an institution or a telecom address. ITI TF-3 4.2.3.1.4 */
export function isCompleteAuthor(a: Author): boolean {
  return a.person !== undefined || a.institutions.length > 0 || a.telecommunications.length > 0;
}
