import { performance } from 'node:perf_hooks';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { XmlElement } from './tree.js';

/**
 * Limits on one document. Every limit is checked while the text streams through the parser,
 * and parsing stops at the first one broken, so a hostile document costs at most about what
 * the limits allow, whatever its size.
 */
export interface XmlLimits {
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
  /** Most elements accepted in one document. */
  readonly maxElements: number;
  /** Most attributes on one element, namespace declarations included. */
  readonly maxAttributes: number;
  /** Most namespace declarations in one document. */
  readonly maxNamespaceDeclarations: number;
  /** Longest run of character data (text, CDATA, comment or attribute value), in characters. */
  readonly maxTextChars: number;
  /** Elements whose whole extent, start tag to end tag, is capped (the SOAP Header, a ticket). */
  readonly elementCaps?: readonly ElementCap[];
  /** Most milliseconds of CPU time for parsing, summed over the slices of the document. */
  readonly budgetMs?: number;
  /** parseXmlYielding: what to await between turns of parsing (the turn's length given); the next event-loop turn by default. */
  readonly giveWay?: (turnMs: number) => Promise<void>;
}

/** A cap on the size of every element with this name. */
export interface ElementCap {
  readonly ns: string;
  readonly local: string;
  readonly maxChars: number;
  /** What the element is, for the message: "the SOAP Header". */
  readonly what: string;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxDepth: 64, maxElements: 500_000, maxAttributes: 64, maxNamespaceDeclarations: 10_000, maxTextChars: 16 * 1024 * 1024,
};

/** Characters fed to the parser at a time; between slices the limits that grow inside saxes are checked. */
const SLICE = 4 * 1024;
/** parseXmlYielding lets other work run after about this much parsing. */
const TURN_MS = 1;

/** Raised for input that is not acceptable XML; `message` is safe to show to the sender. */
export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

type Namespaces = Record<string, string>;
interface Building {
  ns: string; local: string; attrs: Record<string, string>; children: XmlElement[];
  text: string; nsContext: Namespaces;
}
interface OpenCap { readonly cap: ElementCap; readonly start: number; readonly depth: number }

/** The root of every namespace chain: no prototype, so no prefix resolves to an Object member. */
const NO_NAMESPACES: Namespaces = Object.freeze(Object.create(null) as Namespaces);

/**
 * Builds the namespace-resolved tree from saxes events and enforces the limits as it goes.
 * In-scope namespaces are a prototype chain (one small object per declaring element), so
 * their cost is linear in the declarations, and a lookup walks at most maxDepth links.
 */
class LimitedTreeBuilder {
  readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: Building[] = [];
  private readonly caps: OpenCap[] = [];
  private root: XmlElement | undefined;
  private elements = 0;
  private declarations = 0;
  private tagStart = 0;
  private spentMs = 0;

  constructor(private readonly limits: XmlLimits) {
    const p = this.parser;
    p.on('doctype', () => fail('DOCTYPE declarations are not accepted'));
    // No 'error' handler: without one saxes throws its error, which asParseError turns into the
    // same message. Each handler is a property added to the parser object after construction;
    // with a seventh one, parsing a 9 KB ITI-41 envelope took 1.3 ms instead of 0.35 ms (saxes
    // 6.0.0 on Node 20): keep the handlers at six.
    p.on('opentagstart', () => this.openStart());
    p.on('opentag', (tag) => this.open(tag));
    p.on('text', (t) => this.text(t));
    p.on('cdata', (t) => this.text(t));
    p.on('closetag', () => this.close());
  }

  /**
   * Parses one slice, counting its CPU time against the budget (CPU rather than wall time, so
   * that other processes on a loaded machine do not use up a request's budget).
   */
  feed(slice: string): void {
    const before = process.cpuUsage();
    this.parser.write(slice);
    this.checkGrowth();
    const used = process.cpuUsage(before);
    this.spentMs += (used.user + used.system) / 1000;
    const budget = this.limits.budgetMs;
    if (budget !== undefined && this.spentMs > budget) fail(`parsing took more than the budget of ${budget} ms of CPU time`);
  }

  finish(): XmlElement {
    this.parser.close();
    if (!this.root) throw new XmlParseError('the document has no root element');
    return this.root;
  }

  private openStart(): void {
    this.tagStart = this.parser.position;
    if (++this.elements > this.limits.maxElements) fail(`more than ${this.limits.maxElements} elements`);
    if (this.stack.length >= this.limits.maxDepth) fail(`elements nested deeper than ${this.limits.maxDepth}`);
  }

