/**
 * Reads the HL7 v3 values that Norwegian tickets put in SAML AttributeValues (norway-profile
 * §4.3): CE (`<Role … code codeSystem displayName/>`), II (`<id extension root/>`) and the
 * decision-ref structure, either as element content or as escaped XML text; and the patient CX.
 * Escaped fragments often use an undeclared `xsi:` prefix, so they are read leniently by
 * their start tags rather than by a namespace-aware parser.
 */
import type { Code, Cx } from '../../domain/datatypes.js';
import { nationalIdCx } from '../../domain/norwegian-identifiers.js';
import { isIsoOid } from '../../domain/oid.js';
import type { XmlElement } from '../../formats/xml/tree.js';
import type { AttributeValue } from './saml-assertion.js';

export interface FragmentElement {
  /** Local name, prefix removed. */
  readonly name: string;
  /** Attributes by local name, prefix removed. */
  readonly attrs: Readonly<Record<string, string>>;
}

const START_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

function fromTree(el: XmlElement, out: FragmentElement[]): FragmentElement[] {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.attrs)) attrs[k.slice(k.indexOf('}') + 1)] = v;
  out.push({ name: el.local, attrs });
  for (const c of el.children) fromTree(c, out);
  return out;
}

/**
 * Every element of an AttributeValue's HL7 content, in document order.
 * @param v - the attribute value
 * @returns the elements; empty for plain text
 */
export function readFragment(v: AttributeValue): FragmentElement[] {
  if (v.element) return fromTree(v.element, []);
  if (!v.text.startsWith('<')) return [];
  const out: FragmentElement[] = [];
  for (const m of v.text.matchAll(START_TAG)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(ATTR)) {
      const name = a[1] ?? '';
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      attrs[local(name)] = decode(a[2] ?? a[3] ?? '');
    }
    out.push({ name: local(m[1] ?? ''), attrs });
  }
  return out;
}

/** Removes a `urn:oid:` prefix: tickets send OIDs both ways (norway-profile §3.3). */
export function bareOid(s: string): string {
  return s.startsWith('urn:oid:') ? s.slice(8) : s;
}

/**
 * @param v - an AttributeValue holding a CE
 * @returns the code, with its code system as a bare OID, or undefined when there is none
 */
export function readCe(v: AttributeValue): Code | undefined {
  const el = readFragment(v)[0];
  const code = el?.attrs.code;
  if (!el || !code) return undefined;
  const display = el.attrs.displayName;
  return { code, codingScheme: bareOid(el.attrs.codeSystem ?? ''), ...(display ? { displayName: display } : {}) };
}

/**
 * @param v - an AttributeValue holding an II, or a bare identifier
 * @returns root (bare OID) and extension; a bare value becomes the extension
 */
export function readIi(v: AttributeValue): { root: string; extension: string } | undefined {
  const el = readFragment(v)[0];
  if (el) {
    const extension = el.attrs.extension ?? '';
    return extension || el.attrs.root ? { root: bareOid(el.attrs.root ?? ''), extension } : undefined;
  }
  return v.text ? { root: '', extension: v.text } : undefined;
}

/**
 * Reads a patient CX `id^^^&OID&ISO`. Samples double-escape the ampersands (`&amp;amp;`);
 * a bare 11-digit number is taken as FNR, or D-number when its first digit is 4–7.
 * @param text - the resource-id value
 * @returns the CX, or undefined when it is not one
 */
export function readCx(text: string): Cx | undefined {
  let t = text.trim().replace(/^'|'$/g, '');
  while (t.includes('&amp;')) t = t.replace(/&amp;/g, '&');
  const national = nationalIdCx(t);
  if (national) return national;
  const parts = t.split('^');
  const id = parts[0] ?? '';
  const authority = (parts[3] ?? '').split('&')[1] ?? '';
  if (!id || !isIsoOid(authority)) return undefined;
  return { id, assigningAuthority: authority, universalIdType: 'ISO' };
}
