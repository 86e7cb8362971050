import { expect } from 'chai';
import type { DocumentContent } from '../../../../src/domain/submission.js';
import { child, NS } from '../../../../src/formats/xml/tree.js';
import { decodeEnvelopeText, parseEnvelope } from '../../../../src/transport/soap/envelope.js';
import { SoapFault } from '../../../../src/transport/soap/fault.js';
import { bareContentId, contentIdFromCidUrl, parseMediaType } from '../../../../src/transport/soap/media-type.js';
import { memoryContent } from '../../../../src/transport/soap/part-sink.js';
import { thrownFault } from './soap-fault.js';

const S12 = NS.soap12;
const NO_PARTS = new Map<string, DocumentContent>();

function faultId(fn: () => unknown): string {
  return thrownFault(fn).id;
}

describe('parseEnvelope', () => {
  it('reads header blocks and the single body child under any prefix or a default namespace', () => {
    const variants = [
      `<soap:Envelope xmlns:soap="${S12}"><soap:Header><a:Action xmlns:a="${NS.wsa}">x</a:Action></soap:Header><soap:Body><q:R xmlns:q="urn:q"/></soap:Body></soap:Envelope>`,
      `<Envelope xmlns="${S12}"><Header><Action xmlns="${NS.wsa}">x</Action></Header><Body><R xmlns="urn:q"/></Body></Envelope>`,
      `<?xml version="1.0"?>\n<e:Envelope xmlns:e="${S12}">\n  <e:Header>\n<w:Action xmlns:w="${NS.wsa}">x</w:Action></e:Header>\n  <e:Body>\n <R xmlns="urn:q"/>\n</e:Body></e:Envelope>`,
    ];
    for (const raw of variants) {
      const m = parseEnvelope(raw, NO_PARTS, false);
      expect(m.headerBlocks.map((h) => `${h.ns} ${h.local}`)).to.deep.equal([`${NS.wsa} Action`]);
      expect([m.body.ns, m.body.local]).to.deep.equal(['urn:q', 'R']);
      expect(m.rawEnvelope).to.equal(raw);
    }
  });

  it('exposes the wsse:Security header block for the XUA check', () => {
    const raw = `<s:Envelope xmlns:s="${S12}"><s:Header><wsse:Security xmlns:wsse="${NS.wsse}"><x/></wsse:Security></s:Header><s:Body><R/></s:Body></s:Envelope>`;
    expect(parseEnvelope(raw, NO_PARTS, false).securityHeader?.local).to.equal('Security');
  });

  it('sets binary on the element holding an xop:Include, matching URL-encoded cid references', () => {
    const doc = memoryContent(Buffer.from('PDF'));
    const parts = new Map([['1.urn:uuid:abc@apache.org', doc]]);
    const raw = `<s:Envelope xmlns:s="${S12}"><s:Body><d:P xmlns:d="urn:ihe:iti:xds-b:2007"><d:Document id="D1">`
      + `<xop:Include xmlns:xop="${NS.xop}" href="cid:1.urn%3Auuid%3Aabc%40apache.org"/></d:Document></d:P></s:Body></s:Envelope>`;
    const m = parseEnvelope(raw, parts, true);
    expect(child(m.body, 'urn:ihe:iti:xds-b:2007', 'Document')?.binary).to.equal(doc);
  });

  const refusals: [string, string, string][] = [
    ['XML that is not well-formed', `<s:Envelope xmlns:s="${S12}"><s:Body>`, 'NOT_WELL_FORMED'],
    ['a DOCTYPE with entities (billion laughs)', `<!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><s:Envelope xmlns:s="${S12}"><s:Body><R>&b;</R></s:Body></s:Envelope>`, 'NOT_WELL_FORMED'],
    ['an external entity', `<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><s:Envelope xmlns:s="${S12}"><s:Body><R>&x;</R></s:Body></s:Envelope>`, 'NOT_WELL_FORMED'],
    ['a SOAP 1.1 envelope', '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><R/></s:Body></s:Envelope>', 'SOAP11_ENVELOPE'],
    ['a root that is not an Envelope', '<R xmlns="urn:q"/>', 'NOT_AN_ENVELOPE'],
    ['a Header after the Body', `<s:Envelope xmlns:s="${S12}"><s:Body><R/></s:Body><s:Header/></s:Envelope>`, 'ENVELOPE_STRUCTURE'],
    ['an Envelope without Body', `<s:Envelope xmlns:s="${S12}"><s:Header/></s:Envelope>`, 'ENVELOPE_STRUCTURE'],
    ['an empty Body', `<s:Envelope xmlns:s="${S12}"><s:Body> </s:Body></s:Envelope>`, 'BODY_CHILD_COUNT'],
    ['a Body with two children', `<s:Envelope xmlns:s="${S12}"><s:Body><R/><R/></s:Body></s:Envelope>`, 'BODY_CHILD_COUNT'],
    ['an xop:Include naming a missing part', `<s:Envelope xmlns:s="${S12}"><s:Body><D><i:Include xmlns:i="${NS.xop}" href="cid:nope"/></D></s:Body></s:Envelope>`, 'XOP_PART_MISSING'],
    ['an xop:Include without a cid: href', `<s:Envelope xmlns:s="${S12}"><s:Body><D><i:Include xmlns:i="${NS.xop}" href="http://x"/></D></s:Body></s:Envelope>`, 'XOP_BAD_HREF'],
  ];
  for (const [what, raw, id] of refusals) {
    it(`refuses ${what} with ${id}`, () => {
      expect(faultId(() => parseEnvelope(raw, NO_PARTS, false))).to.equal(id);
    });
  }

  it('names the missing cid in the fault reason', () => {
    const raw = `<s:Envelope xmlns:s="${S12}"><s:Body><D><i:Include xmlns:i="${NS.xop}" href="cid:doc-42"/></D></s:Body></s:Envelope>`;
    try {
      parseEnvelope(raw, NO_PARTS, true);
      expect.fail('no fault');
    } catch (e) {
      expect((e as SoapFault).reason).to.contain('cid:doc-42');
    }
  });
});

