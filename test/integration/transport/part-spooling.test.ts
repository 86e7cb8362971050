/**
 * MTOM parts past the memory setting go to temp files, so a request's memory follows
 * MTOM_MEMORY_BYTES rather than its size; and the part files of a gateway killed mid-upload are
 * removed when a gateway starts again. Real gateway processes, real SIGKILL.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryOf, resetPeak, startGatewayProcess } from '../../support/gateway-process.js';
import { envelope, post } from '../../support/soap-client.js';
import { mtomBody } from './app-fixture.js';

const PNR = 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b';
const MIB = 1024 * 1024;

/** The gateway's part files (the folder also holds tsx's cache). */
const partFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('gateway-part-'));

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error('timed out waiting');
  }
}

describe('MTOM parts on disk', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'part-spooling-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the memory of four requests of 100 parts of 1 MiB near the setting, not near their 400 MiB', async () => {
    const g = await startGatewayProcess({ STORAGE_URL: 'memory:', TMPDIR: dir, MTOM_MEMORY_BYTES: String(4 * MIB), MTOM_MAX_PARTS: '200' });
    try {
      const parts = Array.from({ length: 100 }, (_, i) => ({ id: `p${i}@t`, data: Buffer.alloc(MIB, i) }));
      const { contentType, body } = mtomBody(envelope(PNR, '<q/>'), parts);
      const small = mtomBody(envelope(PNR, '<q/>'), parts.slice(0, 2).map((p) => ({ ...p, data: p.data.subarray(0, 1024) })));
      await post(`${g.url}/services/repository`, small.contentType, small.body); // warm-up that leaves the resident set small
      const before = memoryOf(g.pid).rss;
      const canReset = resetPeak(g.pid);
      let peak = 0;
      const sampler = setInterval(() => { peak = Math.max(peak, memoryOf(g.pid).rss); }, 10);
      const answers = await Promise.all([0, 1, 2, 3].map(() => post(`${g.url}/services/repository`, contentType, body)));
      clearInterval(sampler);
      if (canReset) peak = Math.max(peak, memoryOf(g.pid).peak);
      for (const a of answers) expect(a.status).to.equal(200);
      expect((peak - before) / MIB, 'growth of the resident set, MiB').to.be.below(150);
      await until(() => partFiles(dir).length === 0); // removed once each response is out
    } finally {
      await g.stop();
    }
  });

  it('removes the part files of a gateway killed mid-upload when a gateway starts again', async () => {
    const first = await startGatewayProcess({ STORAGE_URL: 'memory:', TMPDIR: dir, MTOM_MEMORY_BYTES: '0' });
    const { contentType, body } = mtomBody(envelope(PNR, '<q/>'), [{ id: 'big@t', data: Buffer.alloc(4 * MIB, 7) }]);
    const sock = net.connect(Number(new URL(first.url).port), '127.0.0.1');
    sock.on('error', () => { /* the gateway is killed under it */ });
    await new Promise((r) => sock.once('connect', r));
    sock.write(`POST /services/repository HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
    sock.write(body.subarray(0, 3 * MIB));
    await until(() => partFiles(dir).length > 0);
    await first.kill();
    sock.destroy();
    const left = partFiles(dir);
    expect(left, 'a killed process cannot clean up').to.have.length(1);
    const second = await startGatewayProcess({ STORAGE_URL: 'memory:', TMPDIR: dir });
    try {
      expect(partFiles(dir)).to.deep.equal([]);
    } finally {
      await second.stop();
    }
  });
});
