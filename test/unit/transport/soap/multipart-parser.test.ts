import { expect } from 'chai';
import { MultipartParser, type PartHeaders } from '../../../../src/transport/soap/multipart-parser.js';
import type { PartWriter } from '../../../../src/transport/soap/part-sink.js';
import { SoapFault } from '../../../../src/transport/soap/fault.js';

interface Collected { headers: PartHeaders; body: Buffer }

/** Parses `input` fed in chunks of the given sizes (cycled), collecting each part. */
async function parse(boundary: string, input: Buffer, chunkSizes: readonly number[] = [input.length]): Promise<Collected[]> {
  const parts: Collected[] = [];
  const parser = new MultipartParser(boundary, {
    startPart(headers): PartWriter {
      const chunks: Buffer[] = [];
      const part: Collected = { headers, body: Buffer.alloc(0) };
      parts.push(part);
      return {
        write: (b) => { chunks.push(Buffer.from(b)); },
        end: () => { part.body = Buffer.concat(chunks); },
        abort: async () => {},
      };
    },
  });
  let at = 0;
  let i = 0;
  while (at < input.length) {
    const n = Math.max(1, chunkSizes[i++ % chunkSizes.length] ?? 1);
    await parser.push(input.subarray(at, at + n));
    at += n;
  }
  await parser.end();
  return parts;
}

function multipart(boundary: string, parts: readonly (readonly [string, Buffer])[], eol = '\r\n'): Buffer {
  const out: Buffer[] = [];
  for (const [headers, body] of parts) {
    out.push(Buffer.from(`--${boundary}${eol}${headers.split('\n').join(eol)}${eol}${eol}`), body, Buffer.from(eol));
  }
  out.push(Buffer.from(`--${boundary}--${eol}`));
  return Buffer.concat(out);
}

async function faultOf(p: Promise<unknown>): Promise<SoapFault> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(SoapFault);
    return e as SoapFault;
  }
  throw new Error('expected a SoapFault');
}

describe('MultipartParser', () => {
  const B = 'MIMEBoundary_abc123';
  const tricky = Buffer.concat([
    Buffer.from('start\r\n--\r\n--MIMEBoundary_abc\r\n--MIMEBoundary_abc123X\r\n'),
    Buffer.from([0, 13, 10, 45, 45, 255, 13, 10]),
    Buffer.from('\r\n--MIMEBoundary_abc123-x\r\nend\r'),
  ]);

  it('splits a package into parts with their headers and exact bytes', async () => {
    const input = multipart(B, [['Content-ID: <root>\nContent-Type: application/xop+xml', Buffer.from('<e/>')],
      ['Content-ID: <doc1>', Buffer.from('hello')]]);
    const parts = await parse(B, input);
    expect(parts.map((p) => p.body.toString())).to.deep.equal(['<e/>', 'hello']);
    expect(parts[0]?.headers.get('content-type')).to.equal('application/xop+xml');
    expect(parts[1]?.headers.get('content-id')).to.equal('<doc1>');
  });

  it('keeps binary content holding CRLF--, a shorter boundary and a longer boundary byte-exact', async () => {
    const input = multipart(B, [['Content-ID: <root>', Buffer.from('<e/>')], ['Content-ID: <bin>', tricky]]);
    const parts = await parse(B, input);
    expect(parts[1]?.body.equals(tricky)).to.equal(true);
  });

  it('gives the same result whatever the chunk sizes, down to one byte at a time', async () => {
    const input = multipart(B, [['Content-ID: <root>', Buffer.from('<e/>')], ['Content-ID: <bin>', tricky], ['Content-ID: <x>', Buffer.alloc(0)]]);
    for (const sizes of [[1], [2], [3, 7], [B.length + 1], [B.length + 3, 1], [64]]) {
      const parts = await parse(B, input, sizes);
      expect(parts.length, `chunks ${sizes.join(',')}`).to.equal(3);
      expect(parts[1]?.body.equals(tricky), `chunks ${sizes.join(',')}`).to.equal(true);
      expect(parts[2]?.body.length).to.equal(0);
    }
  });

  it('reads bare-LF line ends, trailing padding after boundaries and a missing final line end', async () => {
    const input = Buffer.from(`--${B} \nContent-ID: <r>\n\n<e/>\n--${B}\t\nContent-ID: <d>\n\nline1\r\nline2\n--${B}--`);
    const parts = await parse(B, input);
    expect(parts.map((p) => p.body.toString())).to.deep.equal(['<e/>', 'line1\r\nline2']);
  });

  it('ignores a preamble and an epilogue', async () => {
    const body = multipart(B, [['Content-ID: <r>', Buffer.from('<e/>')]]);
    const input = Buffer.concat([Buffer.from('This is a preamble\r\n'), body, Buffer.from('epilogue --junk--')]);
    const parts = await parse(B, input, [5]);
    expect(parts.map((p) => p.body.toString())).to.deep.equal(['<e/>']);
  });

  it('joins folded header lines', async () => {
    const input = multipart(B, [['Content-Type: application/xop+xml;\n\ttype="application/soap+xml"\nContent-ID: <r>', Buffer.from('<e/>')]]);
    const parts = await parse(B, input);
    expect(parts[0]?.headers.get('content-type')).to.equal('application/xop+xml; type="application/soap+xml"');
  });

  it('refuses a body that ends without its closing boundary', async () => {
    const input = Buffer.from(`--${B}\r\nContent-ID: <r>\r\n\r\n<e/>\r\n`);
    expect((await faultOf(parse(B, input))).id).to.equal('MULTIPART_NO_CLOSE');
  });

  it('refuses a body without any boundary line', async () => {
    expect((await faultOf(parse(B, Buffer.from('<soap:Envelope/>')))).id).to.equal('MULTIPART_NO_START');
  });

  it('refuses a body whose headers never end', async () => {
    const input = Buffer.concat([Buffer.from(`--${B}\r\n`), Buffer.alloc(20_000, 'a')]);
    expect((await faultOf(parse(B, input, [1000]))).id).to.equal('MULTIPART_HEADERS_TOO_LARGE');
  });

  it('refuses a package that closes before any part', async () => {
    expect((await faultOf(parse(B, Buffer.from(`--${B}--\r\n`)))).id).to.equal('MULTIPART_NO_PARTS');
  });

  it('refuses more parts than the limit', async () => {
    const parts: [string, Buffer][] = Array.from({ length: 5 }, (_, i) => [`Content-ID: <p${i}>`, Buffer.from('x')]);
    const parser = new MultipartParser(B, { startPart: () => ({ write: () => {}, end: () => {}, abort: async () => {} }) },
      { maxHeaderBytes: 1000, maxParts: 3, maxPreambleBytes: 1000 });
    const fault = await faultOf(parser.push(multipart(B, parts)));
    expect(fault.id).to.equal('MULTIPART_TOO_MANY_PARTS');
  });
});
