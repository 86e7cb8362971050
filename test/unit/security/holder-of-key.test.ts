import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKeys, testNow, type TestKeyPair } from '../../support/saml-signer.js';
import { holderOfKeyEnvelope } from '../../support/saml-tickets.js';
import { acceptance, refusal, verifyEnvelope, xuaTestSettings } from '../../support/xua-harness.js';
import { authenticateHttp } from '../../../src/transport/security/http-auth.js';
import { createJwtSettings } from '../../../src/transport/security/jwt.js';

/**
 * Holder-of-key tickets (SAML 2.0 profiles §3.1, WS-Security SAML Token Profile 1.1 §3.5): the
 * request must carry a signature by the confirmation key over its Body and wsu:Timestamp.
 * Tickets signed by the test IdP and messages signed by xmlsec1. docs/access-policy.md §1.
 */
describe('XUA: holder-of-key confirmation', function () {
  this.timeout(30_000);
  const now = testNow();
  const { trusted, untrusted } = testKeys();
  // the holder is the "untrusted" key pair: a key that the ticket, not the trust store, vouches for
  const holder = untrusted;
  const o = { now, holderCertPem: holder.certPem };

  it('accepts a holder-of-key ticket when the message is signed over Body and Timestamp by the holder\'s key', () => {
    const v = acceptance(verifyEnvelope(holderOfKeyEnvelope(o, holder), now, xuaTestSettings()));
    expect(v.context.subjectId).to.be.a('string');
  });

  it('refuses a holder-of-key ticket sent without a message signature (a stolen ticket)', () => {
    const v = refusal(verifyEnvelope(holderOfKeyEnvelope(o, null), now, xuaTestSettings()));
    expect(v.faultCode).to.equal('wsse:FailedAuthentication');
    expect(v.reason).to.contain('no signature by the holder\'s key');
  });

  it('refuses a message signed by another key than the ticket names', () => {
    const v = refusal(verifyEnvelope(holderOfKeyEnvelope(o, trusted), now, xuaTestSettings()));
    expect(v.reason).to.contain('not signed over its Body');
  });

  it('refuses a message whose signature leaves the Body or the Timestamp out', () => {
    expect(refusal(verifyEnvelope(holderOfKeyEnvelope(o, holder, ['TS-1']), now, xuaTestSettings())).reason).to.contain('not signed over its Body');
    expect(refusal(verifyEnvelope(holderOfKeyEnvelope(o, holder, ['body-1']), now, xuaTestSettings())).reason).to.contain('not signed over its Body');
  });

  it('refuses a message whose Body was changed after the holder signed it', () => {
    const signed = holderOfKeyEnvelope(o, holder);
    const altered = signed.replace('returnType="LeafClass"', 'returnType="ObjectRef"');
    expect(altered).to.not.equal(signed);
    expect(refusal(verifyEnvelope(altered, now, xuaTestSettings())).reason).to.contain('not signed over its Body');
  });

  it('refuses a holder-of-key ticket once the holder certificate has expired, even from the cache', () => {
    // a holder certificate of one day, so that it expires before the IdP's (three days)
    const dir = mkdtempSync(join(tmpdir(), 'xua-holder-'));
    const shortLived: TestKeyPair = { keyPath: join(dir, 'k.pem'), certPath: join(dir, 'c.pem'), certPem: '' };
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', shortLived.keyPath, '-out', shortLived.certPath,
      '-days', '1', '-subj', '/O=Test/CN=short-lived-holder'], { stdio: 'pipe' });
    const pair = { ...shortLived, certPem: readFileSync(shortLived.certPath, 'utf8') };
    const settings = xuaTestSettings({ clockSkewSeconds: 10 * 24 * 3600 });
    // openssl cannot back-date: the certificate is valid from its making on
    const at = new Date(Date.now() + 1000);
    const xml = holderOfKeyEnvelope({ now: at, holderCertPem: pair.certPem, notOnOrAfterOffset: 30 * 24 * 3600 }, pair);
    rmSync(dir, { recursive: true, force: true });
    acceptance(verifyEnvelope(xml, at, settings));
    const later = new Date(at.getTime() + 2 * 24 * 3600 * 1000);
    expect(refusal(verifyEnvelope(xml, later, settings)).failures.join('; ')).to.contain('holder-of-key certificate is outside its validity period');
  });

  it('refuses a holder-of-key ticket in an Authorization: SAML header, where no message proves the key', () => {
    const assertion = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(holderOfKeyEnvelope(o, holder))?.[0] ?? '';
    const v = authenticateHttp({ authorization: `SAML ${Buffer.from(assertion).toString('base64')}`, method: 'GET', url: 'https://gw.example/fhir/AuditEvent' },
      { xua: xuaTestSettings(), jwt: createJwtSettings({ keys: [] }) }, now);
    expect(v.ok).to.equal(false);
    expect(v.ok ? '' : v.reason).to.contain('accepted only in a SOAP message');
  });
});