describe('decodeEnvelopeText', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    const text = decodeEnvelopeText(Buffer.from('\ufeff<a>æøå</a>', 'utf8'), parseMediaType('application/soap+xml; charset="UTF-8"'));
    expect(text).to.equal('<a>æøå</a>');
  });

  it('refuses another charset and an empty body', () => {
    expect(faultId(() => decodeEnvelopeText(Buffer.from('<a/>'), parseMediaType('application/soap+xml; charset=ISO-8859-1')))).to.equal('UNSUPPORTED_CHARSET');
    expect(faultId(() => decodeEnvelopeText(Buffer.alloc(0), undefined))).to.equal('EMPTY_BODY');
  });
});

describe('media types and content ids', () => {
  it('reads parameters quoted, single-quoted, unquoted, with spaces and escaped quotes', () => {
    const t = parseMediaType(`Multipart/Related;boundary=MIMEBoundaryurn_uuid_3D4B; type="application/xop+xml" ;START = '<0.urn:uuid:3D@apache.org>'; start-info="application/soap+xml"; action="urn:a;b"; x="q\\"t"`);
    expect(t?.type).to.equal('multipart/related');
    expect(t?.params.get('boundary')).to.equal('MIMEBoundaryurn_uuid_3D4B');
    expect(t?.params.get('start')).to.equal('<0.urn:uuid:3D@apache.org>');
    expect(t?.params.get('action')).to.equal('urn:a;b');
    expect(t?.params.get('x')).to.equal('q"t');
  });

  it('gives undefined for a header without type/subtype', () => {
    expect(parseMediaType(undefined)).to.equal(undefined);
    expect(parseMediaType('garbage')).to.equal(undefined);
  });

  it('strips angle brackets from Content-IDs and decodes cid: URLs', () => {
    expect(bareContentId(' <a@b> ')).to.equal('a@b');
    expect(bareContentId('a@b')).to.equal('a@b');
    expect(contentIdFromCidUrl('CID:a%40b')).to.equal('a@b');
    expect(contentIdFromCidUrl('cid:bad%zz')).to.equal('bad%zz');
    expect(contentIdFromCidUrl('http://a')).to.equal(undefined);
  });
});

describe('decodeEnvelopeText on invalid UTF-8', () => {
  const type = parseMediaType('application/soap+xml; charset=UTF-8');

  it('refuses a malformed byte sequence and names where it starts, instead of storing U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('<a>ok é'), Buffer.from([0xc3, 0x28]), Buffer.from('</a>')]);
    const fault = thrownFault(() => decodeEnvelopeText(bytes, type));
    expect(fault.id).to.equal('INVALID_UTF8');
    expect(fault.reason).to.contain('byte 9');
  });

  it('refuses a lone continuation byte, an overlong form and a truncated sequence at the end', () => {
    for (const bad of [[0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      expect(faultId(() => decodeEnvelopeText(Buffer.concat([Buffer.from('<a/>'), Buffer.from(bad)]), type))).to.equal('INVALID_UTF8');
    }
  });

  it('still reads valid multi-byte text, a BOM dropped', () => {
    expect(decodeEnvelopeText(Buffer.from('\ufeff<a>æøå 𝄞</a>'), type)).to.equal('<a>æøå 𝄞</a>');
  });
});
