import { expect } from 'chai';
import { DEFAULT_XML_LIMITS, parseXml, parseXmlYielding, XmlParseError, type XmlLimits } from '../../../../src/formats/xml/parse.js';
import { inScopeNamespaces, type XmlElement } from '../../../../src/formats/xml/tree.js';

/** Parses and returns the refusal's message with the time it took; fails the test when the document is accepted. */
function refusal(xml: string, limits: XmlLimits = DEFAULT_XML_LIMITS): { message: string; ms: number } {
  const t0 = Date.now();
  try {
    parseXml(xml, limits);
  } catch (e) {
    expect(e).to.be.instanceOf(XmlParseError);
    return { message: (e as Error).message, ms: Date.now() - t0 };
  }
  throw new Error('the document was accepted');
}

const nested = (n: number, open: (i: number) => string, close: (i: number) => string): string => {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(open(i));
  for (let i = n - 1; i >= 0; i--) parts.push(close(i));
  return parts.join('');
};

describe('parseXml limits', () => {
  it('stops at the depth limit of a 200,000-deep document instead of reading on', () => {
    const xml = nested(200_000, () => '<a>', () => '</a>');
    const r = refusal(xml);
    expect(r.message).to.contain('nested deeper than 64');
    expect(r.ms, 'stopped early').to.be.below(1_000);
  });

  it('refuses 12,000 nested elements that each declare a namespace at the depth limit', () => {
    const xml = nested(12_000, (i) => `<p${i}:a xmlns:p${i}="urn:n${i}">`, (i) => `</p${i}:a>`);
    expect(refusal(xml).message).to.contain('nested deeper than 64');
  });

  it('refuses more namespace declarations than allowed, counted over the whole document', () => {
    const xml = `<r>${Array.from({ length: 12_000 }, (_, i) => `<p:a xmlns:p="urn:n${i}"/>`).join('')}</r>`;
    expect(refusal(xml, { ...DEFAULT_XML_LIMITS, maxNamespaceDeclarations: 1_000 }).message).to.contain('more than 1000 namespace declarations');
  });

  it('refuses more elements than allowed before the rest is read', () => {
    const xml = `<r>${'<e/>'.repeat(300_000)}</r>`;
    expect(refusal(xml, { ...DEFAULT_XML_LIMITS, maxElements: 1_000 }).message).to.contain('more than 1000 elements');
  });

  it('refuses an element with too many attributes', () => {
    const attrs = Array.from({ length: 100 }, (_, i) => ` a${i}="1"`).join('');
    expect(refusal(`<r${attrs}/>`).message).to.contain('more than 64 attributes');
  });

  it('refuses a start tag whose attributes never end, while it is still arriving', () => {
    const attrs = Array.from({ length: 50_000 }, (_, i) => ` a${i}="1"`).join('');
    const r = refusal(`<r${attrs}`);
    expect(r.message).to.contain('more than 64 attributes');
  });

  it('refuses text and attribute values longer than the text limit', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxTextChars: 1_000 };
    expect(refusal(`<r>${'x'.repeat(5_000)}</r>`, limits).message).to.contain('1000 characters');
    expect(refusal(`<r a="${'x'.repeat(5_000)}"/>`, limits).message).to.contain('1000 characters');
    expect(refusal(`<r>${'<b/>x'.repeat(1_500)}</r>`, limits).message, 'text split by children adds up').to.contain('1000 characters');
  });

  it('stops an unterminated giant attribute value at the text limit, within the first slices', () => {
    const xml = `<r a="${'x'.repeat(20_000_000)}`;
    const r = refusal(xml, { ...DEFAULT_XML_LIMITS, maxTextChars: 100_000 });
    expect(r.message).to.contain('100000 characters');
    expect(r.ms).to.be.below(1_000);
  });

  it('caps the size of named elements, such as a SOAP Header, wherever they are', () => {
    const limits = { ...DEFAULT_XML_LIMITS, elementCaps: [{ ns: 'urn:s', local: 'Header', maxChars: 2_000, what: 'the SOAP Header' }] };
    const small = `<s:E xmlns:s="urn:s"><s:Header><x>${'y'.repeat(500)}</x></s:Header><s:Body/></s:E>`;
    expect(parseXml(small, limits).children).to.have.length(2);
    const big = `<s:E xmlns:s="urn:s"><s:Header>${'<x>y</x>'.repeat(1_000)}</s:Header><s:Body/></s:E>`;
    expect(refusal(big, limits).message).to.contain('the SOAP Header is longer than 2000 characters');
    const unclosed = `<s:E xmlns:s="urn:s"><s:Header>${'<x>y</x>'.repeat(100_000)}`;
    expect(refusal(unclosed, limits).message).to.contain('the SOAP Header is longer');
  });

  it('gives up when the parsing work passes its time budget', async () => {
    const xml = `<r>${'<e a="1">t</e>'.repeat(400_000)}</r>`;
    const limits = { ...DEFAULT_XML_LIMITS, maxElements: 1_000_000, budgetMs: 5 };
    let message = '';
    await parseXmlYielding(xml, limits).catch((e: Error) => { message = e.message; });
    expect(message).to.contain('budget of 5 ms');
  });

  it('lets other work run between slices of a large document', async () => {
    const xml = `<r>${'<e>t</e>'.repeat(200_000)}</r>`;
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 0);
    const root = await parseXmlYielding(xml, { ...DEFAULT_XML_LIMITS, maxElements: 1_000_000 });
    clearInterval(timer);
    expect(root.children).to.have.length(200_000);
    expect(ticks, 'timers ran while the document was parsed').to.be.above(2);
  });

  it('refuses ill-formed XML at the first error', () => {
    expect(refusal('<a><b></a>').message).to.contain('not well-formed');
  });
});

describe('parseXml namespaces', () => {
  const xml = '<a:r xmlns:a="urn:a" xmlns="urn:d"><b:x xmlns:b="urn:b" xmlns:a="urn:a2"><y/></b:x><z/></a:r>';

  it('resolves inherited and redeclared prefixes', () => {
    const root = parseXml(xml);
    const x = root.children[0] as XmlElement;
    const y = x.children[0] as XmlElement;
    expect([x.ns, y.ns, (root.children[1] as XmlElement).ns]).to.deep.equal(['urn:b', 'urn:d', 'urn:d']);
    expect(y.nsContext?.['a']).to.equal('urn:a2');
    expect(inScopeNamespaces(y)).to.deep.equal({ '': 'urn:d', a: 'urn:a2', b: 'urn:b' });
    expect(inScopeNamespaces(root)).to.deep.equal({ a: 'urn:a', '': 'urn:d' });
  });

  it('does not resolve Object members as prefixes, and keeps a prefix named __proto__', () => {
    const root = parseXml('<r xmlns:__proto__="urn:p"><x/></r>');
    expect(root.nsContext?.['constructor']).to.equal(undefined);
    expect((root.children[0] as XmlElement).nsContext?.['__proto__']).to.equal('urn:p');
    expect(Object.keys(inScopeNamespaces(root))).to.deep.equal(['__proto__']);
  });
});
