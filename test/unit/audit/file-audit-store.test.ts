import { expect } from 'chai';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTHER_PATIENT_ID, PATIENT_ID } from '../../support/builders.js';
import { buildAuditEvent } from '../../../src/audit/audit-event.js';
import { FileAuditStore } from '../../../src/audit/file-audit-store.js';
import { InvalidCursorError } from '../../../src/audit/ports.js';
import { cxKey, type Cx } from '../../../src/domain/datatypes.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';

const event = (id: string, patient: Cx = PATIENT_ID) => buildAuditEvent({
  transaction: 'ITI-41', outcome: 'success', recorded: new Date(), security: ANONYMOUS, correlationId: `c-${id}`, id,
  server: { endpoint: '/services/repository' }, patient,
});
const KEY = cxKey(PATIENT_ID);
const segments = (dir: string, ext: string): string[] => readdirSync(dir).filter((n) => n.endsWith(ext)).sort();

/** The prototype of node's FileHandle, whose methods the store calls; patched to count and to fail. */
async function fileHandlePrototype(dir: string): Promise<Record<string, (...args: unknown[]) => Promise<unknown>>> {
  const fh = await open(join(dir, 'probe'), 'a');
  const proto = Object.getPrototypeOf(fh) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  await fh.close();
  return proto;
}

/** Every page of a patient's log, following the cursors. */
async function allPages(store: FileAuditStore, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.pageByPatient(KEY, { limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.events.map((e) => e.id));
    cursor = page.next;
  } while (cursor);
  return pages;
}

