import { expect } from 'chai';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NS } from '../../../src/formats/xml/tree.js';
import { parseMediaType } from '../../../src/transport/soap/media-type.js';
import { MultipartParser } from '../../../src/transport/soap/multipart-parser.js';
import { ACTIONS, generatedSha1, soapEnvelope, startTestApp, type TestServer } from './app-fixture.js';

const MB = 1024 * 1024;

/** Samples RSS every 25 ms; returns the peak growth over the start value. */
function rssWatcher(): { stop(): number } {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 25);
  return { stop: () => { clearInterval(timer); return peak - start; } };
}

/** Streams a multipart response through the parser, hashing every part; nothing is kept. */
async function hashParts(res: http.IncomingMessage): Promise<{ size: number; sha1: string }[]> {
  const type = parseMediaType(res.headers['content-type']);
  const out: { size: number; sha1: string }[] = [];
  const parser = new MultipartParser(type?.params.get('boundary') ?? '', {
    startPart: () => {
      const h = createHash('sha1');
      let size = 0;
      return {
        write: (b) => { h.update(b); size += b.length; },
        end: () => { out.push({ size, sha1: h.digest('hex') }); },
        abort: async () => {},
      };
    },
  });
  for await (const chunk of res) await parser.push(chunk as Buffer);
  await parser.end();
  return out;
}

/** A request body streamed from a generator (chunked), and the response streamed back. */
function stream(url: string, contentType: string, body: AsyncIterable<Buffer>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': contentType } }, resolve);
    req.on('error', reject);
    pipeline(Readable.from(body, { objectMode: false }), req).catch(reject);
  });
}

async function* repeat(block: Buffer, total: number): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < total; sent += block.length) yield block.subarray(0, Math.min(block.length, total - sent));
}

describe('streaming large documents', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => { server = await startTestApp({ config: { MAX_REQUEST_BYTES: String(300 * MB) } }); });
  after(async () => { await server.close(); });

  it('streams a 200 MB ITI-43 MTOM response with less than 100 MB RSS growth', async () => {
    const size = 200 * MB;
    const root = soapEnvelope(ACTIONS.retrieve, `<t:R xmlns:t="urn:test" size="${size}"/>`);
    const boundary = 'MIMEBoundary_big';
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from(`--${boundary}\r\nContent-Type: application/xop+xml; type="application/soap+xml"\r\nContent-ID: <r@c>\r\n\r\n${root}\r\n--${boundary}--\r\n`);
    }
    const watch = rssWatcher();
    const res = await stream(`${server.url}/services/repository`, `multipart/related; boundary="${boundary}"; type="application/xop+xml"`, body());
    expect(res.statusCode).to.equal(200);
    const parts = await hashParts(res);
    const growth = watch.stop();
    expect(parts[1]).to.deep.equal({ size, sha1: generatedSha1(size) });
    expect(growth, `RSS grew by ${Math.round(growth / MB)} MB`).to.be.below(100 * MB);
  });

  it('takes a 100 MB MTOM upload through a temp file and echoes it back, streaming both ways', async () => {
    const size = 100 * MB;
    const block = Buffer.alloc(MB);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7) % 256;
    block.write('\r\n--MIMEBoundary_up', 5000, 'latin1');
    const expected = createHash('sha1');
    for (let sent = 0; sent < size; sent += block.length) expected.update(block);
    const root = soapEnvelope(ACTIONS.pnr, `<P><Document id="big"><xop:Include xmlns:xop="${NS.xop}" href="cid:big@c"/></Document></P>`);
    const boundary = 'MIMEBoundary_upload';
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from(`--${boundary}\r\nContent-Type: application/xop+xml; type="application/soap+xml"\r\nContent-ID: <r@c>\r\n\r\n${root}`
        + `\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-ID: <big@c>\r\n\r\n`);
      yield* repeat(block, size);
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const watch = rssWatcher();
    const res = await stream(`${server.url}/services/repository`, `multipart/related; boundary=${boundary}; type="application/xop+xml"`, body());
    expect(res.statusCode).to.equal(200);
    const parts = await hashParts(res);
    const growth = watch.stop();
    expect(parts[1]).to.deep.equal({ size, sha1: expected.digest('hex') });
    expect(growth, `RSS grew by ${Math.round(growth / MB)} MB`).to.be.below(100 * MB);
  });
});
