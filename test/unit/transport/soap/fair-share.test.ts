import { expect } from 'chai';
import { FairShare } from '../../../../src/transport/soap/fair-share.js';

describe('FairShare', () => {
  it('lets a lone request go on at the next turn, and pauses it four times its turn while others are in flight', async () => {
    const fair = new FairShare();
    const leaveA = fair.enter();
    let t0 = performance.now();
    await fair.giveWay(20);
    expect(performance.now() - t0, 'alone').to.be.below(15);
    const leaveB = fair.enter();
    t0 = performance.now();
    await fair.giveWay(20);
    expect(performance.now() - t0, 'with another request in flight').to.be.at.least(79);
    leaveB();
    leaveB();
    t0 = performance.now();
    await fair.giveWay(20);
    expect(performance.now() - t0, 'leaving twice counts once').to.be.below(15);
    leaveA();
  });
});