  /** Attribute checks run once the start tag is complete; checkGrowth bounds a start tag still arriving. */
  private open(tag: SaxesTagNS): void {
    const attributes = Object.values(tag.attributes);
    if (attributes.length > this.limits.maxAttributes) fail(`an element has more than ${this.limits.maxAttributes} attributes`);
    const parent = this.stack[this.stack.length - 1];
    let nsContext = parent?.nsContext ?? NO_NAMESPACES;
    const declared = Object.keys(tag.ns);
    if (declared.length) {
      this.declarations += declared.length;
      if (this.declarations > this.limits.maxNamespaceDeclarations) fail(`more than ${this.limits.maxNamespaceDeclarations} namespace declarations`);
      nsContext = Object.create(nsContext) as Namespaces;
      for (const prefix of declared) nsContext[prefix] = tag.ns[prefix] as string;
    }
    const attrs: Record<string, string> = {};
    for (const a of attributes) {
      if (a.value.length > this.limits.maxTextChars) fail(`an attribute value is longer than ${this.limits.maxTextChars} characters`);
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const ns = tag.uri ?? '';
    const local = tag.local ?? tag.name;
    const cap = this.limits.elementCaps?.find((c) => c.local === local && c.ns === ns);
    if (cap) this.caps.push({ cap, start: this.tagStart, depth: this.stack.length });
    this.stack.push({ ns, local, attrs, children: [], text: '', nsContext });
    this.checkCaps();
  }

  private text(t: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    top.text += t;
    if (top.text.length > this.limits.maxTextChars) fail(`an element holds more than ${this.limits.maxTextChars} characters of text`);
  }

  private close(): void {
    this.checkCaps();
    const done = this.stack.pop();
    if (!done) return;
    const openCap = this.caps[this.caps.length - 1];
    if (openCap && openCap.depth === this.stack.length) this.caps.pop();
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(done); else this.root = done;
  }

  private checkCaps(): void {
    for (const { cap, start } of this.caps) {
      if (this.parser.position - start > cap.maxChars) fail(`${cap.what} is longer than ${cap.maxChars} characters`);
    }
  }

  /** Text, attribute values and comments accumulate inside saxes until they end; this bounds them. */
  private checkGrowth(): void {
    // saxes keeps the pending run in `text` and the attributes of an unfinished start tag in
    // `attribList`; version pinned in package.json
    const inside = this.parser as unknown as { text?: string; attribList?: unknown[] };
    if ((inside.text?.length ?? 0) > this.limits.maxTextChars) fail(`a run of character data is longer than ${this.limits.maxTextChars} characters`);
    if ((inside.attribList?.length ?? 0) > this.limits.maxAttributes) fail(`an element has more than ${this.limits.maxAttributes} attributes`);
    this.checkCaps();
  }
}

function fail(msg: string): never {
  throw new XmlParseError(msg);
}

/** The text in slices of about SLICE characters, never cut between the halves of a surrogate pair. */
function* slices(xml: string): Generator<string> {
  for (let at = 0; at < xml.length;) {
    let end = Math.min(xml.length, at + SLICE);
    const last = xml.charCodeAt(end - 1);
    if (end < xml.length && last >= 0xd800 && last <= 0xdbff) end++;
    yield xml.slice(at, end);
    at = end;
  }
}

/** saxes errors thrown outside the handlers become XmlParseError. */
function asParseError(e: unknown): Error {
  if (e instanceof XmlParseError) return e;
  return new XmlParseError(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
}

/**
 * Parses XML into a namespace-resolved tree. DOCTYPE declarations are refused outright,
 * which also refuses every entity declaration (no billion laughs, no external entities).
 * @param xml - the document text
 * @param limits - the limits; parsing stops at the first one broken
 * @returns the root element
 * @throws XmlParseError for input that is not well-formed or breaks a limit
 */
export function parseXml(xml: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const b = new LimitedTreeBuilder(limits);
  try {
    for (const slice of slices(xml)) b.feed(slice);
    return b.finish();
  } catch (e) {
    throw asParseError(e);
  }
}

/**
 * As parseXml, but lets the event loop run between slices, so a large document does not hold
 * up other requests while it is read; with `limits.budgetMs` its parsing work is capped too.
 * @param xml - the document text
 * @param limits - the limits and the time budget
 * @returns the root element
 * @throws XmlParseError for input that is not well-formed or breaks a limit
 */
export async function parseXmlYielding(xml: string, limits: XmlLimits = DEFAULT_XML_LIMITS): Promise<XmlElement> {
  const b = new LimitedTreeBuilder(limits);
  try {
    // a small message is parsed at once; a larger one gives way about every TURN_MS, so the
    // requests of other clients wait at most that long for it
    const giveWay = limits.giveWay ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    let turnStart = performance.now();
    for (const slice of slices(xml)) {
      const turn = performance.now() - turnStart;
      if (turn >= TURN_MS) {
        await giveWay(turn);
        turnStart = performance.now();
      }
      b.feed(slice);
    }
    return b.finish();
  } catch (e) {
    throw asParseError(e);
  }
}
