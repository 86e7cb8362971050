import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { XmlElement } from './tree.js';

export interface XmlLimits {
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
  /** Most elements accepted in one document. */
  readonly maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 2_000_000 };

/** Raised for input that is not acceptable XML; `message` is safe to show to the sender. */
export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

interface Building {
  ns: string; local: string; attrs: Record<string, string>; children: XmlElement[];
  text: string; nsContext: Record<string, string>;
}

/**
 * Parses XML into a namespace-resolved tree. DOCTYPE declarations are refused outright,
 * which also refuses every entity declaration (no billion laughs, no external entities).
 * @param xml - the document text
 * @param limits - depth and element-count limits
 * @returns the root element
 * @throws XmlParseError for input that is not well-formed or breaks a limit
 */
export function parseXml(xml: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let failure: Error | undefined;
  const fail = (msg: string): void => { if (!failure) failure = new XmlParseError(msg); };

  parser.on('doctype', () => fail('DOCTYPE declarations are not accepted'));
  parser.on('error', (e) => fail(`not well-formed XML: ${e.message.split('\n')[0]}`));
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (++count > limits.maxElements) fail(`more than ${limits.maxElements} elements`);
    if (stack.length >= limits.maxDepth) fail(`elements nested deeper than ${limits.maxDepth}`);
    const parent = stack[stack.length - 1];
    const nsContext = Object.keys(tag.ns).length ? { ...(parent?.nsContext ?? {}), ...tag.ns } : (parent?.nsContext ?? {});
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    stack.push({ ns: tag.uri ?? '', local: tag.local ?? tag.name, attrs, children: [], text: '', nsContext });
  });
  parser.on('text', (t) => { const top = stack[stack.length - 1]; if (top) top.text += t; });
  parser.on('cdata', (t) => { const top = stack[stack.length - 1]; if (top) top.text += t; });
  parser.on('closetag', () => {
    const done = stack.pop();
    if (!done) return;
    const el: XmlElement = done;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el); else root = el;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    fail(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (failure) throw failure;
  if (!root) throw new XmlParseError('the document has no root element');
  return root;
}
