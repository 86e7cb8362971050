import { expect } from 'chai';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { NS, type XmlElement } from '../../../../src/formats/xml/tree.js';
import { checkMustUnderstand, onBackChannel, readAddressing, replyAddressing, responseAddressing } from '../../../../src/transport/soap/addressing.js';
import { faultElement, faultHeaderBlocks, SoapFault } from '../../../../src/transport/soap/fault.js';
import { thrownFault } from './soap-fault.js';

function headers(inner: string): XmlElement[] {
  const h = parseXml(`<s:Header xmlns:s="${NS.soap12}" xmlns:wsa="${NS.wsa}">${inner}</s:Header>`);
  return [...h.children];
}

describe('readAddressing', () => {
  it('reads Action, MessageID, To and an anonymous ReplyTo, trimming whitespace', () => {
    const a = readAddressing(headers('<wsa:Action s:mustUnderstand="true"> urn:a </wsa:Action><wsa:MessageID>urn:uuid:1</wsa:MessageID>'
      + '<wsa:To>http://gw/services/registry</wsa:To><wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>'));
    expect(a).to.deep.equal({ action: 'urn:a', messageId: 'urn:uuid:1', to: 'http://gw/services/registry',
      replyTo: { address: 'http://www.w3.org/2005/08/addressing/anonymous', referenceParameters: [] } });
    expect(onBackChannel(a.replyTo)).to.equal(true);
  });

  it('refuses a missing Action with Sender / wsa:MessageAddressingHeaderRequired', () => {
    const f = thrownFault(() => readAddressing(headers('<wsa:MessageID>urn:uuid:1</wsa:MessageID>')));
    expect([f.id, f.entry.code, f.entry.subcode, f.httpStatus]).to.deep.equal(['ACTION_MISSING', 'Sender', 'wsa:MessageAddressingHeaderRequired', 400]);
  });

  it('does not take an Action of the 2004 submission namespace for a WS-A 1.0 Action', () => {
    const f = thrownFault(() => readAddressing(headers('<old:Action xmlns:old="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:a</old:Action>')));
    expect(f.id).to.equal('ACTION_MISSING');
  });

  it('refuses two Action headers', () => {
    expect(thrownFault(() => readAddressing(headers('<wsa:Action>a</wsa:Action><wsa:Action>b</wsa:Action>'))).id).to.equal('ADDRESSING_CARDINALITY');
  });

  it('reads a ReplyTo and a FaultTo that ask for an asynchronous answer, with reference parameters', () => {
    const a = readAddressing(headers('<wsa:Action>a</wsa:Action><wsa:ReplyTo><wsa:Address> http://client/cb </wsa:Address>'
      + '<wsa:ReferenceParameters><x:Ticket xmlns:x="urn:x">42</x:Ticket></wsa:ReferenceParameters></wsa:ReplyTo>'
      + '<wsa:FaultTo><wsa:Address>http://client/faults</wsa:Address></wsa:FaultTo>'));
    expect(a.replyTo?.address).to.equal('http://client/cb');
    expect(a.replyTo?.referenceParameters.map((p) => [p.ns, p.local, p.text])).to.deep.equal([['urn:x', 'Ticket', '42']]);
    expect(a.faultTo).to.deep.equal({ address: 'http://client/faults', referenceParameters: [] });
    expect(onBackChannel(a.replyTo)).to.equal(false);
  });

  it('keeps the none address on the back channel, as the synchronous exchange always did', () => {
    const a = readAddressing(headers('<wsa:Action>a</wsa:Action><wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/none</wsa:Address></wsa:ReplyTo>'));
    expect(onBackChannel(a.replyTo)).to.equal(true);
  });
});

