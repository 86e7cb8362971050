import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseXml } from '../../../src/formats/xml/parse.js';
import { child, NS, type XmlElement } from '../../../src/formats/xml/tree.js';
import type { DocumentContent } from '../../../src/domain/submission.js';
import { parseMediaType, type MediaType } from '../../../src/transport/soap/media-type.js';
import { readMtomPackage } from '../../../src/transport/soap/mtom.js';
import { requireShared, sharedPath } from '../../support/shared.js';
import { ACTIONS, mtomBody, send, soapEnvelope, SOAP_TYPE, startTestApp, type RawResponse, type TestServer } from './app-fixture.js';

const EMAIL_SPLIT = fileURLToPath(new URL('./email_split_mtom.py', import.meta.url));
const sha1 = (b: Buffer | Uint8Array): string => createHash('sha1').update(b).digest('hex');

function header(env: XmlElement, local: string): string | undefined {
  return child(child(env, NS.soap12, 'Header') as XmlElement, NS.wsa, local)?.text;
}
function bodyChild(env: XmlElement): XmlElement {
  return child(env, NS.soap12, 'Body')?.children[0] as XmlElement;
}

/** Splits an MTOM response with the gateway's own parser. */
async function ownParse(res: RawResponse): Promise<{ root: XmlElement; parts: ReadonlyMap<string, DocumentContent> }> {
  const type = parseMediaType(String(res.headers['content-type'])) as MediaType;
  async function* once(): AsyncGenerator<Buffer> { yield res.body; }
  const pkg = await readMtomPackage(once(), type, { maxRootBytes: 1_000_000 });
  return { root: parseXml(pkg.root.toString('utf8')), parts: pkg.parts };
}

/** Splits an MTOM response with Python's email package. */
function pythonParse(res: RawResponse): { parts: { contentId: string; contentType: string; size: number; sha1: string }[]; startInfo: string; type: string } {
  const out = execFileSync('/usr/bin/python3', [EMAIL_SPLIT, String(res.headers['content-type'])], { input: res.body });
  return JSON.parse(out.toString()) as ReturnType<typeof pythonParse>;
}

