import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS } from '../../../src/formats/xml/tree.js';
import { ACTIONS, mtomBody, send, soapEnvelope, SOAP_TYPE, startTestApp, type RawResponse, type TestServer } from './app-fixture.js';

const MAX_REQUEST = 8_000_000;
const MAX_XML = 200_000;
const IDLE_MS = 300;

/** What a refusal must look like: a SOAP 1.2 fault with the given code text, and no stack trace. */
function expectFault(res: RawResponse, status: number, ...needles: string[]): void {
  const text = res.body.toString();
  expect(res.status, text).to.equal(status);
  expect(String(res.headers['content-type'])).to.match(/^application\/soap\+xml/);
  expect(text).to.contain(`<env:Fault>`);
  for (const n of needles) expect(text).to.contain(n);
  expect(text).not.to.match(/\.ts:\d+|at [\w.]+ \(|node:internal/);
}

/** Opens a raw connection, writes `head`, and resolves with whatever comes back before close. */
function rawExchange(port: number, head: Buffer | string, opts: { endAfter?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(head));
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.on('error', reject);
    if (opts.endAfter) setTimeout(() => sock.destroy(), opts.endAfter);
  });
}

describe('hostile SOAP input', () => {
  let server: TestServer;
  let tmp: string;
  const savedTmp = process.env.TMPDIR;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'transport-hostile-'));
    process.env.TMPDIR = tmp;
    server = await startTestApp({ config: { MAX_REQUEST_BYTES: String(MAX_REQUEST), MAX_XML_BYTES: String(MAX_XML), REQUEST_IDLE_TIMEOUT_MS: String(IDLE_MS) } });
  });
  after(async () => {
    await server.close();
    if (savedTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = savedTmp;
    rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(async () => {
    const res = await send(`${server.url}/services/repository`, { 'content-type': SOAP_TYPE }, soapEnvelope(ACTIONS.pnr, '<P/>'));
    expect(res.status, 'the server still answers').to.equal(200);
  });

  const post = (body: string | Buffer, contentType = SOAP_TYPE, path = '/services/repository'): Promise<RawResponse> =>
    send(`${server.url}${path}`, { 'content-type': contentType }, body);

  it('refuses XML that is not well-formed with a Sender fault', async () => {
    expectFault(await post('<soap:Envelope xmlns:soap="x"><unclosed>'), 400, 'env:Sender', 'not well-formed');
  });

  it('refuses a billion-laughs DOCTYPE at once', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">`
      + `<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><soap:Envelope xmlns:soap="${NS.soap12}"><soap:Body><a>&lol3;</a></soap:Body></soap:Envelope>`;
    expectFault(await post(bomb), 400, 'DOCTYPE');
  });

  it('refuses an external entity without reading it', async () => {
    const xxe = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="${NS.soap12}"><soap:Body><a>&x;</a></soap:Body></soap:Envelope>`;
    const res = await post(xxe);
    expectFault(res, 400, 'DOCTYPE');
    expect(res.body.toString()).not.to.contain('root:');
  });

  it('refuses a wrong or missing Content-Type with 415', async () => {
    expectFault(await post('{"a":1}', 'application/json'), 415, 'application/json');
    expectFault(await send(`${server.url}/services/repository`, {}, 'x'), 415, '(none)');
  });

  it('refuses a missing wsa:Action with wsa:MessageAddressingHeaderRequired', async () => {
    expectFault(await post(soapEnvelope(undefined, '<P/>')), 400, 'wsa:MessageAddressingHeaderRequired', '<wsa:RelatesTo>urn:uuid:11111111');
  });

  it('refuses an unknown wsa:Action with wsa:ActionNotSupported', async () => {
    expectFault(await post(soapEnvelope('urn:evil:Action', '<P/>')), 400, 'wsa:ActionNotSupported', 'urn:evil:Action');
  });

  it('refuses SOAP 1.1 with a VersionMismatch fault and an Upgrade header', async () => {
    const s11 = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><P/></s:Body></s:Envelope>';
    expectFault(await post(s11, 'text/xml; charset=utf-8'), 500, 'env:VersionMismatch', 'env:Upgrade');
  });

  it('refuses an unknown header marked mustUnderstand with a MustUnderstand fault', async () => {
    const env = soapEnvelope(ACTIONS.pnr, '<P/>', '<x:Must xmlns:x="urn:x" soap:mustUnderstand="true"/>');
    expectFault(await post(env), 500, 'env:MustUnderstand', 'env:NotUnderstood');
  });

  it('refuses multipart without its closing boundary', async () => {
    const { contentType, body } = mtomBody(soapEnvelope(ACTIONS.pnr, '<P/>'), []);
    expectFault(await post(body.subarray(0, body.length - 30), contentType), 400, 'closing boundary');
  });

  it('refuses multipart whose start part is missing', async () => {
    const { contentType, body } = mtomBody(soapEnvelope(ACTIONS.pnr, '<P/>'), []);
    expectFault(await post(body, contentType.replace('<root@client>', '<other@client>')), 400, 'other@client');
  });

  it('refuses an xop:Include whose part is missing, naming the cid', async () => {
    const root = soapEnvelope(ACTIONS.pnr, `<P><D><xop:Include xmlns:xop="${NS.xop}" href="cid:gone@client"/></D></P>`);
    const { contentType, body } = mtomBody(root, [{ id: 'other@client', data: Buffer.from('x') }]);
    expectFault(await post(body, contentType), 400, 'cid:gone@client');
  });

  it('refuses an envelope above MAX_XML_BYTES with 413', async () => {
    expectFault(await post(soapEnvelope(ACTIONS.pnr, `<P>${'a'.repeat(MAX_XML)}</P>`)), 413, String(Math.min(MAX_REQUEST, MAX_XML)));
  });

  it('refuses a declared Content-Length above MAX_REQUEST_BYTES before reading the body', async () => {
    const reply = await rawExchange(server.port, `POST /services/repository HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/related; boundary=b\r\nContent-Length: ${MAX_REQUEST * 10}\r\n\r\n`);
    expect(reply).to.match(/^HTTP\/1\.1 413/).and.contain('Connection: close').and.contain('env:Fault');
  });

  it('stops reading a chunked upload that passes MAX_REQUEST_BYTES and answers 413', async () => {
    const result = await new Promise<{ status: number; written: number; text: string }>((resolve, reject) => {
      let written = 0;
      let stop = false;
      const req = http.request(`${server.url}/services/repository`, { method: 'POST', agent: false, headers: { 'content-type': 'multipart/related; boundary=b' } }, (res) => {
        stop = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, written, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', (e) => (stop ? undefined : reject(e)));
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      const pump = (): void => {
        while (!stop && written < MAX_REQUEST * 20) {
          written += chunk.length;
          if (!req.write(chunk)) { req.once('drain', pump); return; }
        }
      };
      req.write('--b\r\nContent-ID: <r>\r\n\r\n<x/>\r\n--b\r\nContent-ID: <d>\r\n\r\n');
      pump();
    });
    expect(result.status).to.equal(413);
    expect(result.text).to.contain(`limit of ${MAX_REQUEST} bytes`);
    expect(result.written).to.be.below(MAX_REQUEST * 20);
  });

  it('answers 408 to a body that stops arriving', async () => {
    const started = Date.now();
    const reply = await rawExchange(server.port, `POST /services/repository HTTP/1.1\r\nHost: x\r\nContent-Type: ${SOAP_TYPE}\r\nContent-Length: 1000\r\n\r\n<soap:Env`);
    expect(reply).to.match(/^HTTP\/1\.1 408/).and.contain('no data for 300 ms');
    expect(Date.now() - started).to.be.below(5_000);
  });

  it('survives a client that disconnects mid-upload and removes the spilled temp file', async () => {
    const root = soapEnvelope(ACTIONS.pnr, `<P><D><xop:Include xmlns:xop="${NS.xop}" href="cid:big@client"/></D></P>`);
    const { contentType, body } = mtomBody(root, [{ id: 'big@client', data: Buffer.alloc(4_000_000, 1) }]);
    const sock = net.connect(server.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write(`POST /services/repository HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
    sock.write(body.subarray(0, 3_000_000));
    for (let i = 0; i < 50 && readdirSync(tmp).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(tmp).length, 'a part was spilled').to.equal(1);
    sock.destroy();
    for (let i = 0; i < 50 && readdirSync(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(tmp)).to.deep.equal([]);
  });

  it('answers 404 for an unknown endpoint and 405 for GET without ?wsdl', async () => {
    expectFault(await post(soapEnvelope(ACTIONS.pnr, '<P/>'), SOAP_TYPE, '/services/nowhere'), 404, '/services/nowhere');
    expectFault(await send(`${server.url}/services/registry`, {}, '', 'GET'), 405, 'POST');
  });
});
