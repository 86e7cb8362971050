import { expect } from 'chai';
import { timedStore } from '../../../src/storage/timed.js';

/** A store with private state, as the adapters have: the timed view must call it on the store itself. */
class Store {
  #calls = 0;
  async find(x: number): Promise<number> { this.#calls++; return x * 2; }
  async fail(): Promise<void> { throw new Error('away'); }
  count(): number { return this.#calls; }
}

describe('timedStore', () => {
  it('times each asynchronous call, ok or failed, and keeps results, errors and the store\'s private state', async () => {
    const seen: [string, boolean][] = [];
    const store = timedStore(new Store(), (op, seconds, failed) => {
      expect(seconds).to.be.at.least(0);
      seen.push([op, failed]);
    });
    expect(await store.find(21)).to.equal(42);
    await store.fail().then(() => expect.fail('should reject'), (e: Error) => expect(e.message).to.equal('away'));
    expect(store.count(), 'synchronous calls pass through, untimed').to.equal(1);
    expect(store).to.be.instanceOf(Store);
    expect(seen).to.deep.equal([['find', false], ['fail', true]]);
  });
});
