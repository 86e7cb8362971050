/**
 * Escaping helpers for building XML as strings: faster than a DOM and exact about what is
 * written. Every text and attribute value passes through these.
 */
const TEXT_RE = /[&<>\r]/g;
const ATTR_RE = /[&<>"\r\n\t]/g;
const ENTITY: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;',
};

export function escapeText(s: string): string {
  return TEXT_RE.test(s) ? s.replace(TEXT_RE, (c) => ENTITY[c] ?? c) : s;
}

export function escapeAttr(s: string): string {
  return ATTR_RE.test(s) ? s.replace(ATTR_RE, (c) => ENTITY[c] ?? c) : s;
}

/** Attributes as ` name="value"`, skipping undefined values, in the order given. */
export function attrs(a: Readonly<Record<string, string | number | undefined>>): string {
  let out = '';
  for (const k in a) {
    const v = a[k];
    if (v !== undefined) out += ` ${k}="${escapeAttr(String(v))}"`;
  }
  return out;
}

/**
 * One element: `<name attrs>content</name>`, or self-closed when content is empty.
 * @param content - already-serialised child markup (not escaped again)
 */
export function el(name: string, a: Readonly<Record<string, string | number | undefined>> = {}, content = ''): string {
  return content === '' ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${content}</${name}>`;
}

/** An element holding escaped text. */
export function textEl(name: string, text: string, a: Readonly<Record<string, string | number | undefined>> = {}): string {
  return `<${name}${attrs(a)}>${escapeText(text)}</${name}>`;
}
