import { expect } from 'chai';
import type { Cx } from '../../src/domain/datatypes.js';
import type { PatientIdentity } from '../../src/domain/patient-identity.js';
import type { PatientIdentityStore } from '../../src/storage/ports.js';
import { newPatient } from './contract-builders.js';

/** A store under test, and how to open it again on the same data and to clean up. */
export interface PatientIdentityFixture {
  readonly store: PatientIdentityStore;
  readonly reopen?: () => Promise<PatientIdentityStore>;
  readonly cleanup: () => Promise<void>;
}

let seq = 0;
/** A community-local id under a hospital's own OID. */
const localId = (oid = '2.999.55.1'): Cx => ({ id: `L${Date.now()}${++seq}`, assigningAuthority: oid });
const sorted = (p: PatientIdentity | undefined) => p && { ...p, localIds: [...p.localIds].sort((a, b) => a.id.localeCompare(b.id)) };

/**
 * The PatientIdentityStore contract (storage/ports.ts), run against every adapter: embedded in
 * memory and on disk always, MongoDB when MONGODB_URL is set.
 */
export function patientIdentityContract(name: string, open: () => Promise<PatientIdentityFixture>, options: { persistent?: boolean } = {}): void {
  describe(`PatientIdentityStore contract: ${name}`, function () {
    let fx: PatientIdentityFixture;
    let store: PatientIdentityStore;
    beforeEach(async () => { fx = await open(); store = fx.store; });
    afterEach(async () => { await store.close?.(); await fx.cleanup(); });

    it('resolves a national id and each of its local ids to the same person', async () => {
      const national = newPatient();
      const a = localId('2.999.55.1'); const b = localId('2.999.55.2');
      await store.link(national, [a, b]);
      const expected = sorted({ nationalId: national, localIds: [a, b] });
      for (const id of [national, a, b]) expect(sorted(await store.resolve(id)), id.id).to.deep.equal(expected);
    });

    it('knows nothing of an id that no link names', async () => {
      expect(await store.resolve(newPatient())).to.equal(undefined);
      expect(await store.resolve(localId())).to.equal(undefined);
    });

    it('adds local ids to a person, and moves a local id linked to another person before', async () => {
      const first = newPatient(); const second = newPatient();
      const a = localId(); const b = localId();
      await store.link(first, [a]);
      await store.link(first, [b]);
      expect(sorted(await store.resolve(first))?.localIds).to.deep.equal(sorted({ nationalId: first, localIds: [a, b] })!.localIds);
      await store.link(second, [a]);
      expect(await store.resolve(a)).to.deep.equal({ nationalId: second, localIds: [a] });
      expect(await store.resolve(first)).to.deep.equal({ nationalId: first, localIds: [b] });
    });

    it('forgets unlinked local ids, and the person with the last of them', async () => {
      const national = newPatient(); const a = localId();
      await store.link(national, [a]);
      await store.unlink([a, localId()]);
      expect(await store.resolve(a)).to.equal(undefined);
      expect(await store.resolve(national)).to.equal(undefined);
    });

    it('keeps only the id and assigning authority of what it is given, and never links an id to itself', async () => {
      const national = newPatient(); const a: Cx = { ...localId(), universalIdType: 'ISO', namespaceId: 'X' };
      await store.link(national, [a, national]);
      expect(await store.resolve(national)).to.deep.equal({ nationalId: national, localIds: [{ id: a.id, assigningAuthority: a.assigningAuthority }] });
    });

    if (options.persistent !== false) it('keeps links, moves and removals across a reopen', async () => {
      if (!fx.reopen) throw new Error('a persistent store under test must offer reopen');
      const p1 = newPatient(); const p2 = newPatient(); const a = localId(); const b = localId(); const c = localId();
      await store.link(p1, [a, b]);
      await store.link(p2, [b]);
      await store.link(p2, [c]);
      await store.unlink([c]);
      await store.close?.();
      store = await fx.reopen();
      expect(await store.resolve(p1)).to.deep.equal({ nationalId: p1, localIds: [a] });
      expect(await store.resolve(b)).to.deep.equal({ nationalId: p2, localIds: [b] });
      expect(await store.resolve(c)).to.equal(undefined);
    });
  });
}