describe('The file audit store: group commit', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-gc-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes concurrent records with far fewer fdatasyncs than records, each acknowledged and kept', async () => {
    const proto = await fileHandlePrototype(dir);
    const original = proto.datasync as (...args: unknown[]) => Promise<unknown>;
    let syncs = 0;
    proto.datasync = function (this: unknown, ...args: unknown[]) { syncs += 1; return original.apply(this, args); };
    try {
      const store = await FileAuditStore.open(dir);
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.append(event(`e${i}`))));
      await store.close();
    } finally {
      proto.datasync = original;
    }
    expect(syncs).to.be.within(1, 20);
    const lines = readFileSync(join(dir, 'segment-000000000001.jsonl'), 'utf8').trim().split('\n');
    expect(lines).to.have.length(200);
    const reopened = await FileAuditStore.open(dir);
    expect((await reopened.findByPatient(KEY)).map((e) => e.id).slice(0, 2)).to.deep.equal(['e199', 'e198']);
    await reopened.close();
  });

  it('rejects every record of a failed write and cuts its partial line off, so later records stay readable', async () => {
    const proto = await fileHandlePrototype(dir);
    const original = proto.appendFile as (...args: unknown[]) => Promise<unknown>;
    const store = await FileAuditStore.open(dir);
    await store.append(event('before'));
    proto.appendFile = async function (this: unknown, data: unknown, ...rest: unknown[]) {
      await original.call(this, String(data).slice(0, 25), ...rest);
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    let failed: unknown;
    try {
      failed = await store.append(event('lost')).then(() => undefined, (e: unknown) => e);
    } finally {
      proto.appendFile = original;
    }
    expect((failed as Error | undefined)?.message).to.equal('no space left on device');
    await store.append(event('after'));
    expect((await store.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(['after', 'before']);
    await store.close();
    const reopened = await FileAuditStore.open(dir);
    expect((await reopened.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(['after', 'before']);
    await reopened.close();
  });
});

describe('The file audit store: segments, group indexes, paging, retention and the old format', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-seg-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('closes full segments with an index file and reads a patient newest first across them, before and after a reopen', async () => {
    const store = await FileAuditStore.open(dir, { segmentBytes: 8 * 1024 });
    for (let i = 0; i < 60; i++) await store.append(event(`r${i}`, i % 3 === 0 ? OTHER_PATIENT_ID : PATIENT_ID));
    const mine = Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `r${i}`).reverse();
    expect((await store.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(mine);
    await store.close();
    expect(segments(dir, '.jsonl').length).to.be.greaterThan(3);
    expect(segments(dir, '.idx')).to.have.length(segments(dir, '.jsonl').length - 1);
    const reopened = await FileAuditStore.open(dir, { segmentBytes: 8 * 1024 });
    expect((await reopened.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(mine);
    expect((await reopened.findByPatient(cxKey(OTHER_PATIENT_ID)))).to.have.length(20);
    await reopened.close();
  });

  it('answers queries while appends rotate segments underneath them, each answer newest first and complete up to its moment', async () => {
    const store = await FileAuditStore.open(dir, { segmentBytes: 4096 });
    let written = 0;
    const appending = (async () => {
      for (let i = 0; i < 120; i++) {
        await Promise.all([store.append(event(`w${i}a`)), store.append(event(`w${i}b`))]);
        written = i + 1;
      }
    })();
    let queries = 0;
    while (written < 120) {
      const before = written;
      const ids = (await store.findByPatient(KEY)).map((e) => e.id);
      expect(ids.length).to.be.at.least(2 * before);
      expect(ids[ids.length - 1]).to.match(before > 0 ? /^w0[ab]$/ : /.*/);
      queries += 1;
      // a query of an empty log does no I/O: let the appends run
      await new Promise((r) => setImmediate(r));
    }
    await appending;
    expect(queries).to.be.greaterThan(5);
    expect((await store.findByPatient(KEY))).to.have.length(240);
    await store.close();
  });

  it('pages a long log with cursors that cross segment boundaries, and refuses a forged cursor', async () => {
    const store = await FileAuditStore.open(dir, { segmentBytes: 6 * 1024 });
    for (let i = 0; i < 25; i++) await store.append(event(`p${i}`));
    const pages = await allPages(store, 7);
    expect(pages.map((p) => p.length)).to.deep.equal([7, 7, 7, 4]);
    expect(pages.flat()).to.deep.equal(Array.from({ length: 25 }, (_, i) => `p${24 - i}`));
    const err = await store.pageByPatient(KEY, { limit: 5, cursor: '../../etc' }).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidCursorError);
    await store.close();
  });

  it('reads a trail in the old single-file format, torn last line included, and appends after it', async () => {
    const old = ['a', 'b', 'c'].map((id) => JSON.stringify(event(id))).join('\n');
    writeFileSync(join(dir, 'audit.jsonl'), `${old}\n{"resourceType":"Audit`);
    const store = await FileAuditStore.open(dir);
    expect((await store.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(['c', 'b', 'a']);
    await store.append(event('d'));
    await store.close();
    expect(segments(dir, '')).to.include.members(['segment-000000000000.jsonl', 'segment-000000000000.idx', 'segment-000000000001.jsonl']);
    const reopened = await FileAuditStore.open(dir);
    expect((await reopened.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(['d', 'c', 'b', 'a']);
    await reopened.close();
  });

  it('rebuilds the index of a closed segment whose index was lost, and cuts a torn line off the open one', async () => {
    const store = await FileAuditStore.open(dir, { segmentBytes: 4 * 1024 });
    for (let i = 0; i < 12; i++) await store.append(event(`x${i}`));
    await store.close();
    const [firstIndex] = segments(dir, '.idx');
    rmSync(join(dir, firstIndex as string));
    const open = segments(dir, '.jsonl').at(-1) as string;
    appendFileSync(join(dir, open), '{"resourceType":"Aud');
    const reopened = await FileAuditStore.open(dir, { segmentBytes: 4 * 1024 });
    expect((await reopened.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(Array.from({ length: 12 }, (_, i) => `x${11 - i}`));
    expect(readFileSync(join(dir, open), 'utf8').endsWith('\n') || readFileSync(join(dir, open), 'utf8') === '').to.equal(true);
    await reopened.close();
  });

  it('deletes closed segments whose last record is older than the retention, never the open one', async () => {
    const store = await FileAuditStore.open(dir, { segmentBytes: 4 * 1024 });
    for (let i = 0; i < 12; i++) await store.append(event(`y${i}`));
    await store.close();
    const closed = segments(dir, '.idx').map((n) => n.replace('.idx', '.jsonl'));
    const old = new Date('2020-01-01T00:00:00Z');
    for (const name of closed.slice(0, 2)) utimesSync(join(dir, name), old, old);
    const reopened = await FileAuditStore.open(dir, { segmentBytes: 4 * 1024, retentionDays: 365 });
    expect(segments(dir, '.jsonl')).to.not.include.members(closed.slice(0, 2));
    expect(segments(dir, '.idx')).to.have.length(closed.length - 2);
    const left = (await reopened.findByPatient(KEY)).map((e) => e.id);
    expect(left[0]).to.equal('y11');
    expect(left.length).to.be.lessThan(12);
    await reopened.close();
  });

  it('merges each complete group of 64 closed segments into one index, so a lookup reads far fewer index ranges than segments', async () => {
    const store = await FileAuditStore.open(dir, { segmentBytes: 2048 });
    for (let i = 0; i < 150; i++) await store.append(event(`g${i}`, i % 5 === 0 ? OTHER_PATIENT_ID : PATIENT_ID));
    await store.close();
    expect(segments(dir, '.idx')).to.include('group-000000000000.idx');
    const closedSegments = segments(dir, '.jsonl').length - 1;
    expect(closedSegments).to.be.greaterThan(64);

    const reopened = await FileAuditStore.open(dir, { segmentBytes: 2048 });
    const proto = await fileHandlePrototype(dir);
    const originalRead = proto.read as (...args: unknown[]) => Promise<unknown>;
    let reads = 0;
    proto.read = function (this: unknown, ...args: unknown[]) { reads += 1; return originalRead.apply(this, args); };
    let nobody: readonly unknown[];
    try {
      nobody = await reopened.findByPatient(cxKey({ id: '24056812345', assigningAuthority: PATIENT_ID.assigningAuthority }));
    } finally {
      proto.read = originalRead;
    }
    expect(nobody).to.deep.equal([]);
    // three small reads per index looked up: one group for 63 segments, one index each for the rest
    expect(reads, 'index reads for a patient without records').to.be.at.most(3 * (1 + closedSegments - 63));
    const mine = Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 5 !== 0).map((i) => `g${i}`).reverse();
    expect((await reopened.findByPatient(KEY)).map((e) => e.id)).to.deep.equal(mine);
    expect((await allPages(reopened, 11)).flat()).to.deep.equal(mine);
    await reopened.close();
  });

  it('deletes a group\'s index once retention has deleted all of its segments', async () => {
    const store = await FileAuditStore.open(dir, { segmentBytes: 2048 });
    for (let i = 0; i < 140; i++) await store.append(event(`h${i}`));
    await store.close();
    const old = new Date('2020-01-01T00:00:00Z');
    for (const name of segments(dir, '.jsonl')) if (name <= 'segment-000000000063.jsonl') utimesSync(join(dir, name), old, old);
    const reopened = await FileAuditStore.open(dir, { segmentBytes: 2048, retentionDays: 30 });
    expect(segments(dir, '.idx')).to.not.include('group-000000000000.idx');
    const left = (await reopened.findByPatient(KEY)).map((e) => e.id);
    expect(left[0]).to.equal('h139');
    expect(left.length).to.be.within(1, 139);
    await reopened.close();
  });
});

describe('The file audit store: start-up with a large trail', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'audit-big-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads only the open segment and the file names at start, whatever the size of the trail, and keeps its memory flat', async () => {
    const segmentBytes = 1024 * 1024;
    // 120 MB of records in full segments (no index yet, as after a crash), then 40 records open.
    const template = JSON.stringify(event('t'));
    let seq = 1;
    for (; seq <= 120; seq++) {
      const lines: string[] = [];
      for (let size = 0, i = 0; size < segmentBytes; i++) {
        const line = template.replace('"id":"t"', `"id":"s${seq}-${i}"`).replaceAll(PATIENT_ID.id, String(10_000_000_000 + i));
        lines.push(line);
        size += line.length + 1;
      }
      writeFileSync(join(dir, `segment-${String(seq).padStart(12, '0')}.jsonl`), `${lines.join('\n')}\n`);
    }
    const first = await FileAuditStore.open(dir, { segmentBytes });
    for (let i = 0; i < 40; i++) await first.append(event(`open${i}`));
    await first.close();
    expect(segments(dir, '.idx').filter((n) => n.startsWith('segment-'))).to.have.length(120);
    expect(segments(dir, '.idx')).to.include('group-000000000000.idx');

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const proto = await fileHandlePrototype(dir);
    const originalRead = proto.read as (...args: unknown[]) => Promise<{ bytesRead: number }>;
    let bytesRead = 0;
    proto.read = async function (this: unknown, ...args: unknown[]) {
      const r = await originalRead.apply(this, args);
      bytesRead += r.bytesRead;
      return r;
    };
    let store: FileAuditStore;
    try {
      store = await FileAuditStore.open(dir, { segmentBytes });
    } finally {
      proto.read = originalRead;
    }
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(bytesRead, 'bytes read at start').to.be.below(64 * 1024);
    expect(heapGrowth, 'heap growth at start').to.be.below(16 * 1024 * 1024);
    const page = await store.pageByPatient(KEY, { limit: 50 });
    expect(page.events.map((e) => e.id).slice(0, 2)).to.deep.equal(['open39', 'open38']);
    expect(page.events).to.have.length(40);
    const someone = await store.findByPatient(cxKey({ id: String(10_000_000_000 + 5), assigningAuthority: PATIENT_ID.assigningAuthority }));
    expect(someone.map((e) => e.id)).to.have.length(120);
    expect(someone[0]?.id).to.equal('s120-5');
    await store.close();
  });
});
