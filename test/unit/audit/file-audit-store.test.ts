import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATIENT_ID } from '../../support/builders.js';
import { buildAuditEvent } from '../../../src/audit/audit-event.js';
import { FileAuditStore } from '../../../src/audit/file-audit-store.js';
import { cxKey } from '../../../src/domain/datatypes.js';
import { ANONYMOUS } from '../../../src/domain/security-context.js';

const event = (id: string) => buildAuditEvent({
  transaction: 'ITI-41', outcome: 'success', recorded: new Date(), security: ANONYMOUS, correlationId: id,
  server: { endpoint: '/services/repository' }, patient: PATIENT_ID,
});

/** The prototype of node's FileHandle, whose methods the store calls; patched to count and to fail. */
async function fileHandlePrototype(dir: string): Promise<Record<string, (...args: unknown[]) => Promise<unknown>>> {
  const fh = await open(join(dir, 'probe'), 'a');
  const proto = Object.getPrototypeOf(fh) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  await fh.close();
  return proto;
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
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(lines).to.have.length(200);
    const reopened = await FileAuditStore.open(dir);
    expect((await reopened.findByPatient(cxKey(PATIENT_ID))).map((e) => e.id).slice(0, 2)).to.deep.equal(['e199', 'e198']);
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
    await store.close();
    const reopened = await FileAuditStore.open(dir);
    expect((await reopened.findByPatient(cxKey(PATIENT_ID))).map((e) => e.id)).to.deep.equal(['after', 'before']);
    await reopened.close();
  });
});
