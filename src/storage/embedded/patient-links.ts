/**
 * The embedded patient identity cross-reference (storage/ports.ts PatientIdentityStore): links
 * held in memory, and with a directory also in an append-only file of framed JSON records
 * (`<dir>/patients/links.log`, framing.ts), replayed at open. Each change is one record, written
 * and fdatasync'ed before it is applied, so an acknowledged link survives a crash and a torn
 * record is dropped whole. Changes are serialised; reads never wait for the disk.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cxKey, type Cx } from '../../domain/datatypes.js';
import type { PatientIdentity } from '../../domain/patient-identity.js';
import type { Logger } from '../../logging/logger.js';
import type { PatientIdentityStore } from '../ports.js';
import { AppendLog } from './append-log.js';
import { frame } from './framing.js';

type Change = { readonly op: 'link'; readonly national: Cx; readonly locals: readonly Cx[] } | { readonly op: 'unlink'; readonly locals: readonly Cx[] };

const plain = (cx: Cx): Cx => ({ id: cx.id, assigningAuthority: cx.assigningAuthority });

export class EmbeddedPatientLinks implements PatientIdentityStore {
  /** local key → the local id and the national id it is linked to. */
  private readonly byLocal = new Map<string, { readonly local: Cx; readonly national: Cx }>();
  /** national key → the keys of its local ids. */
  private readonly byNational = new Map<string, Set<string>>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly file: AppendLog | undefined) {}

  /**
   * @param opts - dir: the storage directory (nothing is kept without one); log: for a dropped torn tail
   * @returns the store with the links of earlier runs
   */
  static async open(opts: { dir?: string; log: Logger }): Promise<EmbeddedPatientLinks> {
    if (opts.dir === undefined) return new EmbeddedPatientLinks(undefined);
    const dir = join(opts.dir, 'patients');
    await mkdir(dir, { recursive: true });
    const changes: Change[] = [];
    const file = await AppendLog.open(join(dir, 'links.log'), 0, (payload) => { changes.push(JSON.parse(payload.toString('utf8')) as Change); }, opts.log);
    const store = new EmbeddedPatientLinks(file);
    for (const c of changes) store.apply(c);
    return store;
  }

  link(nationalId: Cx, localIds: readonly Cx[]): Promise<void> {
    return this.change({ op: 'link', national: plain(nationalId), locals: localIds.map(plain) });
  }

  unlink(localIds: readonly Cx[]): Promise<void> {
    return this.change({ op: 'unlink', locals: localIds.map(plain) });
  }

  async resolve(id: Cx): Promise<PatientIdentity | undefined> {
    const key = cxKey(id);
    const national = this.byLocal.get(key)?.national ?? (this.byNational.has(key) ? plain(id) : undefined);
    if (!national) return undefined;
    const locals = [...this.byNational.get(cxKey(national)) ?? []].flatMap((k) => {
      const l = this.byLocal.get(k);
      return l ? [l.local] : [];
    });
    return { nationalId: national, localIds: locals };
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.file?.close();
  }

  /** Writes the change (when kept on disk), then applies it; one change at a time. */
  private change(c: Change): Promise<void> {
    const run = this.queue.catch(() => undefined).then(async () => {
      if (this.file) await this.file.append(frame([Buffer.from(JSON.stringify(c), 'utf8')]));
      this.apply(c);
    });
    this.queue = run;
    return run;
  }

  private apply(c: Change): void {
    for (const local of c.locals) this.remove(cxKey(local));
    if (c.op === 'unlink') return;
    const nationalKey = cxKey(c.national);
    const set = this.byNational.get(nationalKey) ?? new Set<string>();
    this.byNational.set(nationalKey, set);
    for (const local of c.locals) {
      const key = cxKey(local);
      if (key === nationalKey) continue;
      this.byLocal.set(key, { local, national: c.national });
      set.add(key);
    }
  }

  private remove(localKey: string): void {
    const before = this.byLocal.get(localKey);
    if (!before) return;
    this.byLocal.delete(localKey);
    const nationalKey = cxKey(before.national);
    const set = this.byNational.get(nationalKey);
    set?.delete(localKey);
    if (set?.size === 0) this.byNational.delete(nationalKey);
  }
}
