/**
 * The one ISO OID check: digits and dots, first arc 0, 1 or 2, no leading zeros (ISO/IEC 8824,
 * ITI TF-3 4.2.3.1.6). The registry's own, laxer reading for submitted metadata is
 * rules/formats.ts isOid.
 */

const ISO_OID = /^[0-2](\.(0|[1-9]\d*))+$/;

/** Longest OID the Document Sharing metadata allows. ITI TF-3 4.2.3.1.6 */
export const MAX_OID_LENGTH = 64;

/**
 * @param v - a candidate OID
 * @returns true when it is an ISO OID (of any length)
 */
export function isIsoOid(v: string): boolean {
  return ISO_OID.test(v);
}

/**
 * A homeCommunityId: `urn:oid:` and an ISO OID of at most 64 characters (Gazelle ITI38-004;
 * ihe-requirements.md §9, norway-profile.md §3.3).
 * @param v - a candidate homeCommunityId
 * @returns true when it is one
 */
export function isHomeCommunityId(v: string): boolean {
  return v.startsWith('urn:oid:') && v.length <= 8 + MAX_OID_LENGTH && isIsoOid(v.slice(8));
}

/**
 * homeCommunityId in its canonical form. On the XCA wire it is `urn:oid:<OID>` (ITI TF-2
 * 3.38.4.1.2.1, Gazelle ITI38-004), but peers also send the bare OID: Norsk helsenett's own
 * retrieve samples and tickets do (norway-profile.md §3.3). Both forms name the same community.
 * @param value - a homeCommunityId as received: `urn:oid:<OID>` (any case of the prefix) or a bare OID
 * @returns `urn:oid:<OID>` for either form; any other value trimmed but otherwise as given, so
 *   that it is reported as an unknown community rather than silently changed
 */
export function canonicalCommunityId(value: string): string {
  const v = value.trim();
  if (isIsoOid(v)) return `urn:oid:${v}`;
  if (/^urn:oid:/i.test(v)) return `urn:oid:${v.slice(8)}`;
  return v;
}
