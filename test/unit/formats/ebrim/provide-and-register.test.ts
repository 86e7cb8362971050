import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { contentFromBytes } from '../../../../src/formats/ebrim/binary.js';
import { provideAndRegisterFromEbrim, provideAndRegisterToEbrim } from '../../../../src/formats/ebrim/provide-and-register.js';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { NS, type XmlElement } from '../../../../src/formats/xml/tree.js';
import { aProvideAndRegister, DEFAULT_DOCUMENT_TEXT } from '../../../support/builders.js';
import { ids } from '../../../support/ebrim.js';
import { requireShared, XSD } from '../../../support/shared.js';
import { validateAgainstXsd } from '../../../support/xsd.js';

async function text(content: { open(): AsyncIterable<Uint8Array> }): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const p of content.open()) parts.push(p);
  return Buffer.concat(parts).toString('utf8');
}

const PNR = (docs: string): string => `<xdsb:ProvideAndRegisterDocumentSetRequest xmlns:xdsb="${NS.xdsb}" xmlns:xop="${NS.xop}">`
  + `<lcm:SubmitObjectsRequest xmlns:lcm="${NS.lcm}"><rim:RegistryObjectList xmlns:rim="${NS.rim}"/></lcm:SubmitObjectsRequest>${docs}</xdsb:ProvideAndRegisterDocumentSetRequest>`;

describe('ebRIM ProvideAndRegisterDocumentSetRequest', () => {
  it('round-trips metadata and inline base64 documents with size and SHA-1', async () => {
    const { objects, documents } = aProvideAndRegister({ documents: 2 });
    const decoded = provideAndRegisterFromEbrim(parseXml(provideAndRegisterToEbrim(objects, documents, { inline: true }).xml));
    expect(decoded.issues).to.deep.equal([]);
    expect(decoded.objects).to.deep.equal(objects);
    expect(decoded.documents.map((d) => d.id)).to.deep.equal(documents.map((d) => d.id));
    const first = decoded.documents[0]!.content;
    expect(first.size).to.equal(Buffer.byteLength(DEFAULT_DOCUMENT_TEXT));
    expect(first.sha1).to.equal(createHash('sha1').update(DEFAULT_DOCUMENT_TEXT).digest('hex'));
    expect(await text(first)).to.equal(DEFAULT_DOCUMENT_TEXT);
  });

  it('writes xop:Include references with their content ids when not inline', () => {
    const { objects, documents } = aProvideAndRegister();
    const { xml, attachments } = provideAndRegisterToEbrim(objects, documents, { inline: false });
    const doc = parseXml(xml).children.find((c) => c.local === 'Document')!;
    expect(doc.children[0]?.attrs['href']).to.equal(`cid:${attachments[0]?.contentId}`);
    expect(attachments[0]?.document.id).to.equal(documents[0]?.id);
  });

  it('uses the binary content the transport resolved from an xop:Include', () => {
    const root = parseXml(PNR('<xdsb:Document id="Document01"><xop:Include href="cid:1@x"/></xdsb:Document>'));
    const binary = contentFromBytes(new Uint8Array([1, 2, 3]));
    (root.children[1] as XmlElement).binary = binary;
    const decoded = provideAndRegisterFromEbrim(root);
    expect(decoded.issues).to.deep.equal([]);
    expect(decoded.documents[0]?.content).to.equal(binary);
  });

  it('reports a repeated Document id and keeps the first', () => {
    const decoded = provideAndRegisterFromEbrim(parseXml(PNR('<xdsb:Document id="D1">QUJD</xdsb:Document><xdsb:Document id="D1">REVG</xdsb:Document>')));
    expect(ids(decoded.issues)).to.deep.equal(['DUPLICATE_DOCUMENT_ID']);
    expect(decoded.issues[0]).to.include({ code: 'XDSRepositoryMetadataError', location: 'D1' });
    expect(decoded.documents).to.have.length(1);
  });

  it('reports a Document that is not base64 or still an unresolved xop:Include', () => {
    const decoded = provideAndRegisterFromEbrim(parseXml(PNR(
      '<xdsb:Document id="D1">not*base64</xdsb:Document><xdsb:Document id="D2"><xop:Include href="cid:missing"/></xdsb:Document><xdsb:Document>QUJD</xdsb:Document>',
    )));
    expect(ids(decoded.issues)).to.deep.equal(['MALFORMED_REPOSITORY_REQUEST', 'MALFORMED_REPOSITORY_REQUEST', 'MALFORMED_REPOSITORY_REQUEST']);
    expect(decoded.issues[0]?.code).to.equal('XDSRepositoryError');
  });

  it('reports a request without SubmitObjectsRequest or with the wrong root', () => {
    expect(ids(provideAndRegisterFromEbrim(parseXml(`<xdsb:ProvideAndRegisterDocumentSetRequest xmlns:xdsb="${NS.xdsb}"/>`)).issues)).to.deep.equal(['MALFORMED_REPOSITORY_REQUEST']);
    expect(ids(provideAndRegisterFromEbrim(parseXml('<x/>')).issues)).to.deep.equal(['MALFORMED_REPOSITORY_REQUEST']);
  });

  it('writes a request that validates against XDS.b_DocumentRepository.xsd', function () {
    requireShared(this);
    const { objects, documents } = aProvideAndRegister({ documents: 2, bare: true });
    const result = validateAgainstXsd(provideAndRegisterToEbrim(objects, documents, { inline: true }).xml, XSD.repository);
    expect(result.errors).to.equal('');
    expect(result.valid).to.equal(true);
  });
});
