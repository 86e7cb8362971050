/**
 * A small mutable XML tree for the conformance runner. Test-plan metadata must be edited before
 * it is sent (ids replaced, patient ids set, ebRIM 2.1 renamed to 3.0), which the gateway's
 * read-only XmlElement does not allow; this copy is edited in place and written back out.
 */
import { DEFAULT_XML_LIMITS, parseXml } from '../../src/formats/xml/parse.js';
import { NS, type XmlElement } from '../../src/formats/xml/tree.js';
import { escapeAttr, escapeText } from '../../src/formats/xml/write.js';

/** One element: namespace URI, local name, attributes (namespaced ones as "{uri}local"), children, text. */
export interface XNode {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

/** Prefixes written for the namespaces the runner sends; others get ns0, ns1, … */
const PREFIXES: Readonly<Record<string, string>> = {
  [NS.rim]: 'rim', [NS.lcm]: 'lcm', [NS.query]: 'query', [NS.rs]: 'rs', [NS.xdsb]: 'xdsb', [NS.rmd]: 'rmd', [NS.xop]: 'xop',
};

function copy(el: XmlElement): XNode {
  return { ns: el.ns, local: el.local, attrs: { ...el.attrs }, children: el.children.map(copy), text: el.text };
}

/**
 * Parses XML text into a mutable tree.
 * @param xml - the document text
 * @returns the root element
 */
export function parseNode(xml: string): XNode {
  return copy(parseXml(xml, { ...DEFAULT_XML_LIMITS, maxElements: 1_000_000 }));
}

/** A new element. */
export function node(ns: string, local: string, attrs: Record<string, string> = {}, children: XNode[] = [], text = ''): XNode {
  return { ns, local, attrs, children, text };
}

/** Every element of the tree, depth first, the root included. */
export function descendants(root: XNode): XNode[] {
  const out: XNode[] = [];
  const walk = (n: XNode): void => { out.push(n); n.children.forEach(walk); };
  walk(root);
  return out;
}

/** Children with this local name (any namespace). */
export function kids(n: XNode, local: string): XNode[] {
  return n.children.filter((c) => c.local === local);
}

/** First child with this local name (any namespace). */
export function kid(n: XNode, local: string): XNode | undefined {
  return n.children.find((c) => c.local === local);
}

/** The trimmed text of an element. */
export function textOf(n: XNode | undefined): string {
  return n?.text.trim() ?? '';
}

/**
 * Writes a tree as XML text, declaring each namespace once where it is first used.
 * Mixed content is not kept (ebRIM has none): an element with children writes no text.
 * @param root - the element to write
 * @returns the XML text, without an XML declaration
 */
export function serializeNode(root: XNode): string {
  const generated = new Map<string, string>();
  const prefixOf = (ns: string): string => {
    const known = PREFIXES[ns];
    if (known) return known;
    let p = generated.get(ns);
    if (!p) { p = `ns${generated.size}`; generated.set(ns, p); }
    return p;
  };
  const write = (n: XNode, inScope: ReadonlySet<string>): string => {
    const scope = new Set(inScope);
    let decl = '';
    const declare = (ns: string): void => {
      if (ns && !scope.has(ns)) { scope.add(ns); decl += ` xmlns:${prefixOf(ns)}="${escapeAttr(ns)}"`; }
    };
    declare(n.ns);
    let attrText = '';
    for (const [k, v] of Object.entries(n.attrs)) {
      const m = /^\{(.*)\}(.*)$/.exec(k);
      if (m && m[1] !== undefined && m[2] !== undefined) { declare(m[1]); attrText += ` ${prefixOf(m[1])}:${m[2]}="${escapeAttr(v)}"`; }
      else attrText += ` ${k}="${escapeAttr(v)}"`;
    }
    const name = n.ns ? `${prefixOf(n.ns)}:${n.local}` : n.local;
    const body = n.children.length ? n.children.map((c) => write(c, scope)).join('') : escapeText(n.text);
    return body === '' ? `<${name}${decl}${attrText}/>` : `<${name}${decl}${attrText}>${body}</${name}>`;
  };
  return write(root, new Set());
}
