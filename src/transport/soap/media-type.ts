/**
 * Media types as they arrive in Content-Type headers, read leniently: real MTOM senders quote
 * parameters with double quotes, single quotes or not at all, and leave stray spaces.
 * See RFC 2045 5.1, RFC 2387 3 (multipart/related parameters), RFC 3902 (application/soap+xml).
 */

export interface MediaType {
  /** type/subtype in lower case, e.g. "multipart/related". */
  readonly type: string;
  /** Parameters by lower-case name, values unquoted and unescaped. */
  readonly params: ReadonlyMap<string, string>;
}

const SPACE = new Set([' ', '\t', '\r', '\n']);
const TYPE_SUBTYPE = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * Parses a Content-Type value.
 * @param header - the header value, possibly undefined
 * @returns the media type, or undefined when there is no type/subtype
 */
export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (!header) return undefined;
  const semi = header.indexOf(';');
  const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  if (!TYPE_SUBTYPE.test(type)) return undefined;
  const params = new Map<string, string>();
  let i = semi < 0 ? header.length : semi + 1;
  while (i < header.length) {
    const eq = header.indexOf('=', i);
    if (eq < 0) break;
    const name = header.slice(i, eq).replace(/^[\s;]+/, '').trim().toLowerCase();
    const [value, next] = readValue(header, eq + 1);
    if (name && !params.has(name)) params.set(name, value);
    i = next;
  }
  return { type, params };
}

/** Reads one parameter value starting at `from`; returns it and the index after its `;`. */
function readValue(s: string, from: number): [string, number] {
  let i = from;
  while (i < s.length && SPACE.has(s.charAt(i))) i++;
  const quote = s.charAt(i);
  if (quote === '"' || quote === "'") {
    let out = '';
    i++;
    while (i < s.length && s.charAt(i) !== quote) {
      if (s.charAt(i) === '\\' && i + 1 < s.length) i++;
      out += s.charAt(i++);
    }
    const semi = s.indexOf(';', i);
    return [out, semi < 0 ? s.length : semi + 1];
  }
  const semi = s.indexOf(';', i);
  const end = semi < 0 ? s.length : semi;
  return [s.slice(i, end).trim(), end + 1];
}

/**
 * A Content-ID without its angle brackets, as used for matching cid: URLs. RFC 2392.
 * @param id - header value such as "<abc@example>" or "abc@example"
 */
export function bareContentId(id: string): string {
  const t = id.trim();
  return t.startsWith('<') && t.endsWith('>') ? t.slice(1, -1).trim() : t;
}

/**
 * The Content-ID a cid: URL names: the URL-decoded part after "cid:" (RFC 2392 2).
 * @param href - the href of an xop:Include
 * @returns the Content-ID, or undefined when the href is not a cid: URL
 */
export function contentIdFromCidUrl(href: string): string | undefined {
  const t = href.trim();
  if (t.slice(0, 4).toLowerCase() !== 'cid:') return undefined;
  const raw = t.slice(4);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
