import { expect } from 'chai';
import { signWithXmlsec, testKeys, testNow } from '../../support/saml-signer.js';
import { assertionTemplate, envelope, signedEnvelope, unsignedEnvelope } from '../../support/saml-tickets.js';
import { refusal, verifyEnvelope, xuaTestSettings } from '../../support/xua-harness.js';

/** The NIST XUA negative matrix (house-style.md A10), each a WS-Security fault with a reason. */
describe('XUA ticket validation: the negative matrix', () => {
  const now = testNow();
  const expectFault = (xml: string, code: string, reason: RegExp, at = now): void => {
    const r = refusal(verifyEnvelope(xml, at));
    expect(r.faultCode, r.reason).to.equal(code);
    expect(r.reason).to.match(reason);
  };

  it('refuses a request without a ticket when XUA is required', () => {
    const env = unsignedEnvelope({ now }).xml.replace(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/, '');
    expectFault(env, 'wsse:SecurityTokenUnavailable', /no SAML assertion/);
  });

  it('refuses a request with no wsse:Security header at all when XUA is required', () => {
    const env = unsignedEnvelope({ now }).xml.replace(/<wsse:Security[\s\S]*<\/wsse:Security>/, '');
    expectFault(env, 'wsse:SecurityTokenUnavailable', /no SAML assertion/);
  });

  it('refuses an unsigned ticket', () => {
    expectFault(unsignedEnvelope({ now }).xml, 'wsse:InvalidSecurityToken', /not signed/);
  });

  it('refuses an unsigned ticket even when XUA is only optional', () => {
    const r = refusal(verifyEnvelope(unsignedEnvelope({ now }).xml, now, xuaTestSettings({ mode: 'optional' })));
    expect(r.faultCode).to.equal('wsse:InvalidSecurityToken');
  });

  it('refuses an expired ticket', () => {
    expectFault(signedEnvelope({ now, notBeforeOffset: -7200, notOnOrAfterOffset: -3600 }).xml, 'wsse:FailedAuthentication', /expired at/);
  });

  it('refuses a ticket that is not yet valid', () => {
    expectFault(signedEnvelope({ now, notBeforeOffset: 900 }).xml, 'wsse:FailedAuthentication', /not valid before/);
  });

  it('refuses a ticket for an unknown audience', () => {
    expectFault(signedEnvelope({ now, audience: 'https://other-gateway.example/' }).xml, 'wsse:FailedAuthentication', /audience https:\/\/other-gateway/);
  });

  it('refuses a ticket without an audience when audiences are configured', () => {
    expectFault(signedEnvelope({ now, audience: null }).xml, 'wsse:FailedAuthentication', /names no audience/);
  });

  it('refuses a ticket from an unknown issuer', () => {
    expectFault(signedEnvelope({ now, issuer: 'https://idp.evil.example' }).xml, 'wsse:FailedAuthentication', /issuer https:\/\/idp.evil.example is not an accepted issuer/);
  });

  it('refuses a ticket whose attribute was altered after signing', () => {
    const tampered = signedEnvelope({ now }).xml.replace('RANDABERG KOMMUNE', 'ANNEN KOMMUNE');
    expectFault(tampered, 'wsse:FailedAuthentication', /digest does not match/);
  });

  it('refuses a ticket whose NotOnOrAfter was extended after signing', () => {
    const { xml } = signedEnvelope({ now, notOnOrAfterOffset: -3600, notBeforeOffset: -7200 });
    const extended = xml.replace(/NotOnOrAfter="[^"]*"/, `NotOnOrAfter="${new Date(now.getTime() + 3600_000).toISOString()}"`);
    expectFault(extended, 'wsse:FailedAuthentication', /does not verify/);
  });

  it('refuses a ticket signed by a key whose certificate is not pinned', () => {
    expectFault(signedEnvelope({ now }, testKeys().untrusted).xml, 'wsse:FailedAuthentication', /not pinned in XUA_TRUST_DIR/);
  });

  it('refuses a ticket signed by an untrusted key that names the pinned certificate in KeyInfo', () => {
    const pinned = testKeys().trusted.certPem.replace(/-----[A-Z ]+-----|\s/g, '');
    const forged = signedEnvelope({ now }, testKeys().untrusted).xml
      .replace(/<ds:X509Certificate>[^<]*<\/ds:X509Certificate>/, `<ds:X509Certificate>${pinned}</ds:X509Certificate>`);
    expectFault(forged, 'wsse:FailedAuthentication', /does not verify/);
  });

  it('refuses a ticket signed by an untrusted key without KeyInfo', () => {
    const bare = signedEnvelope({ now }, testKeys().untrusted).xml.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, '');
    expectFault(bare, 'wsse:FailedAuthentication', /does not verify/);
  });

  it('refuses a ticket with a second purpose of use', () => {
    expectFault(signedEnvelope({ now, purposes: ['TREAT', 'BTG'] }).xml, 'wsse:InvalidSecurityToken', /2 values of purpose of use/);
  });

  it('refuses a ticket whose V1 purpose differs from its V2 purpose', () => {
    const v1Btg = '<saml2:Attribute Name="urn:oasis:names:tc:xspa:1.0:subject:purposeOfUse"><saml2:AttributeValue>'
      + '&lt;Purpose code="BTG" codeSystem="urn:oid:2.16.840.1.113883.1.11.20448"/&gt;</saml2:AttributeValue></saml2:Attribute>';
    expectFault(signedEnvelope({ now, names: 'v2', extraAttributes: v1Btg }).xml, 'wsse:InvalidSecurityToken', /second purpose of use: TREAT .* BTG/);
  });

  it('refuses a ticket with a second role', () => {
    expectFault(signedEnvelope({ now, roles: ['LE', 'SP'] }).xml, 'wsse:InvalidSecurityToken', /2 values of role/);
  });

  it('refuses a ticket with a second AuthnContext', () => {
    const two = ['urn:oasis:names:tc:SAML:2.0:ac:classes:X509', 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'];
    expectFault(signedEnvelope({ now, authnContexts: two }).xml, 'wsse:InvalidSecurityToken', /exactly one AuthnStatement/);
  });

  it('refuses a signed ticket whose Version is not 2.0', () => {
    const { xml } = assertionTemplate({ now });
    const signed = signWithXmlsec(envelope(xml.replace('Version="2.0"', 'Version="20"'), { now }), testKeys().trusted);
    expectFault(signed, 'wsse:InvalidSecurityToken', /Version "20"/);
  });

  it('refuses a request whose wsu:Timestamp has expired', () => {
    expectFault(signedEnvelope({ now, timestamp: { created: -1800, expires: -900 } }).xml, 'wsse:FailedAuthentication', /timestamp expired/);
  });

  it('refuses a ticket whose patient is not a CX', () => {
    expectFault(signedEnvelope({ now, patientCx: '13116900216^^^&ukjent&ISO' }).xml, 'wsse:InvalidSecurityToken', /is not a CX/);
  });

  it('refuses every ticket when no certificate is pinned', () => {
    const r = refusal(verifyEnvelope(signedEnvelope({ now }).xml, now, xuaTestSettings({ trustedCerts: [] })));
    expect(r.faultCode).to.equal('wsse:FailedAuthentication');
    expect(r.reason).to.match(/no certificate is pinned/);
  });
});
