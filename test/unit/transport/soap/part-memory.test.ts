import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMediaType } from '../../../../src/transport/soap/media-type.js';
import { readMtomPackage } from '../../../../src/transport/soap/mtom.js';
import { sweepOrphanParts, TempFiles } from '../../../../src/transport/soap/part-sink.js';

const B = 'MIMEBoundary_memory';
const ROOT = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><x/></s:Body></s:Envelope>';

async function* parts(count: number, size: number): AsyncGenerator<Buffer> {
  yield Buffer.from(`--${B}\r\nContent-ID: <root@x>\r\n\r\n${ROOT}\r\n`);
  for (let i = 0; i < count; i++) {
    yield Buffer.from(`--${B}\r\nContent-ID: <d${i}@x>\r\n\r\n`);
    yield Buffer.alloc(size, i % 256);
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(`--${B}--\r\n`);
}

describe('MTOM memory per message', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'part-memory-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const type = parseMediaType(`multipart/related; boundary=${B}; start="<root@x>"`);
  if (!type) throw new Error('bad type');

  it('keeps at most the memory budget of small parts in memory and spills the rest', async () => {
    const pkg = await readMtomPackage(parts(40, 100_000), type, { maxRootBytes: 10_000, tempDir: dir, memoryBytes: 1_000_000 });
    const inMemory = [...pkg.parts.values()].filter((c) => c.filePath === undefined);
    expect(inMemory.reduce((n, c) => n + c.size, 0)).to.be.at.most(1_000_000);
    expect(readdirSync(dir)).to.have.length(40 - inMemory.length);
    expect(inMemory.length).to.be.within(9, 10);
    await pkg.cleanup();
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('refuses more parts than allowed as soon as the one too many starts', async () => {
    let thrown: unknown;
    await readMtomPackage(parts(50, 10), type, { maxRootBytes: 10_000, tempDir: dir, multipart: { maxHeaderBytes: 1024, maxParts: 20, maxPreambleBytes: 1024 } })
      .catch((e: unknown) => { thrown = e; });
    expect((thrown as Error).message).to.contain('more than 20 parts');
    expect(readdirSync(dir)).to.deep.equal([]);
  });
});

describe('sweepOrphanParts', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'part-sweep-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the part files of stopped processes and of this pid, and keeps those of running ones', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const mine = new TempFiles(dir).newPath();
    writeFileSync(mine, 'left by an earlier run with this pid');
    writeFileSync(join(dir, `gateway-part-${dead}-0b1e`), 'orphan');
    writeFileSync(join(dir, `gateway-part-${process.ppid}-4a2f`), 'a running gateway');
    writeFileSync(join(dir, 'unrelated.txt'), 'not ours');
    expect(await sweepOrphanParts(dir)).to.equal(2);
    expect(readdirSync(dir).sort()).to.deep.equal([`gateway-part-${process.ppid}-4a2f`, 'unrelated.txt']);
  });
});