describe('SOAP over HTTP', () => {
  let server: TestServer;
  before(async () => { server = await startTestApp(); });
  after(async () => { await server.close(); });

  it('answers a plain SOAP 1.2 request with Action+Response, RelatesTo and a new MessageID', async () => {
    const res = await send(`${server.url}/services/repository`, { 'content-type': SOAP_TYPE }, soapEnvelope(ACTIONS.pnr, '<x:P xmlns:x="urn:x"/>'));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal(`application/soap+xml; charset=UTF-8; action="${ACTIONS.pnr}Response"`);
    const env = parseXml(res.body.toString());
    expect(header(env, 'Action')).to.equal(`${ACTIONS.pnr}Response`);
    expect(header(env, 'RelatesTo')).to.equal('urn:uuid:11111111-2222-3333-4444-555555555555');
    expect(header(env, 'MessageID')).to.match(/^urn:uuid:/).and.not.equal('urn:uuid:11111111-2222-3333-4444-555555555555');
    expect(bodyChild(env).attrs).to.include({ mtom: 'false', root: 'P' });
  });

  it('serves a transaction on its alias path and refuses actions the endpoint does not serve', async () => {
    const ok = await send(`${server.url}/services/iti41`, { 'content-type': SOAP_TYPE }, soapEnvelope(ACTIONS.pnr, '<P/>'));
    expect(ok.status).to.equal(200);
    const wrong = await send(`${server.url}/services/iti41`, { 'content-type': SOAP_TYPE }, soapEnvelope(ACTIONS.retrieve, '<P/>'));
    expect(wrong.status).to.equal(400);
    expect(wrong.body.toString()).to.contain('wsa:ActionNotSupported').and.contain('/services/iti41');
  });

  it('reads envelopes with a default namespace and unusual prefixes', async () => {
    const raw = `<Envelope xmlns="${NS.soap12}"><Header><A:Action xmlns:A="${NS.wsa}">${ACTIONS.pnr}</A:Action></Header>`
      + `<Body><ns9:P xmlns:ns9="urn:x"/></Body></Envelope>`;
    const res = await send(`${server.url}/services/repository`, { 'content-type': 'application/soap+xml' }, raw);
    expect(res.status).to.equal(200);
    expect(bodyChild(parseXml(res.body.toString())).attrs.root).to.equal('P');
  });

  it('accepts MTOM with several parts, binary holding CRLF--, and answers in MTOM that two parsers read back', async () => {
    const tricky = Buffer.concat([Buffer.from('\r\n--MIMEBoundary_client_1X\r\n--\r\n'), Buffer.from([0, 255, 13, 10, 45, 45]), Buffer.from('\r\n--MIMEBoundary_client')]);
    const large = Buffer.alloc(3 * 1024 * 1024 + 17, 0xab);
    const root = soapEnvelope(ACTIONS.pnr, `<x:P xmlns:x="urn:x" xmlns:xop="${NS.xop}"><x:Document id="a"><xop:Include href="cid:a%40client"/></x:Document>`
      + '<x:Document id="b"><xop:Include href="cid:b@client"/></x:Document></x:P>');
    const { contentType, body } = mtomBody(root, [{ id: 'a@client', data: tricky }, { id: 'b@client', data: large }]);
    const res = await send(`${server.url}/services/repository`, { 'content-type': contentType }, body);
    expect(res.status).to.equal(200);
    const type = parseMediaType(String(res.headers['content-type']));
    expect([type?.type, type?.params.get('type'), type?.params.get('start-info')]).to.deep.equal(['multipart/related', 'application/xop+xml', 'application/soap+xml']);

    const own = await ownParse(res);
    const echoed = bodyChild(own.root).children;
    expect(echoed.map((p) => [p.attrs.id, Number(p.attrs.size), p.attrs.sha1])).to.deep.equal([['a', tricky.length, sha1(tricky)], ['b', large.length, sha1(large)]]);
    expect(sha1(own.parts.get('echo-0@gateway')?.bytes as Uint8Array)).to.equal(sha1(tricky));

    const py = pythonParse(res);
    expect(py.startInfo).to.equal('application/soap+xml');
    expect(py.parts.slice(1).map((p) => [p.contentId, p.size, p.sha1])).to.deep.equal([
      ['<echo-0@gateway>', tricky.length, sha1(tricky)], ['<echo-1@gateway>', large.length, sha1(large)]]);
  });

  it('answers a plain request with attachments inline as base64 in place of xop:Include', async () => {
    const res = await send(`${server.url}/services/repository`, { 'content-type': SOAP_TYPE },
      soapEnvelope(ACTIONS.retrieve, '<t:R xmlns:t="urn:test" size="100001"/>'));
    expect(res.status).to.equal(200);
    const doc = child(bodyChild(parseXml(res.body.toString())), 'urn:test', 'Document') as XmlElement;
    expect(doc.children).to.have.length(0);
    const bytes = Buffer.from(doc.text, 'base64');
    expect(bytes.length).to.equal(100001);
    expect(bytes[300]).to.equal(300 % 251);
  });

  it('turns an XdsError into the transaction failure response with HTTP 200', async () => {
    const res = await send(`${server.url}/services/registry`, { 'content-type': SOAP_TYPE }, soapEnvelope(ACTIONS.register, '<P/>'));
    expect(res.status).to.equal(200);
    expect(res.body.toString()).to.contain('errorCode="XDSUnknownPatientId"');
    expect(header(parseXml(res.body.toString()), 'Action')).to.equal(`${ACTIONS.register}Response`);
  });

  it('turns an unexpected error into the actor internal error naming the correlation id, keeping the stack in the log', async () => {
    const res = await send(`${server.url}/services/registry`, { 'content-type': SOAP_TYPE, 'x-correlation-id': 'corr-crash-1' }, soapEnvelope(ACTIONS.query, '<Q/>'));
    expect(res.status).to.equal(200);
    const text = res.body.toString();
    expect(text).to.contain('errorCode="XDSRegistryError"').and.contain('corr-crash-1');
    expect(text).not.to.contain('boom');
    const logged = server.logs.find((l) => l.correlationId === 'corr-crash-1' && l.level === 'error');
    expect(String(logged?.error)).to.contain('boom').and.contain('at ');
  });

  it('answers with a Receiver fault when even the failure response cannot be built', async () => {
    const res = await send(`${server.url}/services/registry`, { 'content-type': SOAP_TYPE }, soapEnvelope(ACTIONS.update, '<U/>'));
    expect(res.status).to.equal(500);
    expect(res.body.toString()).to.contain('env:Receiver').and.not.contain('second failure');
  });

  it('accepts the real Axis2 MTOM capture from the NIST toolkit and resolves its XOP part', async function () {
    requireShared(this);
    const capture = readFileSync(sharedPath('conformance/samples/nist-toolkit/common/data/httpParser/http-mtom-pnr.txt'));
    const split = capture.indexOf('\n\n');
    const headers = capture.subarray(0, split).toString('latin1').split('\n');
    const contentType = (headers.find((h) => /^content-type:/i.test(h)) ?? '').replace(/^content-type:\s*/i, '').trim();
    const body = capture.subarray(split + 2);
    const doc = body.subarray(body.indexOf('Four score'), body.lastIndexOf('\n--MIMEBoundary'));
    const res = await send(`${server.url}/services/repository`, { 'content-type': contentType }, body);
    expect(res.status).to.equal(200);
    const own = await ownParse(res);
    const part = bodyChild(own.root).children[0] as XmlElement;
    expect([part.attrs.name, part.attrs.id, Number(part.attrs.size), part.attrs.sha1])
      .to.deep.equal(['Document', 'urn:uuid:102439f8-5881-4b36-8b42-ef73ae560c04', doc.length, sha1(doc)]);
  });
});
