import { expect } from 'chai';
import { testNow } from '../../support/saml-signer.js';
import { signedEnvelope } from '../../support/saml-tickets.js';
import { acceptance, refusal, verifyEnvelope, xuaTestSettings } from '../../support/xua-harness.js';
import { ExpiringLru, ReplayCache } from '../../../src/transport/security/caches.js';

/** Replay protection by assertion ID as docs/access-policy.md defines it. */
describe('XUA ticket validation: replay protection', () => {
  const now = testNow();
  const later = (s: number): Date => new Date(now.getTime() + s * 1000);

  it('accepts the same ticket again and again during its validity', () => {
    const settings = xuaTestSettings();
    const { xml } = signedEnvelope({ now });
    for (const t of [0, 60, 600]) acceptance(verifyEnvelope(xml, later(t), settings));
  });

  it('refuses a replayed assertion id that comes with different content and signature', () => {
    const settings = xuaTestSettings();
    const first = signedEnvelope({ now, id: '_replayed-id', purposes: ['TREAT'] });
    const second = signedEnvelope({ now, id: '_replayed-id', purposes: ['ETREAT'] });
    acceptance(verifyEnvelope(first.xml, now, settings));
    const r = refusal(verifyEnvelope(second.xml, later(5), settings));
    expect(r.faultCode).to.equal('wsse:FailedAuthentication');
    expect(r.reason).to.match(/replayed assertion: assertion ID _replayed-id was already presented with a different signature/);
  });

  it('accepts a OneTimeUse ticket once and refuses its second use', () => {
    const settings = xuaTestSettings();
    const { xml } = signedEnvelope({ now, oneTimeUse: true });
    acceptance(verifyEnvelope(xml, now, settings));
    const r = refusal(verifyEnvelope(xml, later(1), settings));
    expect(r.faultCode).to.equal('wsse:FailedAuthentication');
    expect(r.reason).to.match(/OneTimeUse and was already used/);
  });

  it('does not let a forged ticket under a real ID block the real ticket', () => {
    const settings = xuaTestSettings();
    const real = signedEnvelope({ now, id: '_victim' });
    const forged = real.xml.replace('RANDABERG KOMMUNE', 'ANNEN KOMMUNE');
    refusal(verifyEnvelope(forged, now, settings));
    acceptance(verifyEnvelope(real.xml, later(1), settings));
  });

  it('forgets an assertion id once its ticket has expired', () => {
    const cache = new ReplayCache(10);
    expect(cache.use('_a', 'sig1', true, 1000, 0)).to.equal(undefined);
    expect(cache.use('_a', 'sig1', true, 1000, 500)).to.match(/OneTimeUse/);
    expect(cache.use('_a', 'sig2', false, 3000, 1000)).to.equal(undefined);
  });

  it('keeps the caches bounded by dropping the least recently used entry', () => {
    const lru = new ExpiringLru<number>(2);
    lru.set('a', 1, 10_000, 0);
    lru.set('b', 2, 10_000, 0);
    lru.get('a', 1);
    lru.set('c', 3, 10_000, 2);
    expect([lru.get('a', 3), lru.get('b', 3), lru.get('c', 3), lru.size]).to.deep.equal([1, undefined, 3, 2]);
  });
});
