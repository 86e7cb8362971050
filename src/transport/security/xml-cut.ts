/**
 * Cuts one element's exact text out of a larger XML text, so that it can be verified as sent
 * (XML-DSig covers the octets' canonical form, not a re-serialisation). The caller has
 * already established from the parsed tree that exactly one such element exists; a cut that
 * goes wrong yields text that is not well-formed, so verification fails closed.
 */
import { escapeAttr } from '../../formats/xml/write.js';

/** Every start tag with this local name, whatever its prefix (comments included). */
export function startTags(text: string, local: string): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(`<(?:([A-Za-z_][\\w.-]*):)?${local}[\\s/>]`, 'g'))];
}

/** Index of the ">" closing a `</qname>` end tag (not `</qnameMore>`) at `at`, or -1. */
function endTagClose(text: string, qname: string, at: number): number {
  const from = at + 2 + qname.length;
  const tail = /^\s*>/.exec(text.slice(from, from + 64));
  return tail ? from + tail[0].length - 1 : -1;
}

/** The ">" of the last `</qname>` in the text, or -1. */
function lastEndTag(text: string, qname: string): number {
  for (let from = text.length; from >= 0;) {
    const at = text.lastIndexOf(`</${qname}`, from);
    if (at < 0) return -1;
    const close = endTagClose(text, qname, at);
    if (close >= 0) return close;
    from = at - 1;
  }
  return -1;
}

/** The ">" of the first `</qname>` after `from`, or -1. */
function firstEndTag(text: string, qname: string, from: number): number {
  for (let i = from; ;) {
    const at = text.indexOf(`</${qname}`, i);
    if (at < 0) return -1;
    const close = endTagClose(text, qname, at);
    if (close >= 0) return close;
    i = at + 1;
  }
}


/**
 * Adds the namespace declarations an element inherits to its start tag, so its text parses
 * on its own. Exclusive c14n renders only visibly used namespaces, so extra declarations do
 * not change the canonical form.
 * @param element - the element's text, starting with `<qname`
 * @param qname - its qualified name as written
 * @param nsContext - the in-scope namespaces (prefix → uri) of the element in the tree
 * @returns the element text with the missing declarations added
 */
function withInheritedNamespaces(element: string, qname: string, nsContext: Readonly<Record<string, string>>): string {
  const startTag = element.slice(0, element.indexOf('>'));
  const declared = (p: string): boolean => new RegExp(`\\sxmlns${p ? `:${p.replace(/\./g, '\\.')}` : ''}\\s*=`).test(startTag);
  const decls = Object.entries(nsContext)
    .filter(([p]) => p !== 'xml' && p !== 'xmlns' && !declared(p))
    .map(([p, uri]) => ` xmlns${p ? `:${p}` : ''}="${escapeAttr(uri)}"`)
    .join('');
  return `<${qname}${decls}${element.slice(1 + qname.length)}`;
}

/**
 * @param text - the larger text
 * @param start - the start-tag match (from startTags) of the element
 * @param local - the element's local name
 * @param end - which end tag closes it: the last in the text (the element encloses the rest of
 *   the matches) or the first after the start (the element holds no namesake)
 * @param nsContext - the element's in-scope namespaces
 * @returns the element's text, standalone, or undefined when no end tag is found
 */
export function cutElement(text: string, start: RegExpExecArray, local: string, end: 'last' | 'first',
  nsContext: Readonly<Record<string, string>>): string | undefined {
  const qname = start[1] ? `${start[1]}:${local}` : local;
  const close = end === 'last' ? lastEndTag(text, qname) : firstEndTag(text, qname, start.index);
  if (close < start.index) return undefined;
  return withInheritedNamespaces(text.slice(start.index, close + 1), qname, nsContext);
}