describe('checkMustUnderstand', () => {
  it('accepts WS-Addressing and wsse:Security headers marked mustUnderstand', () => {
    expect(() => checkMustUnderstand(headers(`<wsa:Action s:mustUnderstand="1">a</wsa:Action><wsa:To s:mustUnderstand="true">t</wsa:To>`
      + `<wsse:Security xmlns:wsse="${NS.wsse}" s:mustUnderstand="true"/>`))).not.to.throw();
  });

  it('ignores mustUnderstand in the wsa namespace, which some clients send', () => {
    expect(() => checkMustUnderstand(headers('<x:Custom xmlns:x="urn:x" wsa:mustUnderstand="1"/>'))).not.to.throw();
  });

  it('ignores headers for the role none and headers with mustUnderstand false', () => {
    expect(() => checkMustUnderstand(headers('<x:A xmlns:x="urn:x" s:mustUnderstand="true" s:role="http://www.w3.org/2003/05/soap-envelope/role/none"/>'
      + '<x:B xmlns:x="urn:x" s:mustUnderstand="false"/>'))).not.to.throw();
  });

  it('refuses an unknown header marked mustUnderstand with a MustUnderstand fault naming it', () => {
    const f = thrownFault(() => checkMustUnderstand(headers('<x:Custom xmlns:x="urn:x" s:mustUnderstand="true"/>')));
    expect([f.entry.code, f.httpStatus]).to.deep.equal(['MustUnderstand', 500]);
    expect(faultHeaderBlocks(f)).to.equal('<env:NotUnderstood qname="q:Custom" xmlns:q="urn:x"/>');
  });
});

describe('response headers and faults', () => {
  it('answers with Action, a new MessageID and RelatesTo', () => {
    const xml = responseAddressing('urn:ihe:iti:2007:RegistryStoredQueryResponse', 'urn:uuid:req');
    const h = parseXml(`<H xmlns:env="${NS.soap12}" xmlns:wsa="${NS.wsa}">${xml}</H>`);
    expect(h.children.map((c) => c.local)).to.deep.equal(['Action', 'MessageID', 'RelatesTo']);
    expect(h.children[0]?.text).to.equal('urn:ihe:iti:2007:RegistryStoredQueryResponse');
    expect(h.children[1]?.text).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(h.children[2]?.text).to.equal('urn:uuid:req');
  });

  it('addresses a reply to a ReplyTo: To, RelatesTo and each reference parameter echoed and marked', () => {
    const epr = readAddressing(headers('<wsa:Action>a</wsa:Action><wsa:ReplyTo><wsa:Address>http://client/cb?x=1&amp;y=2</wsa:Address>'
      + '<wsa:ReferenceParameters xmlns:t="urn:t"><t:Ticket t:kind="k" xml:lang="no">4&lt;2</t:Ticket>'
      + '<Plain xmlns="urn:d"><Inner>t:QName</Inner></Plain><wsa:IsReferenceParameter>odd</wsa:IsReferenceParameter></wsa:ReferenceParameters></wsa:ReplyTo>')).replyTo;
    if (!epr) throw new Error('no ReplyTo');
    const xml = replyAddressing('urn:ihe:iti:2007:CrossGatewayQueryResponse', 'urn:uuid:req', epr);
    // rebinding env and wsa in the wrapper proves the echoed blocks depend on no outer prefix
    const h = parseXml(`<H xmlns:env="${NS.soap12}" xmlns:wsa="${NS.wsa}">${xml}</H>`);
    expect(h.children.map((c) => c.local)).to.deep.equal(['Action', 'MessageID', 'RelatesTo', 'To', 'Ticket', 'Plain', 'IsReferenceParameter']);
    expect(h.children[3]?.text).to.equal('http://client/cb?x=1&y=2');
    const [ticket, plain, odd] = h.children.slice(4) as XmlElement[];
    expect([ticket?.ns, ticket?.text, ticket?.attrs['{urn:t}kind'], ticket?.attrs['{http://www.w3.org/XML/1998/namespace}lang']]).to.deep.equal(['urn:t', '4<2', 'k', 'no']);
    expect(plain?.children[0]?.ns).to.equal('urn:d');
    expect(plain?.children[0]?.nsContext?.t).to.equal('urn:t');
    for (const p of [ticket, plain, odd]) expect(p?.attrs[`{${NS.wsa}}IsReferenceParameter`]).to.equal('true');
  });

  it('writes a fault with code, namespaced subcode and reason, and no stack trace', () => {
    const f = new SoapFault('ACTION_NOT_SUPPORTED', ['urn:x', 'registry']);
    const el = parseXml(`<W xmlns:env="${NS.soap12}">${faultElement(f)}</W>`).children[0] as XmlElement;
    const code = el.children[0] as XmlElement;
    expect(code.children[0]?.text).to.equal('env:Sender');
    const sub = code.children[1]?.children[0] as XmlElement;
    expect(sub.text).to.equal('wsa:ActionNotSupported');
    expect(sub.nsContext?.wsa).to.equal(NS.wsa);
    expect(el.children[1]?.children[0]?.text).to.equal('The action urn:x is not served by the endpoint /services/registry');
    expect(faultElement(f)).not.to.match(/at \w+ \(|\.ts:\d+/);
  });
});
