import { expect } from 'chai';
import { parseXml } from '../../../../src/formats/xml/parse.js';
import { NS } from '../../../../src/formats/xml/tree.js';
import type { SoapTransaction } from '../../../../src/transactions/types.js';
import { readAddressing } from '../../../../src/transport/soap/addressing.js';
import { hostAllowed, replyRoute } from '../../../../src/transport/soap/reply-route.js';
import { thrownFault } from './soap-fault.js';

const ASYNC_ROW = { id: 'ITI-38', asyncReply: true } as SoapTransaction;
const SYNC_ROW = { id: 'ITI-18' } as SoapTransaction;
const ANON = 'http://www.w3.org/2005/08/addressing/anonymous';

function addressing(replyTo?: string, opts: { messageId?: string | null; faultTo?: string } = {}) {
  const id = opts.messageId === null ? '' : `<wsa:MessageID>${opts.messageId ?? 'urn:uuid:m1'}</wsa:MessageID>`;
  const reply = replyTo ? `<wsa:ReplyTo><wsa:Address>${replyTo}</wsa:Address></wsa:ReplyTo>` : '';
  const fault = opts.faultTo ? `<wsa:FaultTo><wsa:Address>${opts.faultTo}</wsa:Address></wsa:FaultTo>` : '';
  const h = parseXml(`<s:Header xmlns:s="${NS.soap12}" xmlns:wsa="${NS.wsa}"><wsa:Action>urn:a</wsa:Action>${id}${reply}${fault}</s:Header>`);
  return readAddressing(h.children);
}

describe('replyRoute (Asynchronous Web Services Exchange, ITI TF-2 Appendix V.5)', () => {
  const hosts = ['consumer.example.no', '127.0.0.1:9000', '*.helsenett.no'];

  it('keeps the synchronous exchange for no ReplyTo, anonymous and none', () => {
    for (const r of [undefined, ANON, 'http://www.w3.org/2005/08/addressing/none']) {
      expect(replyRoute(addressing(r), ASYNC_ROW, hosts)).to.equal(undefined);
    }
  });

  it('routes replies and faults to ReplyTo, relating them to the MessageID', () => {
    const route = replyRoute(addressing('https://consumer.example.no/cb'), ASYNC_ROW, hosts);
    expect(route?.replyTo.address).to.equal('https://consumer.example.no/cb');
    expect(route?.faultTo?.address).to.equal('https://consumer.example.no/cb');
    expect(route?.relatesTo).to.equal('urn:uuid:m1');
  });

  it('sends faults to FaultTo when given, and nowhere when FaultTo is anonymous', () => {
    expect(replyRoute(addressing('http://127.0.0.1:9000/cb', { faultTo: 'http://a.helsenett.no/f' }), ASYNC_ROW, hosts)?.faultTo?.address)
      .to.equal('http://a.helsenett.no/f');
    expect(replyRoute(addressing('http://127.0.0.1:9000/cb', { faultTo: ANON }), ASYNC_ROW, hosts)?.faultTo).to.equal(undefined);
  });

  it('refuses a non-anonymous ReplyTo on a transaction that does not claim the option', () => {
    const f = thrownFault(() => replyRoute(addressing('https://consumer.example.no/cb'), SYNC_ROW, hosts));
    expect([f.id, f.entry.subcode, f.httpStatus]).to.deep.equal(['ONLY_ANONYMOUS', 'wsa:OnlyAnonymousAddressSupported', 400]);
  });

  it('refuses every asynchronous request while no reply host is configured', () => {
    expect(thrownFault(() => replyRoute(addressing('https://consumer.example.no/cb'), ASYNC_ROW, [])).id).to.equal('ONLY_ANONYMOUS');
  });

  it('requires a MessageID, which the reply must relate to', () => {
    const f = thrownFault(() => replyRoute(addressing('https://consumer.example.no/cb', { messageId: null }), ASYNC_ROW, hosts));
    expect([f.id, f.entry.code, f.entry.subcode]).to.deep.equal(['MESSAGE_ID_REQUIRED', 'Sender', 'wsa:MessageAddressingHeaderRequired']);
  });

  it('refuses hosts not on the list, other schemes, credentials and a FaultTo elsewhere', () => {
    for (const bad of ['https://evil.example.com/cb', 'ftp://consumer.example.no/cb', 'file:///etc/passwd', 'http://u:p@consumer.example.no/',
      'http://127.0.0.1:9001/cb', 'not a url']) {
      expect(thrownFault(() => replyRoute(addressing(bad), ASYNC_ROW, hosts)).id, bad).to.equal('REPLY_ADDRESS_REFUSED');
    }
    const f = thrownFault(() => replyRoute(addressing('http://127.0.0.1:9000/cb', { faultTo: 'http://evil.example.com/' }), ASYNC_ROW, hosts));
    expect([f.id, f.entry.subcode]).to.deep.equal(['REPLY_ADDRESS_REFUSED', 'wsa:InvalidAddressingHeader']);
  });
});

describe('hostAllowed', () => {
  const allowed = (url: string, list: readonly string[]): boolean => hostAllowed(new URL(url), list);

  it('matches names case-insensitively on any port unless the entry names one', () => {
    expect(allowed('http://Consumer.Example.NO:8443/x', ['consumer.example.no'])).to.equal(true);
    expect(allowed('https://consumer.example.no/x', ['consumer.example.no:443'])).to.equal(true);
    expect(allowed('http://consumer.example.no/x', ['consumer.example.no:443'])).to.equal(false);
  });

  it('matches subdomains for *.domain but not the domain itself or look-alikes', () => {
    expect(allowed('http://a.b.helsenett.no/', ['*.helsenett.no'])).to.equal(true);
    expect(allowed('http://helsenett.no/', ['*.helsenett.no'])).to.equal(false);
    expect(allowed('http://evilhelsenett.no/', ['*.helsenett.no'])).to.equal(false);
  });

  it('matches IPv6 literals in brackets', () => {
    expect(allowed('http://[::1]:8080/', ['[::1]:8080'])).to.equal(true);
    expect(allowed('http://[::1]:8081/', ['[::1]:8080'])).to.equal(false);
  });
});
