import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../src/config/load.js';
import { soapXmlLimits } from '../../../src/transport/soap/envelope.js';
import { mtomLimits } from '../../../src/transport/soap/mtom.js';

describe('request limit settings', () => {
  it('have safe defaults that reach the XML parser and the MTOM reader', () => {
    const c = loadConfig({});
    const xml = soapXmlLimits(c);
    expect([xml.maxDepth, xml.maxElements, xml.maxAttributes, xml.maxNamespaceDeclarations, xml.maxTextChars, xml.budgetMs])
      .to.deep.equal([64, 500_000, 64, 10_000, 16 * 1024 * 1024, 5_000]);
    expect(xml.elementCaps?.map((e) => [e.local, e.maxChars])).to.deep.equal([['Header', 256 * 1024], ['Assertion', 64 * 1024]]);
    const mtom = mtomLimits(c);
    expect([mtom.multipart?.maxParts, mtom.memoryBytes]).to.deep.equal([1_000, 8 * 1024 * 1024]);
  });

  it('refuses values that would switch a limit off, naming each variable', () => {
    let thrown: unknown;
    try {
      loadConfig({ XML_MAX_DEPTH: '2', XML_MAX_ELEMENTS: 'lots', MTOM_MAX_PARTS: '0', REQUEST_CPU_BUDGET_MS: '-1' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(ConfigError);
    for (const name of ['XML_MAX_DEPTH', 'XML_MAX_ELEMENTS', 'MTOM_MAX_PARTS', 'REQUEST_CPU_BUDGET_MS']) expect((thrown as Error).message).to.contain(name);
  });
});
