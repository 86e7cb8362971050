import { expect } from 'chai';
import { testKeys, testNow, verifyWithXmlsec } from '../../support/saml-signer.js';
import { FNR_OID, TEST_PATIENT, TEST_USER, envelope, signedEnvelope } from '../../support/saml-tickets.js';
import { acceptance, refusal, securityHeaderOf, verifyEnvelope, xuaTestSettings } from '../../support/xua-harness.js';
import { verifySamlTicket } from '../../../src/transport/security/saml.js';

describe('XUA ticket validation: valid tickets (ITI-40)', () => {
  const now = testNow();

  it('accepts an xmlsec1-signed ticket inside a SOAP envelope whose prefixes are declared on the Envelope', () => {
    const { xml, id } = signedEnvelope({ now, inheritNamespaces: true });
    expect(verifyWithXmlsec(xml, testKeys().trusted.certPath), 'xmlsec1 itself accepts it').to.equal(true);
    const { context } = acceptance(verifyEnvelope(xml, now));
    expect(context).to.include({ kind: 'health-personnel', tokenType: 'saml', subjectId: TEST_USER, hprNumber: '565501872', assertionId: id });
    expect(context.patientId).to.include({ id: TEST_PATIENT, assigningAuthority: FNR_OID });
    expect(context.purposeOfUse?.code).to.equal('TREAT');
    expect(context.role?.code).to.equal('LE');
  });

  it('accepts a ticket whose assertion declares its own namespaces', () => {
    const { xml } = signedEnvelope({ now });
    expect(acceptance(verifyEnvelope(xml, now)).context.organizationId).to.equal('964979383');
  });

  it('reads the Norwegian trust-framework attributes into the principal', () => {
    const { context } = acceptance(verifyEnvelope(signedEnvelope({ now }).xml, now));
    expect(context).to.include({
      organizationName: 'RANDABERG KOMMUNE', childOrganizationId: '974600951', childOrganizationName: 'RANDABERG SYKEHJEM',
      decisionReference: '9b2c1f3e-6a7d-4c8e-b1a2-3d4e5f607182', decisionUserSelected: true,
      homeCommunityId: 'urn:oid:2.16.578.1.12.4.1.7.1.1', providerId: '2.16.578.1.12.4.1.4.4^565501872',
      issuer: 'https://helseid-xdssaml.test.nhn.no', ticketVersion: 'hybrid',
    });
    expect(context.facility).to.deep.equal({ code: '4208723', codingScheme: '2.16.578.1.12.4.1.4.102' });
    expect(context.healthcareService?.code).to.equal('KP01');
  });

  it('passes a consent (ACP) ticket and carries the ACP and BPPC codes', () => {
    const { xml } = signedEnvelope({ now, acp: 'urn:oid:2.16.578.1.12.4.1.7.2.1.5', bppc: 'urn:oid:2.16.578.1.12.4.1.7.2.2.1' });
    const { context } = acceptance(verifyEnvelope(xml, now));
    expect(context.acpCodes).to.deep.equal(['2.16.578.1.12.4.1.7.2.1.5']);
    expect(context.bppcDocIds).to.deep.equal(['2.16.578.1.12.4.1.7.2.2.1']);
  });

  it('accepts a ticket within the clock skew after NotOnOrAfter', () => {
    const { xml } = signedEnvelope({ now, notOnOrAfterOffset: -60 });
    acceptance(verifyEnvelope(xml, now, xuaTestSettings({ clockSkewSeconds: 120 })));
  });

  it('serves a repeated ticket from the cache and still checks its validity period every time', () => {
    const settings = xuaTestSettings();
    const { xml } = signedEnvelope({ now });
    expect(acceptance(verifyEnvelope(xml, now, settings)).cached).to.equal(false);
    expect(acceptance(verifyEnvelope(xml, new Date(now.getTime() + 1000), settings)).cached).to.equal(true);
    const later = new Date(now.getTime() + 2 * 3600_000);
    expect(refusal(verifyEnvelope(xml, later, settings)).reason).to.match(/expired/);
  });

  it('lets EPJ systems reuse one ticket in many requests with new envelopes and timestamps', () => {
    const settings = xuaTestSettings();
    const first = signedEnvelope({ now });
    const assertion = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(first.xml)?.[0] ?? '';
    const later = new Date(now.getTime() + 20 * 60_000);
    acceptance(verifyEnvelope(first.xml, now, settings));
    const { context } = acceptance(verifyEnvelope(envelope(assertion, { now: later }), later, settings));
    expect(context.assertionId).to.equal(first.id);
  });

  it('finds the end of the assertion even when a later element starts with the same name', () => {
    const ref = '<saml2:AssertionIDRef xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">_x</saml2:AssertionIDRef>';
    const { xml } = signedEnvelope({ now });
    acceptance(verifyEnvelope(xml.replace('</s:Body>', `${ref}</s:Body>`), now));
  });

  it('lets a request without a ticket through as anonymous when XUA is optional', () => {
    const env = signedEnvelope({ now }).xml.replace(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/, '');
    const v = acceptance(verifyEnvelope(env, now, xuaTestSettings({ mode: 'optional' })));
    expect(v.context.kind).to.equal('anonymous');
  });

  it('does not look at the ticket at all when XUA is off', () => {
    const v = verifySamlTicket(securityHeaderOf(signedEnvelope({ now }).xml), 'not even xml', xuaTestSettings({ mode: 'off' }), now);
    expect(acceptance(v).context.kind).to.equal('anonymous');
  });
});
