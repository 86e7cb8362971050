import type { DocumentContent } from '../../domain/submission.js';

/**
 * A namespace-resolved XML element. Names are compared by namespace URI and local name,
 * never by the prefix a sender happened to choose.
 */
export interface XmlElement {
  readonly ns: string;
  readonly local: string;
  /** Attributes without a namespace by local name; namespaced ones as "{uri}local". */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside this element. */
  readonly text: string;
  /**
   * In-scope namespace declarations (prefix → uri), needed to resolve QName values. Inherited
   * declarations may sit on the prototype chain: look prefixes up directly, or list them with
   * inScopeNamespaces().
   */
  readonly nsContext?: Readonly<Record<string, string>>;
  /** Binary content that replaced an xop:Include child (MTOM). Set by the transport. */
  binary?: DocumentContent;
}

export const NS = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://www.w3.org/2005/08/addressing',
  xop: 'http://www.w3.org/2004/08/xop/include',
  rim: 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0',
  rs: 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0',
  lcm: 'urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0',
  query: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0',
  xdsb: 'urn:ihe:iti:xds-b:2007',
  rmd: 'urn:ihe:iti:rmd:2017',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  saml2: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  /** The namespace of the xml: prefix (xml:lang), bound by definition. */
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

/**
 * Every in-scope namespace of an element as one flat record (nearest declaration wins).
 * @param el - the element
 * @returns prefix → uri
 */
export function inScopeNamespaces(el: Pick<XmlElement, 'nsContext'>): Record<string, string> {
  const out: Record<string, string> = {};
  const ctx = el.nsContext;
  // for…in walks the prototype chain, where inherited declarations live
  for (const prefix in ctx) Object.defineProperty(out, prefix, { value: ctx[prefix], enumerable: true, writable: true });
  return out;
}

/** First child with this namespace and local name. */
export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local && c.ns === ns);
}

/** All children with this namespace and local name, in document order. */
export function children(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && c.ns === ns);
}

export function is(el: XmlElement | undefined, ns: string, local: string): el is XmlElement {
  return el !== undefined && el.ns === ns && el.local === local;
}
