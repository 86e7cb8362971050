/**
 * Echoing an endpoint reference's wsa:ReferenceParameters: each child element becomes a header
 * block of the message sent to that endpoint, marked wsa:IsReferenceParameter="true".
 * WS-Addressing 1.0 SOAP Binding 2.3 (binding endpoint references), Core 2.1 and 3.3.
 */
import { inScopeNamespaces, NS, type XmlElement } from '../../formats/xml/tree.js';
import { escapeAttr, escapeText } from '../../formats/xml/write.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** Our own prefix for the marker attribute, so that a parameter rebinding "wsa" cannot break it. */
const MARK_PREFIX = 'gwwsa';
const MARK_ATTR = `{${NS.wsa}}IsReferenceParameter`;

/** Prefix → namespace bindings in force while writing, and a counter for new prefixes. */
interface Scope { readonly bindings: Record<string, string>; readonly counter: { n: number } }

/**
 * The reference parameters as header blocks. The tree keeps no prefixes, so each element
 * re-declares the namespaces its sender had in scope (QName values in content then still
 * resolve) and reuses a sender prefix where one is bound to its namespace. Text is written
 * before child elements: reference parameters are opaque data, and mixed content is not
 * expected in them.
 * @param params - the children of wsa:ReferenceParameters
 * @returns the serialised header blocks (empty for none)
 */
export function referenceParameterHeaders(params: readonly XmlElement[]): string {
  return params.map((p) => element(p, { bindings: { '': '' }, counter: { n: 0 } }, true)).join('');
}

function element(el: XmlElement, parent: Scope, top: boolean): string {
  const bindings = { ...parent.bindings };
  let decls = '';
  const declare = (prefix: string, uri: string): void => {
    bindings[prefix] = uri;
    decls += prefix ? ` xmlns:${prefix}="${escapeAttr(uri)}"` : ` xmlns="${escapeAttr(uri)}"`;
  };
  for (const [prefix, uri] of Object.entries(inScopeNamespaces(el))) {
    if (prefix === 'xml' || prefix === MARK_PREFIX || bindings[prefix] === uri) continue;
    declare(prefix, uri);
  }
  const scope: Scope = { bindings, counter: parent.counter };
  const name = qualify(el.ns, el.local, scope, true, declare);
  let attrs = top ? ` xmlns:${MARK_PREFIX}="${NS.wsa}" ${MARK_PREFIX}:IsReferenceParameter="true"` : '';
  for (const [key, value] of Object.entries(el.attrs)) {
    if (key === MARK_ATTR) continue;
    const m = /^\{([^}]*)\}(.+)$/.exec(key);
    const attrName = m ? qualify(m[1] ?? '', m[2] ?? '', scope, false, declare) : key;
    attrs += ` ${attrName}="${escapeAttr(value)}"`;
  }
  const content = escapeText(el.text) + el.children.map((c) => element(c, scope, false)).join('');
  return content ? `<${name}${decls}${attrs}>${content}</${name}>` : `<${name}${decls}${attrs}/>`;
}

/**
 * A prefixed name for (ns, local): a bound prefix when there is one, otherwise a new one,
 * declared through `declare`. Unprefixed attributes have no namespace, so attributes never
 * use the default namespace.
 */
function qualify(ns: string, local: string, scope: Scope, isElement: boolean,
  declare: (prefix: string, uri: string) => void): string {
  if (ns === XML_NS) return `xml:${local}`;
  if (ns === '') {
    if (!isElement) return local;
    if (scope.bindings[''] !== '') declare('', '');
    return local;
  }
  const bound = Object.entries(scope.bindings).find(([p, uri]) => uri === ns && (isElement || p !== ''));
  if (bound) return bound[0] ? `${bound[0]}:${local}` : local;
  let prefix = `rp${scope.counter.n++}`;
  while (prefix in scope.bindings) prefix = `rp${scope.counter.n++}`;
  declare(prefix, ns);
  return `${prefix}:${local}`;
}
