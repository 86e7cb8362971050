/** Small helpers for ebRIM codec tests: parse fragments that use the rim prefix. */
import { parseXml } from '../../src/formats/xml/parse.js';
import { NS, type XmlElement } from '../../src/formats/xml/tree.js';

/** Parses markup that uses the `rim:` prefix inside a RegistryObjectList binding it. */
export function parseRimList(markup: string): XmlElement {
  return parseXml(`<rim:RegistryObjectList xmlns:rim="${NS.rim}">${markup}</rim:RegistryObjectList>`);
}

/** Parses one rim element written without its own namespace declaration. */
export function parseRimElement(markup: string): XmlElement {
  const first = parseRimList(markup).children[0];
  if (!first) throw new Error('no element in markup');
  return first;
}

/** Names of the child elements, in order: for schema-order assertions. */
export function childNames(el: XmlElement): string[] {
  return el.children.map((c) => c.local);
}

/** The issue message ids, for concise assertions. */
export function ids(issues: readonly { messageId: string }[]): string[] {
  return issues.map((i) => i.messageId);
}
