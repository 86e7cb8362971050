import { expect } from 'chai';
import { testNow } from '../../support/saml-signer.js';
import { TEST_USER, signedEnvelope } from '../../support/saml-tickets.js';
import { refusal, verifyEnvelope } from '../../support/xua-harness.js';

/**
 * Signature-wrapping (XSW) variants: each would make a naive verifier read an attacker's
 * assertion while the signature check passes on the genuine one (house-style.md Part C F4).
 */
describe('XUA ticket validation: signature wrapping', () => {
  const now = testNow();
  const ASSERTION = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/;
  const SIGNATURE = /<ds:Signature[\s\S]*<\/ds:Signature>/;

  /** The signed envelope, its assertion text, and an unsigned evil copy naming another user. */
  function parts(): { xml: string; signed: string; evil: (id?: string) => string } {
    const { xml } = signedEnvelope({ now });
    const signed = ASSERTION.exec(xml)?.[0] ?? '';
    const evil = (id = '_evil'): string => signed.replace(SIGNATURE, '').replace(/ID="[^"]*"/, `ID="${id}"`)
      .replace(`>${TEST_USER}<`, '>99999999999<');
    return { xml, signed, evil };
  }
  const expectWrapped = (xml: string, reason: RegExp): void => {
    const r = refusal(verifyEnvelope(xml, now));
    expect(r.faultCode, r.reason).to.equal('wsse:InvalidSecurityToken');
    expect(r.reason).to.match(reason);
  };

  it('refuses an unsigned evil assertion placed before the signed one', () => {
    const { xml, signed, evil } = parts();
    expectWrapped(xml.replace(signed, evil() + signed), /2 Assertion elements/);
  });

  it('refuses an evil assertion that wraps the signed one in its Advice', () => {
    const { xml, signed, evil } = parts();
    const wrapper = evil().replace('</saml2:Subject>', `</saml2:Subject><saml2:Advice>${signed}</saml2:Advice>`);
    expectWrapped(xml.replace(signed, wrapper), /2 Assertion elements/);
  });

  it('refuses an evil copy with the same ID hidden in the Body', () => {
    const { xml, signed, evil } = parts();
    const id = /ID="([^"]*)"/.exec(signed)?.[1];
    expectWrapped(xml.replace('<s:Body>', `<s:Body>${evil(id)}`), /2 Assertion elements/);
  });

  it('refuses a signature moved into an evil assertion while the signed one goes to the Body', () => {
    const { xml, signed, evil } = parts();
    const signature = SIGNATURE.exec(signed)?.[0] ?? '';
    const evilSigned = evil().replace('</saml2:Issuer>', `</saml2:Issuer>${signature}`);
    const moved = xml.replace(signed, evilSigned).replace('<s:Body>', `<s:Body>${signed}`);
    expectWrapped(moved, /2 Assertion elements/);
  });

  it('refuses a signed assertion that is not in wsse:Security when XUA is required', () => {
    const { xml, signed } = parts();
    const r = refusal(verifyEnvelope(xml.replace(signed, '').replace('<s:Body>', `<s:Body>${signed}`), now));
    expect(r.faultCode).to.equal('wsse:SecurityTokenUnavailable');
  });

  it('refuses a Signature that is not a direct child of the Assertion', () => {
    const { xml } = parts();
    const nested = xml.replace(SIGNATURE, (s) => `<saml2:Advice>${s}</saml2:Advice>`);
    expectWrapped(nested, /not a direct child of the Assertion/);
  });

  it('refuses a reference that points elsewhere than the Assertion', () => {
    const { xml } = parts();
    expectWrapped(xml.replace(/<ds:Reference URI="[^"]*"/, '<ds:Reference URI="#TS-1"'), /references #TS-1, not the Assertion/);
  });

  it('refuses an Assertion whose ID was changed so the reference no longer names it', () => {
    const { xml } = parts();
    expectWrapped(xml.replace(/(<saml2:Assertion[^>]*?)ID="[^"]*"/, '$1ID="_other"'), /not the Assertion #_other/);
  });

  it('refuses a signature with a second reference', () => {
    const { xml } = parts();
    const twice = xml.replace(/<ds:Reference[\s\S]*<\/ds:Reference>/, (r) => r + r);
    expectWrapped(twice, /2 references/);
  });

  it('refuses two signatures inside the assertion', () => {
    const { xml } = parts();
    expectWrapped(xml.replace(SIGNATURE, (s) => s + s), /2 signatures/);
  });

  it('reads only the signed assertion when a comment after it imitates its end tag', () => {
    const { xml, signed } = parts();
    const v = verifyEnvelope(xml.replace(signed, `${signed}<!-- </saml2:Assertion><saml2:NameID>99999999999</saml2:NameID> -->`), now);
    expect(v.ok && v.context.subjectId).to.equal(TEST_USER);
  });

  it('refuses a second copy of the assertion hidden in a CDATA section', () => {
    const { xml, signed } = parts();
    expectWrapped(xml.replace('<s:Body>', `<s:Body><![CDATA[${signed}]]>`), /2 Assertion elements/);
  });
});
