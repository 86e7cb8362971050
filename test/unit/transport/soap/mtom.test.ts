import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentContent } from '../../../../src/domain/submission.js';
import { SoapFault } from '../../../../src/transport/soap/fault.js';
import { parseMediaType, type MediaType } from '../../../../src/transport/soap/media-type.js';
import { mtomContentType, mtomStream, newMtomFrame, readMtomPackage, type MtomLimits } from '../../../../src/transport/soap/mtom.js';

const B = 'MIMEBoundary_test';
const ROOT = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><x/></s:Body></s:Envelope>';

function ct(params: string): MediaType {
  const t = parseMediaType(`multipart/related; ${params}`);
  if (!t) throw new Error('bad content type');
  return t;
}

function pkg(parts: readonly (readonly [string, Buffer | string])[]): Buffer {
  const out: Buffer[] = [];
  for (const [h, b] of parts) out.push(Buffer.from(`--${B}\r\n${h}\r\n\r\n`), Buffer.from(b), Buffer.from('\r\n'));
  out.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(out);
}

async function* chunks(buf: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function readAll(c: DocumentContent): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of c.open()) out.push(Buffer.from(b));
  return Buffer.concat(out);
}

const sha1 = (b: Buffer): string => createHash('sha1').update(b).digest('hex');

describe('readMtomPackage', () => {
  let dir: string;
  let limits: MtomLimits;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mtom-test-'));
    limits = { maxRootBytes: 100_000, tempDir: dir, spillThreshold: 1024 };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the root by the start parameter whatever its quoting and angle brackets', async () => {
    const body = pkg([['Content-ID: <doc@x>', 'DATA'], ['Content-ID: <root@x>\r\nContent-Type: application/xop+xml; charset=UTF-8', ROOT]]);
    for (const start of ['start="<root@x>"', "start='<root@x>'", 'start=<root@x>', 'start="root@x"', 'start = "<root@x>" ']) {
      const p = await readMtomPackage(chunks(body), ct(`boundary="${B}"; type="application/xop+xml"; ${start}`), limits);
      expect(p.root.toString(), start).to.equal(ROOT);
      expect([...p.parts.keys()], start).to.deep.equal(['doc@x']);
      await p.cleanup();
    }
  });

  it('takes the first part as root when start is absent, with an unquoted boundary', async () => {
    const body = pkg([['Content-ID: root@x', ROOT], ['Content-ID: doc@x', 'DATA']]);
    const p = await readMtomPackage(chunks(body), ct(`boundary=${B}; type=application/xop+xml`), limits);
    expect(p.root.toString()).to.equal(ROOT);
    expect(p.parts.get('doc@x')?.size).to.equal(4);
    expect(p.rootContentType).to.equal(undefined);
  });

  it('keeps small parts in memory and spills large ones to a temp file, with size and SHA-1', async () => {
    const small = Buffer.from('small document');
    const large = Buffer.alloc(50_000, 7);
    large.write('\r\n--MIMEBoundary_test', 1000);
    const body = pkg([['Content-ID: <r>', ROOT], ['Content-ID: <s>', small], ['Content-ID: <l>', large]]);
    const p = await readMtomPackage(chunks(body, 333), ct(`boundary="${B}"`), limits);
    const s = p.parts.get('s');
    const l = p.parts.get('l');
    expect(s?.bytes && Buffer.from(s.bytes).equals(small)).to.equal(true);
    expect(s?.sha1).to.equal(sha1(small));
    expect(l?.filePath).to.be.a('string');
    expect(l?.size).to.equal(large.length);
    expect(l?.sha1).to.equal(sha1(large));
    expect((await readAll(l as DocumentContent)).equals(large)).to.equal(true);
    await p.cleanup();
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('cleans up even when a store has already moved a spilled file away', async () => {
    const body = pkg([['Content-ID: <r>', ROOT], ['Content-ID: <l>', Buffer.alloc(5000, 1)]]);
    const p = await readMtomPackage(chunks(body), ct(`boundary="${B}"`), limits);
    const moved = join(dir, 'taken-over');
    renameSync(p.parts.get('l')?.filePath as string, moved);
    await p.cleanup();
    expect(existsSync(moved)).to.equal(true);
  });

  it('removes temp files when the package turns out to be broken', async () => {
    const body = pkg([['Content-ID: <r>', ROOT], ['Content-ID: <l>', Buffer.alloc(5000, 1)]]);
    const truncated = body.subarray(0, body.length - 20);
    const e = await readMtomPackage(chunks(truncated), ct(`boundary="${B}"`), limits).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(SoapFault);
    expect((e as SoapFault).id).to.equal('MULTIPART_NO_CLOSE');
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  const refusals: [string, Buffer, string, string][] = [
    ['a start id that names no part', pkg([['Content-ID: <a>', ROOT]]), `boundary="${B}"; start="<zz>"`, 'ROOT_PART_MISSING'],
    ['a missing boundary parameter', pkg([['Content-ID: <a>', ROOT]]), 'type="application/xop+xml"', 'MULTIPART_NO_BOUNDARY'],
    ['two parts with one Content-ID', pkg([['Content-ID: <a>', ROOT], ['Content-ID: <a>', 'x']]), `boundary="${B}"`, 'MULTIPART_DUPLICATE_ID'],
    ['a base64-encoded part', pkg([['Content-ID: <a>', ROOT], ['Content-ID: <b>\r\nContent-Transfer-Encoding: base64', 'eA==']]), `boundary="${B}"`, 'MULTIPART_ENCODING'],
    ['a root part above the XML limit', pkg([['Content-ID: <a>', Buffer.alloc(200_000, 32)]]), `boundary="${B}"`, 'ENVELOPE_TOO_LARGE'],
  ];
  for (const [what, body, params, id] of refusals) {
    it(`refuses ${what} with ${id}`, async () => {
      const e = await readMtomPackage(chunks(body), ct(params), limits).catch((x: unknown) => x);
      expect(e).to.be.instanceOf(SoapFault);
      expect((e as SoapFault).id).to.equal(id);
    });
  }
});

describe('mtomStream', () => {
  it('writes a package that readMtomPackage reads back byte-exact', async () => {
    const frame = newMtomFrame();
    const doc = Buffer.concat([Buffer.from('\r\n--'), Buffer.alloc(3000, 9), Buffer.from(`\r\n--${frame.boundary}X`)]);
    const out: Buffer[] = [];
    const attachments = [{ contentId: 'doc1@gateway', contentType: 'application/pdf', size: doc.length, open: () => chunks(doc, 700) }];
    for await (const b of mtomStream(frame, ROOT, attachments)) out.push(b);
    const type = parseMediaType(mtomContentType(frame, 'urn:ihe:iti:2007:RetrieveDocumentSetResponse')) as MediaType;
    expect(type.params.get('start-info')).to.equal('application/soap+xml');
    expect(type.params.get('action')).to.equal('urn:ihe:iti:2007:RetrieveDocumentSetResponse');
    const p = await readMtomPackage(chunks(Buffer.concat(out), 1000), type, { maxRootBytes: 10_000 });
    expect(p.root.toString()).to.equal(ROOT);
    expect((await readAll(p.parts.get('doc1@gateway') as DocumentContent)).equals(doc)).to.equal(true);
    await p.cleanup();
  });
});
